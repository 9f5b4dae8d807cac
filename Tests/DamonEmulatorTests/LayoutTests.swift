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

    @Test(arguments: SysfsLayout.allCases)
    func featureDetectionByExistence(_ layout: SysfsLayout) throws {
        let fs = try makeConfigured(layout, schemes: 1)
        let new = layout == .v6_18
        let s = "\(ctx)/schemes/0"
        #expect(fs.exists("\(s)/tried_regions") == new)
        #expect(fs.exists("\(s)/core_filters") == new)
        #expect(fs.exists("\(s)/quotas/goals") == new)
        #expect(fs.exists("\(s)/apply_interval_us") == new)
        #expect(fs.exists("\(ctx)/addr_unit") == new)
        #expect(fs.exists("\(kd)/0/refresh_ms") == new)
        #expect(fs.exists("\(ctx)/targets/0/obsolete_target") == new)
        // Not in either: newer than 6.18.
        #expect(!fs.exists("\(ctx)/pause"))
        #expect(!fs.exists("\(s)/quotas/goal_tuner"))
    }
}
