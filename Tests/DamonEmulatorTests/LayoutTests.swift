#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DamonEmulator
import DamonKernel
import Testing

@Suite("Kernel layouts")
struct LayoutTests {
    let ctx = "\(kd)/0/contexts/0"

    @Test func linux6_1HasTheOldFiles() throws {
        let fs = try makeConfigured(.v6_1, schemes: 1)
        #expect(try fs.list("\(kd)/0") == ["contexts", "pid", "state"])
        #expect(try fs.list(ctx) == ["avail_operations", "monitoring_attrs", "operations", "schemes", "targets"])
        #expect(try fs.list("\(ctx)/monitoring_attrs/intervals") == ["aggr_us", "sample_us", "update_us"])
        #expect(try fs.list("\(ctx)/targets/0") == ["pid_target", "regions"])
        let s = "\(ctx)/schemes/0"
        #expect(try fs.list(s) == ["access_pattern", "action", "quotas", "stats", "watermarks"])
        #expect(try fs.list("\(s)/quotas") == ["bytes", "ms", "reset_interval_ms", "weights"])
        #expect(try fs.list("\(s)/stats") == ["nr_applied", "nr_tried", "qt_exceeds", "sz_applied", "sz_tried"])
        #expect(!fs.exists("\(s)/filters"))
        #expect(!fs.exists("\(s)/tried_regions"))
    }

    @Test func linux6_1StateCommandsAndActions() throws {
        let fs = try makeConfigured(.v6_1, schemes: 1)
        let state = "\(kd)/0/state"
        #expect(errnoOf { try fs.write("\(ctx)/schemes/0/action", "migrate_hot") } == EINVAL)
        try fs.write("\(ctx)/schemes/0/action", "lru_prio")
        try fs.write(state, "on")
        try fs.write(state, "commit")
        try fs.write(state, "update_schemes_stats")
        for command in ["update_schemes_tried_regions", "update_schemes_tried_bytes",
                        "clear_schemes_tried_regions", "commit_schemes_quota_goals",
                        "update_schemes_effective_quotas", "update_tuned_intervals"] {
            #expect(errnoOf { try fs.write(state, command) } == EINVAL, "\(command)")
        }
        try fs.write(state, "off")
    }

    @Test func linux6_1AllowsSampleAboveAggr() throws {
        // The sample <= aggr check came after 6.1.
        let old = try makeConfigured(.v6_1)
        try old.write("\(ctx)/monitoring_attrs/intervals/sample_us", "200000")
        try old.write("\(kd)/0/state", "on")
        let new = try makeConfigured(.v6_18)
        try new.write("\(ctx)/monitoring_attrs/intervals/sample_us", "200000")
        #expect(errnoOf { try new.write("\(kd)/0/state", "on") } == EINVAL)
    }

    /// Each file is there exactly when the release's row of the table
    /// has the feature that brought it.
    @Test(arguments: SysfsLayout.allCases)
    func featureDetectionByExistence(_ layout: SysfsLayout) throws {
        let fs = try makeConfigured(layout, schemes: 1)
        let release = layout.release
        let s = "\(ctx)/schemes/0"
        for (path, feature) in [("\(s)/tried_regions", "sysfs/schemes_tried_regions"),
                                ("\(s)/tried_regions/total_bytes", "sysfs/schemes_tried_regions_sz"),
                                ("\(s)/filters", "sysfs/schemes_filters"),
                                ("\(s)/core_filters", "sysfs/schemes_filters_core_ops_dirs"),
                                ("\(s)/quotas/goals", "sysfs/schemes_quota_goals"),
                                ("\(s)/quotas/effective_bytes", "sysfs/schemes_quota_effective_bytes"),
                                ("\(s)/apply_interval_us", "sysfs/schemes_apply_interval"),
                                ("\(s)/target_nid", "sysfs/schemes_migrate"),
                                ("\(s)/dests", "sysfs/schemes_dests"),
                                ("\(s)/stats/sz_ops_filter_passed", "sysfs/sz_ops_filter_passed"),
                                ("\(ctx)/addr_unit", "sysfs/addr_unit"),
                                ("\(ctx)/monitoring_attrs/intervals/intervals_goal", "sysfs/intervals_goal"),
                                ("\(kd)/0/refresh_ms", "sysfs/refresh_ms"),
                                ("\(ctx)/targets/0/obsolete_target", "sysfs/obsolete_target")] {
            #expect(fs.exists(path) == release.has(feature), "\(layout): \(path)")
        }
        // Not in any: newer than the ABI document's mainline part.
        #expect(!fs.exists("\(ctx)/pause"))
        #expect(!fs.exists("\(s)/quotas/goal_tuner"))
    }

    /// Linux 6.12 as the real kernel showed it (Tests/vm's scenarios):
    /// its scheme and filter files, the filter types and goal metrics its
    /// files take, and its `state` keywords.
    @Test func linux6_12() throws {
        let fs = try makeConfigured(.v6_12, schemes: 1)
        let s = "\(ctx)/schemes/0"
        #expect(try fs.list(s) == ["access_pattern", "action", "apply_interval_us", "filters", "quotas", "stats",
                                   "target_nid", "tried_regions", "watermarks"])
        #expect(try fs.list("\(s)/quotas") == ["bytes", "effective_bytes", "goals", "ms", "reset_interval_ms", "weights"])
        #expect(try fs.list("\(s)/stats") == ["nr_applied", "nr_tried", "qt_exceeds", "sz_applied", "sz_tried"])
        try fs.write("\(s)/filters/nr_filters", "1")
        #expect(try fs.list("\(s)/filters/0") == ["addr_end", "addr_start", "damon_target_idx", "matching",
                                                   "memcg_path", "type"])
        for type in ["anon", "memcg", "young", "addr", "target"] { try fs.write("\(s)/filters/0/type", type) }
        for type in ["active", "hugepage_size", "unmapped"] {
            #expect(errnoOf { try fs.write("\(s)/filters/0/type", type) } == EINVAL, "\(type)")
        }
        try fs.write("\(s)/quotas/goals/nr_goals", "1")
        #expect(try fs.list("\(s)/quotas/goals/0") == ["current_value", "target_metric", "target_value"])
        try fs.write("\(s)/quotas/goals/0/target_metric", "some_mem_psi_us")
        #expect(errnoOf { try fs.write("\(s)/quotas/goals/0/target_metric", "node_mem_used_bp") } == EINVAL)
        for action in ["migrate_hot", "migrate_cold"] { try fs.write("\(s)/action", action) }
        #expect(try fs.list("\(kd)/0") == ["contexts", "pid", "state"])
        #expect(!fs.exists("\(ctx)/targets/0/obsolete_target"))
        #expect(errnoOf { try fs.write("\(kd)/0/state", "update_tuned_intervals") } == EINVAL)
    }
}
