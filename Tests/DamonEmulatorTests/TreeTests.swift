#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DamonEmulator
import DamonKernel
import Testing

@Suite("Emulated sysfs tree")
struct TreeTests {
    @Test func emptyInterface() throws {
        let fs = SysfsEmulator()
        #expect(try fs.list("kernel/mm/damon/admin") == ["kdamonds"])
        #expect(try fs.list(kd) == ["nr_kdamonds"])
        #expect(try fs.read("\(kd)/nr_kdamonds") == "0")
        #expect(fs.isDirectory("kernel/mm/damon"))
        #expect(fs.exists("/\(kd)/./nr_kdamonds"))
        #expect(!fs.isDirectory("\(kd)/nr_kdamonds"))
    }

    @Test func damonAbsent() {
        let fs = SysfsEmulator(layout: .v6_18, damonPresent: false)
        #expect(fs.isDirectory("kernel/mm"))
        #expect(!fs.exists("kernel/mm/damon"))
        #expect(errnoOf { _ = try fs.read("\(kd)/nr_kdamonds") } == ENOENT)
        #expect(errnoOf { try fs.write("\(kd)/nr_kdamonds", "1") } == ENOENT)
        #expect(errnoOf { _ = try fs.list("kernel/mm/damon") } == ENOENT)
    }

    @Test func nrKdamondsCreatesDefaults() throws {
        let fs = SysfsEmulator()
        try fs.write("\(kd)/nr_kdamonds", "2")
        #expect(try fs.list(kd) == ["0", "1", "nr_kdamonds"])
        #expect(try fs.list("\(kd)/0") == ["contexts", "pid", "refresh_ms", "state"])
        #expect(try fs.read("\(kd)/0/state") == "off")
        #expect(try fs.read("\(kd)/0/pid") == "-1")
        #expect(try fs.read("\(kd)/0/refresh_ms") == "0")
        #expect(try fs.read("\(kd)/1/contexts/nr_contexts") == "0")
        try fs.write("\(kd)/nr_kdamonds", "1")
        #expect(try fs.list(kd) == ["0", "nr_kdamonds"])
        try fs.write("\(kd)/nr_kdamonds", "0")
        #expect(try fs.list(kd) == ["nr_kdamonds"])
    }

    @Test func contextDefaults() throws {
        let fs = SysfsEmulator()
        try fs.write("\(kd)/nr_kdamonds", "1")
        try fs.write("\(kd)/0/contexts/nr_contexts", "1")
        let ctx = "\(kd)/0/contexts/0"
        #expect(try fs.list(ctx) == ["addr_unit", "avail_operations", "monitoring_attrs", "operations", "schemes", "targets"])
        #expect(try fs.read("\(ctx)/avail_operations") == "vaddr\nfvaddr\npaddr")
        #expect(try fs.read("\(ctx)/operations") == "vaddr")
        #expect(try fs.read("\(ctx)/addr_unit") == "1")
        let attrs = "\(ctx)/monitoring_attrs"
        #expect(try fs.read("\(attrs)/intervals/sample_us") == "5000")
        #expect(try fs.read("\(attrs)/intervals/aggr_us") == "100000")
        #expect(try fs.read("\(attrs)/intervals/update_us") == "60000000")
        #expect(try fs.list("\(attrs)/intervals/intervals_goal") == ["access_bp", "aggrs", "max_sample_us", "min_sample_us"])
        #expect(try fs.read("\(attrs)/nr_regions/min") == "10")
        #expect(try fs.read("\(attrs)/nr_regions/max") == "1000")
        try fs.write("\(ctx)/targets/nr_targets", "1")
        #expect(try fs.list("\(ctx)/targets/0") == ["obsolete_target", "pid_target", "regions"])
        #expect(try fs.read("\(ctx)/targets/0/obsolete_target") == "N")
        try fs.write("\(ctx)/targets/0/regions/nr_regions", "2")
        #expect(try fs.list("\(ctx)/targets/0/regions/1") == ["end", "start"])
        #expect(try fs.read("\(ctx)/targets/0/regions/1/end") == "0")
    }

