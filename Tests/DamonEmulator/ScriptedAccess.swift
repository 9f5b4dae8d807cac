/// A monitoring region as the script says DAMON saw it.
public struct EmulatedRegion: Equatable, Sendable {
    public var start: UInt64
    public var end: UInt64
    public var nrAccesses: UInt64
    public var age: UInt64
    public var szFilterPassed: UInt64
    /// Hits of each probe of the context (tried_regions/<N>/probes/).
    public var probeHits: [UInt64]

    public init(start: UInt64, end: UInt64, nrAccesses: UInt64, age: UInt64, szFilterPassed: UInt64 = 0,
                probeHits: [UInt64] = []) {
        self.start = start
        self.end = end
        self.nrAccesses = nrAccesses
        self.age = age
        self.szFilterPassed = szFilterPassed
        self.probeHits = probeHits
    }

    public var size: UInt64 { end &- start }
}

/// A scheme's stats counters (cumulative, or one update's increment).
public struct EmulatedSchemeStats: Equatable, Sendable {
    public var nrTried: UInt64 = 0
    public var szTried: UInt64 = 0
    public var nrApplied: UInt64 = 0
    public var szApplied: UInt64 = 0
    public var szOpsFilterPassed: UInt64 = 0
    public var qtExceeds: UInt64 = 0
    public var nrSnapshots: UInt64 = 0

    public init(
        nrTried: UInt64 = 0, szTried: UInt64 = 0, nrApplied: UInt64 = 0, szApplied: UInt64 = 0,
        szOpsFilterPassed: UInt64 = 0, qtExceeds: UInt64 = 0, nrSnapshots: UInt64 = 0
    ) {
        self.nrTried = nrTried
        self.szTried = szTried
        self.nrApplied = nrApplied
        self.szApplied = szApplied
        self.szOpsFilterPassed = szOpsFilterPassed
        self.qtExceeds = qtExceeds
        self.nrSnapshots = nrSnapshots
    }

    static func + (a: Self, b: Self) -> Self {
        Self(nrTried: a.nrTried &+ b.nrTried, szTried: a.szTried &+ b.szTried,
             nrApplied: a.nrApplied &+ b.nrApplied, szApplied: a.szApplied &+ b.szApplied,
             szOpsFilterPassed: a.szOpsFilterPassed &+ b.szOpsFilterPassed,
             qtExceeds: a.qtExceeds &+ b.qtExceeds, nrSnapshots: a.nrSnapshots &+ b.nrSnapshots)
    }

    /// The value of each stats file.
    var files: [String: UInt64] {
        ["nr_tried": nrTried, "sz_tried": szTried, "nr_applied": nrApplied, "sz_applied": szApplied,
         "sz_ops_filter_passed": szOpsFilterPassed, "qt_exceeds": qtExceeds, "nr_snapshots": nrSnapshots]
    }
}

/// Providers get how many updates of the same kind the kdamond has had
/// since `on` (0 for the first), so a script can change over time.
public typealias RegionsProvider = (_ update: Int) -> [EmulatedRegion]
public typealias StatsProvider = (_ update: Int) -> EmulatedSchemeStats

struct SchemeKey: Hashable {
    var kdamond: Int
    var context: Int
    var scheme: Int
}

struct ContextKey: Hashable {
    var kdamond: Int
    var context: Int
}

struct AccessScripts {
    var contextRegions: [ContextKey: RegionsProvider] = [:]
    var schemeRegions: [SchemeKey: RegionsProvider] = [:]
    var statsSteps: [SchemeKey: StatsProvider] = [:]
    var effectiveQuotas: [SchemeKey: UInt64] = [:]
}

extension SysfsEmulator {
    /// The regions a context's monitoring shows; each scheme's tried
    /// regions are those of them that match its access pattern.
    public func setRegions(kdamond: Int = 0, context: Int = 0, _ regions: [EmulatedRegion]) {
        setRegions(kdamond: kdamond, context: context) { _ in regions }
    }

    public func setRegions(kdamond: Int = 0, context: Int = 0, provider: @escaping RegionsProvider) {
        scripts.contextRegions[ContextKey(kdamond: kdamond, context: context)] = provider
    }

    /// Regions for one scheme instead of the context's; still only those
    /// matching the scheme's committed access pattern are shown.
    public func setSchemeRegions(
        kdamond: Int = 0, context: Int = 0, scheme: Int, provider: @escaping RegionsProvider
    ) {
        scripts.schemeRegions[SchemeKey(kdamond: kdamond, context: context, scheme: scheme)] = provider
    }

