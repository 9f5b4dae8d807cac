import DamonEmulator
import DamonKernel
import DamonModel
import Foundation
import Testing

@testable import DamonMetrics

/// What the exporter reads from an emulated kernel: values equal the
/// kernel's files, only what the kernel has, and only `state` refresh
/// commands written.
@Suite struct CollectionTests {
    static let kdamonds = SysfsEmulator.kdamondsPath

    func running(_ layout: SysfsLayout, modules: [EmulatedModuleKind] = []) throws -> EmulatedDamon {
        let damon = EmulatedDamon(layout: layout, modules: modules)
        try DamonControl(fs: damon).start([Fixtures.vaddr(pid: 1234, goals: layout != .v6_1), Fixtures.paddr()])
        damon.sysfs.setRegions(kdamond: 0, Fixtures.regions)
        damon.sysfs.setRegions(kdamond: 1, Fixtures.regions)
        return damon
    }

    func exporter(_ fs: DamonFS, clock: ManualClock = ManualClock(), freeMem: UInt64? = 300) -> MetricsExporter {
        MetricsExporter(fs: fs, options: .init(minRefreshInterval: 5), clock: { clock.read() },
                        freeMemPermil: { freeMem }, log: { _ in })
    }

    @Test(arguments: SysfsLayout.allCases)
    func valuesAreTheKernels(_ layout: SysfsLayout) throws {
        let damon = try running(layout)
        let exporter = exporter(damon)
        #expect(exporter.samples("damon_kdamonds") == ["": 2])
        #expect(exporter.samples("damon_kdamond_running") == ["0": 1, "1": 1])
        #expect(exporter.samples("damon_kdamond_pid") == ["0": Double(damon.kd("0/pid"))!, "1": Double(damon.kd("1/pid"))!])
        #expect(exporter.samples("damon_context_info") == ["0,0,vaddr": 1, "1,0,paddr": 1])
        #expect(exporter.samples("damon_context_sampling_interval_seconds") == ["0,0": 0.005, "1,0": 0.005])
        #expect(exporter.samples("damon_context_aggregation_interval_seconds") == ["0,0": 0.1, "1,0": 0.1])
        #expect(exporter.samples("damon_context_ops_update_interval_seconds") == ["0,0": 1, "1,0": 1])
        #expect(exporter.samples("damon_context_nr_regions_min") == ["0,0": 10, "1,0": 10])
        #expect(exporter.samples("damon_target_pid") == ["0,0,0": 1234])
        #expect(exporter.samples("damon_target_init_regions") == ["0,0,0": 0, "1,0,0": 1])
        #expect(exporter.samples("damon_target_monitored_bytes") == ["1,0,0": Double(4 << 32)])
        // One refresh so far: each scheme's stats are one update's worth
        // of the regions matching its pattern.
        for (dir, labels) in [("0/contexts/0/schemes/0", "0,0,0,pageout"), ("0/contexts/0/schemes/1", "0,0,1,stat"),
                              ("1/contexts/0/schemes/0", "1,0,0,stat")] {
            #expect(exporter.samples("damon_scheme_tried_regions")[labels] == Double(damon.kd(dir + "/stats/nr_tried")))
            #expect(exporter.samples("damon_scheme_tried_bytes")[labels] == Double(damon.kd(dir + "/stats/sz_tried")))
            #expect(exporter.samples("damon_scheme_applied_regions")[labels] == Double(damon.kd(dir + "/stats/nr_applied")))
            #expect(exporter.samples("damon_scheme_applied_bytes")[labels] == Double(damon.kd(dir + "/stats/sz_applied")))
            #expect(exporter.samples("damon_scheme_quota_exceeds")[labels] == Double(damon.kd(dir + "/stats/qt_exceeds")))
        }
        #expect(exporter.samples("damon_scheme_tried_bytes")["0,0,1,stat"] == Double(0x18000))
        // The pageout scheme's watermarks: 300 permil free is between low
        // (200) and mid (400): active.
        #expect(exporter.samples("damon_scheme_watermarks_active") == ["0,0,0,pageout": 1, "0,0,1,stat": 1, "1,0,0,stat": 1])
        // What a layout has, it exports; what it lacks (6.1: all of these)
        // gives no series.
        func has(_ path: String) -> Bool { damon.sysfs.exists(Self.kdamonds + "/" + path) }
        let pageout = "0/contexts/0/schemes/0", stat = "1/contexts/0/schemes/0"
        #expect(exporter.samples("damon_scheme_effective_quota_bytes")["0,0,0,pageout"]
                == (has(pageout + "/quotas/effective_bytes") ? Double(128 << 20) : nil))
        #expect(exporter.samples("damon_scheme_quota_goal_target")
                == (has(pageout + "/quotas/goals/0") ? ["0,0,0,pageout,0,some_mem_psi_us": 0.001] : [:]))
        #expect(exporter.samples("damon_scheme_quota_goal_current")
                == (has(pageout + "/quotas/goals/0") ? ["0,0,0,pageout,0,some_mem_psi_us": 0] : [:]))
        #expect(exporter.samples("damon_scheme_snapshots")["1,0,0,stat"] == (has(stat + "/stats/nr_snapshots") ? 1 : nil))
        #expect(exporter.samples("damon_scheme_ops_filter_passed_bytes")["1,0,0,stat"]
                == (has(stat + "/stats/sz_ops_filter_passed") ? 0 : nil))
        #expect(exporter.samples("damon_kdamond_refresh_interval_seconds") == (has("0/refresh_ms") ? ["0": 0, "1": 0] : [:]))
        if layout == .v6_1 { #expect(!has(pageout + "/quotas/effective_bytes") && !has("0/refresh_ms")) }
    }

    @Test(arguments: SysfsLayout.allCases)
    func onlyStateRefreshCommandsAreWritten(_ layout: SysfsLayout) throws {
        let damon = try running(layout)
        let before = damon.writes.count
        let clock = ManualClock()
        let exporter = exporter(damon, clock: clock)
        for _ in 0..<3 {
            _ = exporter.exposition(.prometheus)
            clock.advance(10)
        }
        let writes = damon.writes.dropFirst(before)
        let allowed: Set<String> = ["update_schemes_stats", "update_schemes_effective_quotas"]
        #expect(!writes.isEmpty)
        for w in writes {
            #expect(w.path.hasSuffix("/state") && allowed.contains(w.value), "\(w)")
        }
        // 3 scrapes x 2 kdamonds x the commands the kernel has.
        let effectiveQuotas = damon.sysfs.exists(Self.kdamonds + "/0/contexts/0/schemes/0/quotas/effective_bytes")
        let expected = 6 * (effectiveQuotas ? 2 : 1)
        #expect(writes.count == expected)
    }

    @Test func refreshedAtMostOncePerInterval() throws {
        let damon = try running(.v6_18)
        let clock = ManualClock()
        let exporter = exporter(damon, clock: clock)
        let first = exporter.samples("damon_scheme_tried_regions")["1,0,0,stat"]!
        clock.advance(4.9)
        #expect(exporter.samples("damon_scheme_tried_regions")["1,0,0,stat"] == first)
        #expect(exporter.samples("damon_exporter_stats_refreshes") == ["": 1])
        clock.advance(0.2)
        // A counter that grows between scrapes.
        #expect(exporter.samples("damon_scheme_tried_regions")["1,0,0,stat"] == 2 * first)
        #expect(exporter.samples("damon_exporter_stats_refreshes") == ["": 2])
    }

    /// The server's timer collects; scrapes answer from the last
    /// collection unless it is three intervals old; no scrapes for
    /// `idleAfter`, no collections.
    @Test func backgroundRefresh() throws {
        let damon = try running(.v6_18)
        let clock = ManualClock()
        let exporter = MetricsExporter(fs: damon, options: .init(minRefreshInterval: 5, backgroundRefresh: true, idleAfter: 60),
                                       clock: { clock.read() }, freeMemPermil: { nil }, log: { _ in })
        // (counted in the kernel's write log: reading the exporter's own
        // counter would be a scrape)
        func refreshes() -> Int { damon.writes.filter { $0.value == "update_schemes_stats" }.count / 2 }
        _ = exporter.exposition(.prometheus)
        #expect(refreshes() == 1)
        clock.advance(12)
        _ = exporter.exposition(.prometheus)
        #expect(refreshes() == 1, "a scrape answers from a collection younger than 15 s")
        exporter.refreshInBackground()
        #expect(refreshes() == 2)
        exporter.refreshInBackground()
        #expect(refreshes() == 2, "not again within half an interval")
        clock.advance(61)
        exporter.refreshInBackground()
        #expect(refreshes() == 2, "no scrape for a minute: the kernel is left alone")
        _ = exporter.exposition(.prometheus)
        #expect(refreshes() == 3, "a scrape after that collects itself")
        #expect(!MetricsExporter.Options(minRefreshInterval: 0, backgroundRefresh: true).backgroundRefresh)
    }

    /// A scrape answers from the last collection while a background one
    /// is reading the (slow) kernel.
    @Test func scrapesDoNotWaitForBackgroundCollections() throws {
        let damon = try running(.v6_18)
        let slow = Slow(damon)
        let clock = ManualClock()
        let exporter = MetricsExporter(fs: slow, options: .init(minRefreshInterval: 5, backgroundRefresh: true),
                                       clock: { clock.read() }, freeMemPermil: { nil }, log: { _ in })
        _ = exporter.exposition(.prometheus)
        clock.advance(6)
        slow.delayed = true
        let background = Thread { exporter.refreshInBackground() }
        background.start()
        while !slow.entered { usleep(1000) }
        let started = ContinuousClock.now
        let text = String(decoding: exporter.exposition(.prometheus), as: UTF8.self)
        #expect(ContinuousClock.now - started < .milliseconds(150))
        #expect(text.contains("damon_exporter_stats_refreshes_total 1\n"))
        slow.delayed = false
        while !background.isFinished { usleep(1000) }
    }

    @Test func kdamondsThatEndOrAppear() throws {
        let damon = try running(.v6_18)
        let clock = ManualClock()
        let exporter = exporter(damon, clock: clock)
        #expect(exporter.samples("damon_kdamond_running") == ["0": 1, "1": 1])
        damon.sysfs.simulateKdamondExit(kdamond: 1)
        clock.advance(10)
        #expect(exporter.samples("damon_kdamond_running") == ["0": 1, "1": 0])
        #expect(exporter.samples("damon_kdamond_pid").keys.sorted() == ["0"])
        // Its schemes' last statistics stay readable.
        #expect(exporter.samples("damon_scheme_tried_regions")["1,0,0,stat"] != nil)
        // Everything stopped and replaced by one new kdamond.
        try DamonControl(fs: damon).stop()
        try DamonControl(fs: damon).start([Fixtures.paddr(schemes: 2)])
        clock.advance(10)
        #expect(exporter.samples("damon_kdamonds") == ["": 1])
        #expect(exporter.samples("damon_kdamond_running") == ["0": 1])
        #expect(exporter.samples("damon_scheme_tried_regions").keys.sorted() == ["0,0,0,stat", "0,0,1,stat"])
    }

    @Test func noDamonNoSeriesButTheExportersOwn() {
        let damon = EmulatedDamon(layout: .v6_18, damonPresent: false)
        let text = String(decoding: exporter(damon).exposition(.prometheus), as: UTF8.self)
        let names = Set(text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.prefix { $0 != " " && $0 != "{" } })
        #expect(names == ["damon_exporter_collections_total", "damon_exporter_stats_refreshes_total",
                          "damon_exporter_errors_total", "damon_exporter_collection_duration_seconds",
                          "damon_exporter_last_collection_timestamp_seconds"])
    }

    @Test func kernelsOwnRefreshMeansNoWrites() throws {
        let damon = try running(.v6_18)
        try damon.write(Self.kdamonds + "/0/refresh_ms", "1000")
        try damon.write(Self.kdamonds + "/1/refresh_ms", "1000")
        let before = damon.writes.count
        let exporter = exporter(damon)
        #expect(exporter.samples("damon_kdamond_refresh_interval_seconds") == ["0": 1, "1": 1])
        #expect(damon.writes.count == before)
    }

    @Test func watermarksFollowTheKernelsRule() {
        var status = WatermarksStatus()
        let w = WatermarksState(metric: "free_mem_rate", high: 500, mid: 400, low: 200)
        let key = WatermarksStatus.Key(kdamondPid: 1, context: 0, scheme: 0)
        #expect(status.active(w, key: key, freeMemPermil: 450) == true)   // starts active
        #expect(status.active(w, key: key, freeMemPermil: 600) == false)  // above high
        #expect(status.active(w, key: key, freeMemPermil: 450) == false)  // between mid and high: stays
        #expect(status.active(w, key: key, freeMemPermil: 300) == true)   // below mid
        #expect(status.active(w, key: key, freeMemPermil: 100) == false)  // below low
        #expect(status.active(w, key: key, freeMemPermil: nil) == nil)
        #expect(WatermarksStatus.freeMemPermil(freeKiB: 250, totalKiB: 1000) == 250)
        #expect(WatermarksStatus.freeMemPermil(freeKiB: nil, totalKiB: 1000) == nil)
        #expect(WatermarksStatus.freeMemPermil(freeKiB: 1, totalKiB: 0) == nil)
    }

    @Test func unreadableKdamondIsLeftOutAndCounted() throws {
        let damon = try running(.v6_18)
        // A kernel file with garbage in it (as a corrupted or newer kernel
        // might show): that kdamond is skipped, the other exported.
        let errors = LogLines()
        let clock = ManualClock()
        let path = Self.kdamonds + "/1/contexts/0/monitoring_attrs/intervals/sample_us"
        let exporter = MetricsExporter(fs: Overlay(damon, [path: "x1"]), options: .init(minRefreshInterval: 5),
                                       clock: { clock.read() }, freeMemPermil: { 300 }, log: { errors.append($0) })
        #expect(exporter.samples("damon_kdamond_running") == ["0": 1])
        #expect(exporter.samples("damon_exporter_errors") == ["": 1])
        #expect(errors.lines == ["kdamond 1: unexpected content 'x1' in \(path)"])
        clock.advance(10)
        _ = exporter.exposition(.prometheus)
        #expect(errors.lines.count == 1, "the same error is logged once")
        #expect(exporter.samples("damon_exporter_errors") == ["": 2])
    }
}

