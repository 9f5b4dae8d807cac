import DamoTestSupport
import DamonEmulator
import DamonModel
import Foundation
import Testing
@testable import DamonKernel

/// Features read from what the kernel shows, never by writing: the
/// emulated 6.1 and 6.18 kernels, and plain directories for modules,
/// tracepoints and debugfs.
@Suite struct FeatureProbeTests {
    func supported(_ probe: FeatureProbe) -> Set<String> {
        Set(probe.probe().filter(\.supported).map(\.feature.name))
    }

    /// A kdamond with a context, a target, a scheme with a quota goal and
    /// a filter: every level a feature file can be in.
    func fullTree(_ layout: SysfsLayout) throws -> SysfsEmulator {
        let fs = try makeConfigured(layout, ops: "paddr", schemes: 1)
        if layout == .v6_18 {
            try fs.write("\(kd)/0/contexts/0/schemes/0/quotas/goals/nr_goals", "1")
            try fs.write("\(kd)/0/contexts/0/schemes/0/filters/nr_filters", "1")
        }
        return fs
    }

    @Test func linux6_1FromItsFiles() throws {
        let fs = try fullTree(.v6_1)
        let before = fs.dump()
        let writes = fs.writeLog.count
        let found = supported(FeatureProbe(fs: fs, release: "6.1.0"))
        #expect(fs.writeLog.count == writes)
        #expect(SysfsEmulator.diff(before, fs.dump()).isEmpty)
        for name in ["interface/damon_sysfs", "sysfs/vaddr", "sysfs/paddr", "sysfs/fvaddr", "sysfs/avail_ops",
                     "sysfs/schemes_wmarks", "sysfs/online_params_commit"] {
            #expect(found.contains(name), "\(name)")
        }
        for name in ["sysfs/schemes_tried_regions", "sysfs/schemes_filters", "sysfs/schemes_filters_anon",
                     "sysfs/schemes_apply_interval", "sysfs/refresh_ms", "sysfs/addr_unit", "sysfs/intervals_goal",
                     "sysfs/schemes_quota_goals", "sysfs/schemes_quota_goal_metric", "sysfs/obsolete_target",
                     "sysfs/allow_filter", "interface/damon_debugfs", "interface/damon_reclaim",
                     "sysfs/damos_action_collapse"] {
            #expect(!found.contains(name), "\(name)")
        }
    }

    @Test func linux6_18FromItsFiles() throws {
        let fs = try fullTree(.v6_18)
        let found = supported(FeatureProbe(fs: fs, release: "6.18.2"))
        for name in ["sysfs/schemes_tried_regions", "sysfs/schemes_tried_regions_sz", "sysfs/schemes_filters",
                     "sysfs/schemes_filters_core_ops_dirs", "sysfs/allow_filter", "sysfs/schemes_filters_active",
                     "sysfs/schemes_quota_goal_metric", "sysfs/schemes_quota_goal_node_mem_used_free",
                     "sysfs/schemes_migrate", "sysfs/schemes_dests", "sysfs/refresh_ms", "sysfs/addr_unit",
                     "sysfs/obsolete_target", "sysfs/intervals_goal", "sysfs/sz_ops_filter_passed",
                     "sysfs/damos_stat_nr_snapshots", "sysfs/damos_max_nr_snapshots"] {
            #expect(found.contains(name), "\(name)")
        }
        // After 6.18, or files this kernel does not have.
        for name in ["sysfs/ctx_pause", "sysfs/damos_quota_goal_tuner", "sysfs/damos_quota_fail_charge_ratio",
                     "sysfs/attrs_monitoring", "sysfs/probe_type_anon", "sysfs/damos_action_collapse",
                     "sysfs/schemes_quota_goal_node_memcg_used_free", "sysfs/probe_preps"] {
            #expect(!found.contains(name), "\(name)")
        }
    }

