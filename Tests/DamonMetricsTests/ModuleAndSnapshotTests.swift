import DamonEmulator
import DamonKernel
import DamonModel
import Testing

@testable import DamonMetrics

/// DAMON_RECLAIM, DAMON_LRU_SORT and DAMON_STAT, and `--snapshot`.
@Suite struct ModuleAndSnapshotTests {
    static let statDir = "module/damon_stat/parameters"

    @Test func modulesAsTheirParametersSay() throws {
        let damon = EmulatedDamon(layout: .v6_18, modules: [.reclaimNew, .lruSort, .stat])
        try damon.write("module/damon_reclaim/parameters/enabled", "Y")
        damon.modules.aggregate(regions: 3, bytes: 4096)
        // DAMON_STAT's percentiles: p0 -2 s (recently accessed), then up.
        let percentiles = (0...100).map { String($0 * 100 - 2000) }.joined(separator: ",")
        let fs = Overlay(damon, [Self.statDir + "/enabled": "Y", Self.statDir + "/estimated_memory_bandwidth": "1048576",
                                 Self.statDir + "/aggr_interval_us": "200000",
                                 Self.statDir + "/memory_idle_ms_percentiles": percentiles])
        let exporter = MetricsExporter(fs: fs, freeMemPermil: { nil }, log: { _ in })
        #expect(exporter.samples("damon_module_enabled") == ["reclaim": 1, "lru_sort": 0, "stat": 1])
        let pid = try damon.read("module/damon_reclaim/parameters/kdamond_pid")
        #expect(exporter.samples("damon_module_kdamond_pid") == ["reclaim": Double(pid)!])
        #expect(exporter.samples("damon_reclaim_tried_regions") == ["": 3])
        #expect(exporter.samples("damon_reclaim_tried_bytes") == ["": 12288])
        #expect(exporter.samples("damon_reclaim_reclaimed_bytes") == ["": 12288])
        #expect(exporter.samples("damon_reclaim_quota_exceeds") == ["": 0])
        #expect(exporter.samples("damon_lru_sort_tried_regions") == ["hot": 0, "cold": 0])
        #expect(exporter.samples("damon_lru_sort_sorted_bytes") == ["hot": 0, "cold": 0])
        #expect(exporter.samples("damon_stat_memory_bandwidth_bytes_per_second") == ["": 1_048_576])
        #expect(exporter.samples("damon_stat_aggregation_interval_seconds") == ["": 0.2])
        let idle = exporter.samples("damon_stat_memory_idle_seconds")
        #expect(idle.count == 101)
        #expect(idle["0"] == -2 && idle["0.01"] == -1.9 && idle["0.5"] == 3 && idle["0.99"] == 7.9 && idle["1"] == 8)
    }

    @Test func badPercentilesAreAnErrorNotACrash() {
        let damon = EmulatedDamon(layout: .v6_18, modules: [.stat])
        let lines = LogLines()
        let exporter = MetricsExporter(fs: Overlay(damon, [Self.statDir + "/memory_idle_ms_percentiles": "1,2,x"]),
                                       freeMemPermil: { nil }, log: { lines.append($0) })
        #expect(exporter.samples("damon_stat_memory_idle_seconds").isEmpty)
        #expect(lines.lines.count == 1 && lines.lines[0].contains("memory_idle_ms_percentiles"))
    }

    @Test func summaryOfRegions() {
        let regions = Fixtures.regions.map {
            Region(start: Int($0.start), end: Int($0.end), samples: Int($0.nrAccesses), aggrIntervals: Int($0.age))
        }
        let s = SnapshotSampler.summarize(regions, aggrUs: 100_000, kdamond: 0, context: 0, time: 5)
        #expect(s.nrRegions == 3 && s.monitoredBytes == 0x18000 && s.workingSetBytes == 0x2000)
        #expect(s.idleQuantiles.map(\.quantile) == SnapshotSampler.quantiles)
        #expect(s.idleQuantiles.map(\.seconds) == [0, 0, 3.1, 10.1, 10.1, 10.1, 10.1])
        #expect(SnapshotSampler.summarize([], aggrUs: 100_000, kdamond: 0, context: 0, time: 5).idleQuantiles.isEmpty)
    }

    /// A snapshot installs a stat scheme, reads its tried regions and
    /// removes it: the files end as found.
    @Test func snapshotLeavesTheKernelAsFound() throws {
        let damon = EmulatedDamon(layout: .v6_18)
        let pageout = Damos(action: .pageout, accessPattern: DamosAccessPattern(ageMin: .int(5_000_000)))
        try DamonControl(fs: damon).start([Kdamond(contexts: [DamonContext(ops: .paddr, targets: [
            DamonTarget(regions: [AddressRange(start: .int(0x1000), end: .int(0x19000))]),
        ], schemes: [pageout])])])
        damon.sysfs.setRegions(kdamond: 0, Fixtures.regions)
        let before = damon.sysfs.dump()
        let exporter = MetricsExporter(fs: damon, options: .init(snapshots: true), freeMemPermil: { nil }, log: { _ in })
        exporter.takeSnapshot()
        let changed = SysfsEmulator.diff(before, damon.sysfs.dump()).filter { !$0.contains("/stats/") && !$0.contains("tried_regions") }
        #expect(changed == [])
        #expect(damon.sysfs.writeLog.contains { $0.value == "update_schemes_tried_regions" })
        #expect(exporter.samples("damon_snapshot_nr_regions") == ["0,0": 3])
        #expect(exporter.samples("damon_snapshot_monitored_bytes") == ["0,0": Double(0x18000)])
        #expect(exporter.samples("damon_snapshot_working_set_bytes") == ["0,0": Double(0x2000)])
        #expect(exporter.samples("damon_snapshot_idle_seconds")["0,0,0.5"] == 10.1)
        #expect(exporter.samples("damon_exporter_snapshots") == ["": 1])
        // The scrapes in between only refresh statistics.
        #expect(exporter.samples("damon_scheme_tried_regions").keys.sorted() == ["0,0,0,pageout"])
    }

    @Test func snapshotsOnAKernelWithoutTriedRegions() throws {
        let damon = EmulatedDamon(layout: .v6_1)
        try DamonControl(fs: damon).start([Fixtures.paddr()])
        let lines = LogLines()
        let exporter = MetricsExporter(fs: damon, options: .init(snapshots: true), freeMemPermil: { nil },
                                       log: { lines.append($0) })
        let before = damon.sysfs.dump()
        exporter.takeSnapshot()
        exporter.takeSnapshot()
        #expect(lines.lines.count == 1 && lines.lines[0].contains("tried regions"))
        #expect(exporter.samples("damon_snapshot_nr_regions").isEmpty)
        #expect(SysfsEmulator.diff(before, damon.sysfs.dump()).filter { !$0.contains("/stats/") } == [])
    }

    @Test func noSnapshotWithoutTheOption() throws {
        let damon = EmulatedDamon(layout: .v6_18)
        try DamonControl(fs: damon).start([Fixtures.paddr()])
        let exporter = MetricsExporter(fs: damon, freeMemPermil: { nil }, log: { _ in })
        exporter.takeSnapshot()
        #expect(!damon.sysfs.writeLog.contains { $0.value == "update_schemes_tried_regions" })
        #expect(exporter.samples("damon_exporter_snapshots").isEmpty)
    }
}