/// A DamonFS showing other contents in some files.
final class Overlay: DamonFS {
    let base: DamonFS
    let files: [String: String]
    init(_ base: DamonFS, _ files: [String: String]) {
        self.base = base
        self.files = files
    }
    func read(_ p: String) throws(DamonFSError) -> String {
        if let content = files[p] { return content }
        return try base.read(p)
    }
    func write(_ p: String, _ value: String) throws(DamonFSError) { try base.write(p, value) }
    func list(_ p: String) throws(DamonFSError) -> [String] { try base.list(p) }
    func exists(_ p: String) -> Bool { base.exists(p) }
    func isDirectory(_ p: String) -> Bool { base.isDirectory(p) }
}

/// A DamonFS whose reads take 300 ms each while `delayed`.
final class Slow: DamonFS, @unchecked Sendable {
    let base: DamonFS
    private let lock = NSLock()
    private var _delayed = false, _entered = false
    var delayed: Bool {
        get { lock.withLock { _delayed } }
        set { lock.withLock { _delayed = newValue } }
    }
    var entered: Bool { lock.withLock { _entered } }
    init(_ base: DamonFS) { self.base = base }
    func read(_ p: String) throws(DamonFSError) -> String {
        if delayed {
            lock.withLock { _entered = true }
            usleep(300_000)
        }
        return try base.read(p)
    }
    func write(_ p: String, _ value: String) throws(DamonFSError) { try base.write(p, value) }
    func list(_ p: String) throws(DamonFSError) -> [String] { try base.list(p) }
    func exists(_ p: String) -> Bool { base.exists(p) }
    func isDirectory(_ p: String) -> Bool { base.isDirectory(p) }
}
