import DamoPlatform
import DamonKernel
import Synchronization

/// The exporter: collects what DAMON shows through a DamonFS (the real
/// /sys, or an emulated kernel in tests) and renders it.  Thread-safe:
/// collections are serialized, and one younger than `minRefreshInterval`
/// is reused, so the kernel's statistics are refreshed at most once per
/// interval whatever the number of concurrent scrapers (they wait for the
/// collection in progress and share it).
///
/// With `backgroundRefresh`, the server collects on its own timer (every
/// interval, while scrapes keep coming) and a scrape answers from the last
/// collection at once: scrape latency then does not depend on the number
/// of kdamonds, nor on kernels whose refresh command sleeps (6.1 waits
/// 100 ms in each `update_schemes_stats`).  A scrape still collects itself
/// when the last collection is older than three intervals.
public final class MetricsExporter: Sendable {
    public struct Options: Sendable {
        /// Seconds a collection is reused for.
        public var minRefreshInterval: Double
        /// Whether `--snapshot` series are exported (`takeSnapshot()`
        /// makes them; the server calls it on its own timer).
        public var snapshots: Bool
        /// Whether `refreshInBackground()` is called every interval.
        public var backgroundRefresh: Bool
        /// Seconds without a scrape after which background collections
        /// stop (nobody is looking; the kernel is left alone).
        public var idleAfter: Double

        public init(minRefreshInterval: Double = 5, snapshots: Bool = false, backgroundRefresh: Bool = false,
                    idleAfter: Double = 600) {
            self.minRefreshInterval = minRefreshInterval
            self.snapshots = snapshots
            self.backgroundRefresh = backgroundRefresh && minRefreshInterval > 0
            self.idleAfter = idleAfter
        }

        /// How old a collection a scrape answers with.
        var maxAge: Double { backgroundRefresh ? 3 * minRefreshInterval : minRefreshInterval }
    }

    /// What collections keep; held while DAMON's files are read.
    struct State {
        var lastCollection: Double?
        var lastCollectionTime = 0.0
        var collected: [MetricFamily] = []
        var snapshotFamilies: [MetricFamily] = []
        var watermarks = WatermarksStatus()
        var collections: UInt64 = 0
        var refreshes: UInt64 = 0
        var errors: UInt64 = 0
        var snapshotsTaken: UInt64 = 0
        var lastDuration = 0.0
        var lastErrors: Set<String> = []
        var snapshotsUnsupported = false
    }

    nonisolated(unsafe) let fs: DamonFS
    public let options: Options
    let clock: @Sendable () -> Double
    let freeMemPermil: @Sendable () -> UInt64?
    let log: @Sendable (String) -> Void
    let state = Mutex(State())
    /// What scrapes read: the last collection's families and their
    /// renderings, swapped in when a collection ends, so that a scrape
    /// never waits for a collection it does not need.
    struct Published {
        var families: [MetricFamily] = []
        var lastCollection: Double?
        var lastScrape: Double?
        var rendered: [ExpositionFormat: [UInt8]] = [:]
    }
    let published = Mutex(Published())

    /// - Parameters:
    ///   - fs: DAMON's files; every access to it goes through this
    ///     exporter's lock (use `exclusively` to change an emulated kernel).
    ///   - clock: monotonic seconds (tests step it).
    ///   - freeMemPermil: the free memory rate watermarks compare with.
    ///   - log: where collection errors go (each once until it recurs
    ///     after a clean collection).
    public init(fs: DamonFS, options: Options = Options(),
                clock: @escaping @Sendable () -> Double = MetricsExporter.monotonicSeconds,
                freeMemPermil: @escaping @Sendable () -> UInt64? = MetricsExporter.systemFreeMemPermil,
                log: @escaping @Sendable (String) -> Void = { printToStderr("damo metrics: " + $0) }) {
        self.fs = fs
        self.options = options
        self.clock = clock
        self.freeMemPermil = freeMemPermil
        self.log = log
    }

    public static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    public static func systemFreeMemPermil() -> UInt64? {
        let m = ProcSystem.systemFootprint()
        return WatermarksStatus.freeMemPermil(freeKiB: m.free, totalKiB: m.total)
    }

    /// The exposition text, collecting first unless the last collection is
    /// recent enough.
    public func exposition(_ format: ExpositionFormat) -> [UInt8] {
        if let bytes = cachedExposition(format) { return bytes }
        // Stale: collect (unless a concurrent scrape just did), then answer.
        state.withLock { s in collectIfOlder(than: options.maxAge, &s) }
        return published.withLock { Self.rendering(&$0, format) }
    }

    /// The exposition when the last collection is recent enough, without
    /// waiting for the kernel (the server answers with it on its event
    /// loop); nil when a scrape has to collect.  Counts as a scrape.
    public func cachedExposition(_ format: ExpositionFormat) -> [UInt8]? {
        let now = clock()
        let maxAge = options.maxAge
        return published.withLock { p -> [UInt8]? in
            p.lastScrape = now
            guard let last = p.lastCollection, now - last < maxAge, now >= last else { return nil }
            return Self.rendering(&p, format)
        }
    }

    static func rendering(_ p: inout Published, _ format: ExpositionFormat) -> [UInt8] {
        if let bytes = p.rendered[format] { return bytes }
        let bytes = Array(ExpositionWriter.render(p.families, format).utf8)
        p.rendered[format] = bytes
        return bytes
    }

    /// Every family as the next scrape would see it (tests).
    public func currentFamilies() -> [MetricFamily] {
        state.withLock { s in
            collectIfOlder(than: options.maxAge, &s)
            return families(s)
        }
    }