    /// What each `update_schemes_stats` adds to a scheme's stats.  Without
    /// it, each update adds one snapshot's worth of the scheme's matching
    /// regions: nr/sz_tried, nr/sz_applied (zero for `stat`),
    /// sz_ops_filter_passed and one nr_snapshots.
    public func setStatsStep(
        kdamond: Int = 0, context: Int = 0, scheme: Int, provider: @escaping StatsProvider
    ) {
        scripts.statsSteps[SchemeKey(kdamond: kdamond, context: context, scheme: scheme)] = provider
    }

    /// What `update_schemes_effective_quotas` shows for a scheme (default:
    /// its committed `quotas/bytes`).
    public func setEffectiveQuota(kdamond: Int = 0, context: Int = 0, scheme: Int, bytes: UInt64) {
        scripts.effectiveQuotas[SchemeKey(kdamond: kdamond, context: context, scheme: scheme)] = bytes
    }

    /// The scripted regions a committed scheme has tried.
    func triedRegions(kdamond k: Int, scheme index: Int, _ scheme: CommittedScheme, update: Int) -> [EmulatedRegion] {
        let key = SchemeKey(kdamond: k, context: 0, scheme: index)
        let provider = scripts.schemeRegions[key] ?? scripts.contextRegions[ContextKey(kdamond: k, context: 0)]
        return (provider?(update) ?? []).filter(scheme.matches).flatMap(scheme.tried)
    }

    func updateStats(_ kdamond: Node, _ rt: inout KdamondRuntime, kdamond k: Int) {
        guard let ctx = rt.committed else { return }
        for (i, scheme) in ctx.schemes.enumerated() {
            let key = SchemeKey(kdamond: k, context: 0, scheme: i)
            let step: EmulatedSchemeStats
            if let provider = scripts.statsSteps[key] {
                step = provider(rt.statsUpdates)
            } else {
                let regions = triedRegions(kdamond: k, scheme: i, scheme, update: rt.statsUpdates)
                let bytes = regions.reduce(0) { $0 &+ $1.size }
                let applies = scheme.action != "stat"
                step = EmulatedSchemeStats(
                    nrTried: UInt64(regions.count), szTried: bytes,
                    nrApplied: applies ? UInt64(regions.filter { $0.size > 0 }.count) : 0,
                    szApplied: applies ? bytes : 0,
                    szOpsFilterPassed: regions.reduce(0) { $0 &+ $1.szFilterPassed }, nrSnapshots: 1)
            }
            rt.stats[i] = rt.stats[i] + step
        }
        rt.statsUpdates += 1
        // damon_sysfs_schemes_update_stats(): committed scheme i to dir i.
        for (i, node) in schemeNodes(kdamond).enumerated() where i < rt.stats.count {
            for (name, value) in rt.stats[i].files {
                node.node("stats/\(name)")?.content = String(value)
            }
        }
    }

    func updateTriedRegions(_ kdamond: Node, _ rt: inout KdamondRuntime, bytesOnly: Bool, kdamond k: Int) {
        guard let ctx = rt.committed else { return }
        let nodes = schemeNodes(kdamond)
        for (i, scheme) in ctx.schemes.enumerated() where i < nodes.count {
            guard let tried = nodes[i].node("tried_regions") else { continue }
            let regions = triedRegions(kdamond: k, scheme: i, scheme, update: rt.regionsUpdates)
            tried.children["total_bytes"]?.content = String(regions.reduce(0) { $0 &+ $1.size })
            if bytesOnly { continue }
            for (r, region) in regions.enumerated() {
                tried.children[String(r)] = defaults.triedRegion(region)
            }
        }
        rt.regionsUpdates += 1
    }

    func updateEffectiveQuotas(_ kdamond: Node, _ rt: KdamondRuntime, kdamond k: Int) {
        guard let ctx = rt.committed else { return }
        for (i, node) in schemeNodes(kdamond).enumerated() where i < ctx.schemes.count {
            let key = SchemeKey(kdamond: k, context: 0, scheme: i)
            let bytes = scripts.effectiveQuotas[key] ?? ctx.schemes[i].quotaBytes
            node.node("quotas/effective_bytes")?.content = String(bytes)
        }
    }
}
