/// A DAMON-based operation scheme: an action for regions of an access
/// pattern, within quotas, while watermarks allow, through filters.
public struct Damos: Sendable, Equatable {
    public var action: DamosAction
    /// Node of a migration without destinations.
    public var targetNid: Int?
    /// Destination nodes of a migration (6.17+).
    public var dests: [DamosDest]
    public var accessPattern: DamosAccessPattern
    /// 0: every aggregation interval (6.7+ can set others).
    public var applyIntervalUs: PyNum
    public var quotas: DamosQuotas
    public var watermarks: DamosWatermarks
    /// Core and ops filters, in evaluation order.
    public var filters: [DamosFilter]
    /// As the kernel reported them; nil for parameters only.
    public var stats: DamosStats?
    /// Regions the scheme was tried at (6.2+), as the kernel reported them.
    public var triedRegions: [Region]?
    public var triedBytes: PyNum

    public init(action: DamosAction = .stat, targetNid: Int? = nil, dests: [DamosDest] = [],
                accessPattern: DamosAccessPattern = DamosAccessPattern(), applyIntervalUs: PyNum = .int(0),
                quotas: DamosQuotas = DamosQuotas(), watermarks: DamosWatermarks = DamosWatermarks(),
                filters: [DamosFilter] = [], stats: DamosStats? = nil, triedRegions: [Region]? = nil,
                triedBytes: PyNum? = nil) {
        self.action = action
        self.targetNid = targetNid
        self.dests = dests
        self.accessPattern = accessPattern
        self.applyIntervalUs = applyIntervalUs
        self.quotas = quotas
        self.watermarks = watermarks
        self.filters = filters
        self.stats = stats
        self.triedRegions = triedRegions
        self.triedBytes = triedBytes ?? .int(Int128((triedRegions ?? []).reduce(0) { $0 + $1.size }))
    }

    public func toKV(_ style: KVStyle = KVStyle()) -> KV {
        var d: KVDict = [
            "action": .string(action.rawValue),
            "dests": .list(dests.map { $0.toKV() }),
        ]
        if action.isMigration { d["target_nid"] = targetNid.map { .int($0) } ?? .null }
        if !style.omitDefaults || accessPattern != DamosAccessPattern() {
            d["access_pattern"] = accessPattern.toKV(style)
        }
        d["apply_interval_us"] = .string(UnitFormat.timeUs(applyIntervalUs, raw: style.raw))
        if !style.omitDefaults || quotas != DamosQuotas() { d["quotas"] = quotas.toKV(style) }
        if !style.omitDefaults || watermarks != DamosWatermarks() { d["watermarks"] = watermarks.toKV(style) }
        if !style.omitDefaults || !filters.isEmpty { d["filters"] = .list(filters.map { $0.toKV(style) }) }
        if !style.paramsOnly, let stats { d["stats"] = stats.toKV(style) }
        return .dict(d)
    }

    /// As damo reads a scheme: what is absent takes its default, and the
    /// scheme gets zero statistics and no tried regions unless given.
    public init(kv r: KVReader) throws {
        var action = DamosAction.stat
        if let a = try r.optional("action") {
            let name = try a.string()
            guard let known = DamosAction(rawValue: name) else {
                throw a.error("wrong damos action: \(name); expected one of "
                                  + DamosAction.allCases.map(\.rawValue).joined(separator: ", "))
            }
            action = known
        }
        self.init(
            action: action,
            targetNid: try r.nonNull("target_nid")?.integer(),
            dests: try r.listIfPresent("dests").map { try DamosDest(kv: $0) },
            accessPattern: try r.optional("access_pattern").map { try DamosAccessPattern(kv: $0) }
                ?? DamosAccessPattern(),
            applyIntervalUs: try r.nonNull("apply_interval_us")?.us() ?? .int(0),
            quotas: try r.optional("quotas").map { try DamosQuotas(kv: $0) } ?? DamosQuotas(),
            watermarks: try r.optional("watermarks").map { try DamosWatermarks(kv: $0) } ?? DamosWatermarks(),
            filters: try r.listIfPresent("filters").map { try DamosFilter(kv: $0) },
            stats: try r.nonNull("stats").map { try DamosStats(kv: $0) } ?? DamosStats(),
            triedRegions: [])
    }

    /// damo's equality: parameters only, not what the kernel reported.
    public static func == (a: Damos, b: Damos) -> Bool {
        a.accessPattern == b.accessPattern && a.action == b.action && a.dests == b.dests
            && a.applyIntervalUs == b.applyIntervalUs && a.quotas == b.quotas && a.watermarks == b.watermarks
            && a.filters == b.filters
    }
}