    /// A collection on the server's timer: when scrapes came within
    /// `idleAfter` and the last collection is half an interval old.
    public func refreshInBackground() {
        guard let scrape = published.withLock({ $0.lastScrape }), clock() - scrape < options.idleAfter else { return }
        state.withLock { s in collectIfOlder(than: options.minRefreshInterval / 2, &s) }
    }

    /// Runs `body` while no collection or snapshot runs: tests change an
    /// emulated kernel between scrapes with it.
    public func exclusively<T: Sendable>(_ body: () throws -> T) rethrows -> T {
        try state.withLock { _ in try body() }
    }

    /// Takes live snapshots of the running contexts (`--snapshot`), which
    /// later scrapes export.  Never called by a request: the server calls
    /// it on its own timer.
    public func takeSnapshot() {
        state.withLock { s in
            guard options.snapshots, !s.snapshotsUnsupported else { return }
            var snapshots: [ContextSnapshot] = []
            do {
                snapshots = try SnapshotSampler.sample(fs: fs)
                s.snapshotsTaken += 1
            } catch let e as LiveSnapshotUnsupported {
                s.snapshotsUnsupported = true
                log("--snapshot: \(e.description); no snapshot series are exported")
            } catch {
                s.errors += 1
                log("snapshot failed: \(error)")
            }
            var families = SnapshotFamilies()
            families.add(snapshots)
            s.snapshotFamilies = families.all
            publish(s)
        }
    }

    /// Makes what the state holds what scrapes read.
    func publish(_ s: State) {
        let families = families(s)
        published.withLock { p in
            p.families = families
            p.lastCollection = s.lastCollection
            p.rendered = [:]
        }
    }

    func collectIfOlder(than age: Double, _ s: inout State) {
        let now = clock()
        if let last = s.lastCollection, now - last < age, now >= last { return }
        s.lastCollection = now
        s.lastCollectionTime = LiveSnapshots.wallClockNs().seconds
        collect(&s)
        s.lastDuration = max(clock() - now, 0)
        publish(s)
    }

    func collect(_ s: inout State) {
        var errors: [String] = []
        var damon = DamonState()
        let reader = DamonStateReader(fs: fs)
        do {
            if let n = try reader.kdamondCount() {
                damon.sysfsPresent = true
                var refreshed = false
                for k in 0..<n {
                    let r = StatsRefresher(fs: fs).refresh(k)
                    refreshed = refreshed || r.refreshed
                    errors += r.errors
                }
                if refreshed { s.refreshes += 1 }
                let (kdamonds, kdamondErrors) = try reader.kdamonds()
                damon.kdamonds = kdamonds
                errors += kdamondErrors
            }
        } catch {
            errors.append("\(error)")
        }
        let modules = ModuleStateReader(fs: fs)
        do { damon.modules = try modules.modules() } catch { errors.append("\(error)") }
        do { damon.stat = try modules.stat() } catch { errors.append("\(error)") }

        let freeMem = damon.kdamonds.contains { $0.contexts.contains { $0.schemes.contains { $0.watermarks.metric != "none" } } }
            ? freeMemPermil() : nil
        var seen: Set<WatermarksStatus.Key> = []
        var kdamondFamilies = KdamondFamilies()
        kdamondFamilies.add(damon.kdamonds, sysfsPresent: damon.sysfsPresent) { k, c, scheme in
            guard let pid = k.pid, k.running else { return nil }
            let key = WatermarksStatus.Key(kdamondPid: pid, context: c.index, scheme: scheme.index)
            seen.insert(key)
            return s.watermarks.active(scheme.watermarks, key: key, freeMemPermil: freeMem)
        }
        s.watermarks.keep(only: seen)
        var moduleFamilies = ModuleFamilies()
        moduleFamilies.add(damon.modules, stat: damon.stat)
        s.collected = kdamondFamilies.all + moduleFamilies.all
        s.collections += 1
        s.errors += UInt64(errors.count)
        // Each error once, until a collection without it.
        for e in errors where !s.lastErrors.contains(e) { log(e) }
        s.lastErrors = Set(errors)
    }

    /// The exporter's own series.
    func families(_ s: State) -> [MetricFamily] {
        var own: [MetricFamily] = [
            MetricFamily("damon_exporter_collections", .counter, help: "Collections of DAMON's state.",
                         samples: [MetricSample([], .uint(s.collections))]),
            MetricFamily("damon_exporter_stats_refreshes", .counter,
                         help: "Collections that asked running kdamonds to refresh their statistics files.",
                         samples: [MetricSample([], .uint(s.refreshes))]),
            MetricFamily("damon_exporter_errors", .counter, help: "Files that could not be read or refreshed, and failed snapshots.",
                         samples: [MetricSample([], .uint(s.errors))]),
            MetricFamily("damon_exporter_collection_duration_seconds", .gauge, unit: "seconds",
                         help: "How long the last collection took.", samples: [MetricSample([], .double(s.lastDuration))]),
            MetricFamily("damon_exporter_last_collection_timestamp_seconds", .gauge, unit: "seconds",
                         help: "Unix time of the last collection (scrapes between collections share it).",
                         samples: [MetricSample([], .double(s.lastCollectionTime))]),
        ]
        if options.snapshots {
            own.append(MetricFamily("damon_exporter_snapshots", .counter, help: "Live snapshots taken for --snapshot.",
                                    samples: [MetricSample([], .uint(s.snapshotsTaken))]))
        }
        return s.collected + s.snapshotFamilies + own
    }
}

extension Int {
    /// Nanoseconds as seconds.
    var seconds: Double { Double(self) / 1e9 }
}

/// One line on stderr.
public func printToStderr(_ line: String) {
    var text = line + "\n"
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}