    @Test func schemeDefaults() throws {
        let fs = try makeConfigured(schemes: 1)
        let s = "\(kd)/0/contexts/0/schemes/0"
        #expect(try fs.list(s) == [
            "access_pattern", "action", "apply_interval_us", "core_filters", "dests", "filters",
            "ops_filters", "quotas", "stats", "target_nid", "tried_regions", "watermarks",
        ])
        #expect(try fs.read("\(s)/action") == "stat")
        #expect(try fs.read("\(s)/target_nid") == "-1")
        #expect(try fs.read("\(s)/access_pattern/age/max") == "0")
        #expect(try fs.list("\(s)/quotas") == ["bytes", "effective_bytes", "goals", "ms", "reset_interval_ms", "weights"])
        #expect(try fs.read("\(s)/watermarks/metric") == "none")
        #expect(try fs.list("\(s)/stats") == [
            "max_nr_snapshots", "nr_applied", "nr_snapshots", "nr_tried", "qt_exceeds",
            "sz_applied", "sz_ops_filter_passed", "sz_tried",
        ])
        #expect(try fs.list("\(s)/tried_regions") == ["total_bytes"])
        try fs.write("\(s)/core_filters/nr_filters", "1")
        #expect(try fs.list("\(s)/core_filters/0") == [
            "addr_end", "addr_start", "allow", "damon_target_idx", "matching", "max", "memcg_path", "min", "type",
        ])
        #expect(try fs.read("\(s)/core_filters/0/type") == "anon")
        #expect(try fs.read("\(s)/core_filters/0/memcg_path") == "")
        try fs.write("\(s)/quotas/goals/nr_goals", "1")
        #expect(try fs.read("\(s)/quotas/goals/0/target_metric") == "user_input")
        #expect(try fs.list("\(s)/quotas/goals/0") == ["current_value", "nid", "path", "target_metric", "target_value"])
        try fs.write("\(s)/dests/nr_dests", "2")
        #expect(try fs.list("\(s)/dests/1") == ["id", "weight"])
    }

    @Test func nrWritesRecreateChildren() throws {
        let fs = try makeConfigured(schemes: 2)
        let schemes = "\(kd)/0/contexts/0/schemes"
        try fs.write("\(schemes)/0/action", "pageout")
        try fs.write("\(schemes)/nr_schemes", "2")
        // The kernel removes and recreates every child, even for the same N.
        #expect(try fs.read("\(schemes)/0/action") == "stat")
        try fs.write("\(schemes)/nr_schemes", "0x3")
        #expect(try fs.read("\(schemes)/nr_schemes") == "3")
        #expect(try fs.list(schemes) == ["0", "1", "2", "nr_schemes"])
    }

    @Test func numberParsingFollowsKstrto() throws {
        let fs = try makeConfigured()
        let sample = "\(kd)/0/contexts/0/monitoring_attrs/intervals/sample_us"
        try fs.write(sample, "0x10")
        #expect(try fs.read(sample) == "16")
        try fs.write(sample, "010\n")
        #expect(try fs.read(sample) == "8")
        try fs.write(sample, "+7")
        #expect(try fs.read(sample) == "7")
        for bad in ["", "abc", "1 ", " 1", "-1", "08", "1\n\n", "1.5"] {
            #expect(errnoOf { try fs.write(sample, bad) } == EINVAL, "'\(bad)'")
        }
        #expect(errnoOf { try fs.write(sample, "18446744073709551616") } == ERANGE)
        #expect(try fs.read(sample) == "7")
        let pid = "\(kd)/0/contexts/0/targets/0/pid_target"
        try fs.write(pid, "-5")
        #expect(try fs.read(pid) == "-5")
    }

    @Test func keywordsAndBools() throws {
        let fs = try makeConfigured(schemes: 1)
        let s = "\(kd)/0/contexts/0/schemes/0"
        try fs.write("\(s)/action", "pageout\n")
        #expect(try fs.read("\(s)/action") == "pageout")
        #expect(errnoOf { try fs.write("\(s)/action", "page_out") } == EINVAL)
        #expect(errnoOf { try fs.write("\(s)/watermarks/metric", "free_mem") } == EINVAL)
        #expect(errnoOf { try fs.write("\(kd)/0/contexts/0/operations", "xaddr") } == EINVAL)
        try fs.write("\(s)/quotas/goals/nr_goals", "1")
        #expect(errnoOf { try fs.write("\(s)/quotas/goals/0/target_metric", "bogus") } == EINVAL)
        try fs.write("\(s)/quotas/goals/0/target_metric", "some_mem_psi_us")
        try fs.write("\(s)/filters/nr_filters", "1")
        try fs.write("\(s)/filters/0/matching", "yes")
        #expect(try fs.read("\(s)/filters/0/matching") == "Y")
        try fs.write("\(s)/filters/0/allow", "0")
        #expect(try fs.read("\(s)/filters/0/allow") == "N")
        #expect(errnoOf { try fs.write("\(s)/filters/0/allow", "maybe") } == EINVAL)
        try fs.write("\(s)/filters/0/memcg_path", "/sys/fs/cgroup/a\n")
        #expect(try fs.read("\(s)/filters/0/memcg_path") == "/sys/fs/cgroup/a")
    }

    @Test func filterTypesPerLayer() throws {
        let fs = try makeConfigured(schemes: 1)
        let s = "\(kd)/0/contexts/0/schemes/0"
        for dir in ["filters", "core_filters", "ops_filters"] { try fs.write("\(s)/\(dir)/nr_filters", "1") }
        #expect(errnoOf { try fs.write("\(s)/core_filters/0/type", "anon") } == EINVAL)
        #expect(errnoOf { try fs.write("\(s)/ops_filters/0/type", "addr") } == EINVAL)
        #expect(errnoOf { try fs.write("\(s)/filters/0/type", "nonsense") } == EINVAL)
        try fs.write("\(s)/core_filters/0/type", "target")
        try fs.write("\(s)/ops_filters/0/type", "young")
        try fs.write("\(s)/filters/0/type", "addr")
        try fs.write("\(s)/filters/0/type", "memcg")
    }

    @Test func countLimitsAndNegatives() throws {
        let fs = try makeConfigured()
        #expect(errnoOf { try fs.write("\(kd)/0/contexts/nr_contexts", "2") } == EINVAL)
        #expect(errnoOf { try fs.write("\(kd)/nr_kdamonds", "-1") } == EINVAL)
        #expect(errnoOf { try fs.write("\(kd)/0/contexts/0/targets/nr_targets", "two") } == EINVAL)
        #expect(try fs.read("\(kd)/0/contexts/0/targets/nr_targets") == "1")
    }

    @Test func readOnlyFilesAndDirectories() throws {
        let fs = try makeConfigured(schemes: 1)
        let s = "\(kd)/0/contexts/0/schemes/0"
        for path in ["\(kd)/0/pid", "\(kd)/0/contexts/0/avail_operations", "\(s)/stats/nr_tried",
                     "\(s)/quotas/effective_bytes", "\(s)/tried_regions/total_bytes"] {
            #expect(errnoOf { try fs.write(path, "1") } == EACCES, "\(path)")
        }
        try fs.write("\(s)/stats/max_nr_snapshots", "5")
        #expect(errnoOf { try fs.write("\(kd)/0", "1") } == EISDIR)
        #expect(errnoOf { _ = try fs.read("\(kd)/0") } == EISDIR)
        #expect(errnoOf { _ = try fs.list("\(kd)/nr_kdamonds") } == ENOTDIR)
        #expect(errnoOf { _ = try fs.read("\(kd)/nr_kdamonds/x") } == ENOTDIR)
        #expect(errnoOf { try fs.write("\(kd)/5/state", "on") } == ENOENT)
        #expect(errnoOf { try fs.write("\(kd)/0/contexts/0/new_file", "1") } == ENOENT)
    }

    @Test func errorsCarryOperationAndPath() throws {
        let fs = try makeConfigured()
        do {
            try fs.write("/\(kd)/0/contexts/0/operations", "bogus")
            Issue.record("no error")
        } catch {
            #expect(error.path == "\(kd)/0/contexts/0/operations")
            #expect(error.errno == EINVAL)
            #expect(error.operation == "writing 'bogus' to")
        }
        do {
            try fs.write("\(kd)/0/pid", "1")
            Issue.record("no error")
        } catch {
            #expect(error.operation == "writing")
            #expect(error.errno == EACCES)
        }
    }
}