    /// Files win over the release: a 6.18 tree under a kernel that says
    /// 6.1 still has what its files show.
    @Test func filesWinOverTheRelease() throws {
        let found = supported(FeatureProbe(fs: try fullTree(.v6_18), release: "6.1.0"))
        #expect(found.contains("sysfs/refresh_ms"))
        #expect(found.contains("sysfs/schemes_filters"))
        // No file shows filter types: the release decides.
        #expect(!found.contains("sysfs/schemes_filters_young"))
    }

    /// Without kdamond directories, the release tells.
    @Test(arguments: [("6.1.0", false), ("6.18.0-rc1", true), ("7.0.0", true)])
    func emptyTreeByRelease(_ release: String, _ new: Bool) throws {
        let fs = SysfsEmulator(layout: new ? .v6_18 : .v6_1)
        let findings = FeatureProbe(fs: fs, release: release).probe()
        let found = Set(findings.filter(\.supported).map(\.feature.name))
        #expect(found.contains("sysfs/paddr"))
        #expect(found.contains("sysfs/schemes_filters") == new)
        #expect(found.contains("sysfs/refresh_ms") == new)
        #expect(found.contains("sysfs/obsolete_target") == (release == "7.0.0"))
        let evidence = findings.first { $0.feature.name == "sysfs/refresh_ms" }!.evidence
        #expect(evidence.contains("no file shows it"), "\(evidence)")
    }

    @Test func noDamonAtAll() throws {
        let fs = SysfsEmulator(layout: .v6_18, damonPresent: false)
        #expect(supported(FeatureProbe(fs: fs, release: "6.18.0")).isEmpty)
    }

    @Test func releaseNumbers() {
        let a = FeatureProbe.releaseNumbers("6.18.44-fc-v782").map { [$0.0, $0.1] }
        let b = FeatureProbe.releaseNumbers("5.15.0").map { [$0.0, $0.1] }
        #expect(a == [6, 18])
        #expect(b == [5, 15])
        #expect(FeatureProbe.releaseNumbers("weird") == nil)
        #expect(FeatureProbe.releaseNumbers(nil) == nil)
        #expect(KernelRelease.current() != nil)
    }

    // MARK: modules, tracepoints, debugfs: plain directories

    func tree(_ files: [String: String]) throws -> String {
        let root = TemporaryDirectory.scratchPath("damo-features")
        for (path, content) in files {
            let full = root + "/" + path
            if path.hasSuffix("/") {
                try FileManager.default.createDirectory(atPath: full, withIntermediateDirectories: true)
                continue
            }
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try content.write(toFile: full, atomically: false, encoding: .utf8)
        }
        return root
    }

    @Test func modulesTracepointsAndDebugfs() throws {
        let root = try tree([
            "module/damon_reclaim/parameters/enabled": "N\n",
            "module/damon_reclaim/parameters/commit_inputs": "N\n",
            "module/damon_reclaim/parameters/skip_anon": "N\n",
            "module/damon_reclaim/parameters/nr_quota_exceeds": "0\n",
            "module/damon_lru_sort/parameters/enabled": "N\n",
            "kernel/tracing/events/damon/damon_aggregated/": "",
            "kernel/tracing/events/damon/damos_before_apply/": "",
            "kernel/debug/damon/attrs": "5000 100000 1000000 10 1000\n",
            "kernel/debug/damon/schemes": "",
            "kernel/debug/damon/init_regions": "",
            "kernel/debug/damon/target_ids": "",
            "kernel/debug/damon/monitor_on": "off\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let found = supported(FeatureProbe(fs: RealDamonFS(root: root), release: "5.17.3"))
        #expect(found == [
            "interface/damon_reclaim", "reclaim/commit_inputs", "reclaim/skip_anon", "reclaim/stats",
            "interface/damon_lru_sort", "trace/damon_aggregated", "trace/damos_before_apply",
            "interface/damon_debugfs", "debugfs/vaddr", "debugfs/schemes", "debugfs/init_regions",
            "debugfs/paddr", "debugfs/schemes_size_quota", "debugfs/schemes_time_quota",
            "debugfs/schemes_prioritization", "debugfs/schemes_wmarks", "debugfs/schemes_stat_succ",
            "debugfs/schemes_stat_qt_exceed",
        ])
    }
}
