#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DamonEmulator
import DamonKernel
import Testing

@Suite("kdamond state commands")
struct StateTests {
    let state = "\(kd)/0/state"
    let ctx = "\(kd)/0/contexts/0"

    @Test func onOffShowsPid() throws {
        let fs = try makeConfigured()
        try fs.write(state, "on")
        #expect(try fs.read(state) == "on")
        let pid = try #require(Int(try fs.read("\(kd)/0/pid")))
        #expect(pid > 0)
        #expect(fs.isRunning(kdamond: 0))
        #expect(errnoOf { try fs.write(state, "on") } == EBUSY)
        try fs.write(state, "off\n")
        #expect(try fs.read(state) == "off")
        #expect(try fs.read("\(kd)/0/pid") == "-1")
        // The context stays after off; stopping it again is EPERM.
        #expect(errnoOf { try fs.write(state, "off") } == EPERM)
        try fs.write(state, "on")
        #expect(try fs.read("\(kd)/0/pid") != String(pid))
    }

    @Test func offBeforeAnyOnIsEinval() throws {
        let fs = try makeConfigured()
        #expect(errnoOf { try fs.write(state, "off") } == EINVAL)
        #expect(errnoOf { try fs.write(state, "commit") } == EINVAL)
        #expect(errnoOf { try fs.write(state, "update_schemes_stats") } == EINVAL)
        #expect(errnoOf { try fs.write(state, "start") } == EINVAL)
    }

    @Test func targetExitMakesOffEperm() throws {
        let fs = try makeConfigured()
        try fs.write(state, "on")
        fs.simulateKdamondExit(kdamond: 0)
        #expect(try fs.read(state) == "off")
        #expect(errnoOf { try fs.write(state, "off") } == EPERM)
        #expect(errnoOf { try fs.write(state, "commit") } == EINVAL)
    }

    @Test func onValidatesTheKdamond() throws {
        // No context.
        let fs = SysfsEmulator()
        try fs.write("\(kd)/nr_kdamonds", "1")
        #expect(errnoOf { try fs.write(state, "on") } == EINVAL)

        // A vaddr target whose process does not exist.
        let dead = try makeConfigured()
        dead.setLivePids([])
        #expect(errnoOf { try dead.write(state, "on") } == EINVAL)
        #expect(try dead.read(state) == "off")

        // Operations set not available on this kernel.
        let noPaddr = try makeConfigured(ops: "paddr")
        noPaddr.availableOperations = ["vaddr", "fvaddr"]
        #expect(try noPaddr.read("\(ctx)/avail_operations") == "vaddr\nfvaddr")
        #expect(errnoOf { try noPaddr.write(state, "on") } == EINVAL)

        // paddr takes one target only.
        let twoTargets = try makeConfigured(ops: "paddr")
        try twoTargets.write("\(ctx)/targets/nr_targets", "2")
        #expect(errnoOf { try twoTargets.write(state, "on") } == EINVAL)
    }

    @Test func onChecksAttributesAndRegions() throws {
        let attrs = "\(ctx)/monitoring_attrs"
        let cases: [(String, String)] = [
            ("\(attrs)/nr_regions/min", "2"),
            ("\(attrs)/nr_regions/min", "2000"),
            ("\(attrs)/intervals/sample_us", "200000"),
            ("\(ctx)/targets/0/regions/0/start", "2097152"),
        ]
        for (path, value) in cases {
            let fs = try makeConfigured(ops: "paddr")
            try fs.write(path, value)
            #expect(errnoOf { try fs.write(state, "on") } == EINVAL, "\(path)=\(value)")
        }
        let overlap = try makeConfigured(ops: "paddr")
        try overlap.write("\(ctx)/targets/0/regions/nr_regions", "2")
        for (i, (start, end)) in [(4096, 8192), (6000, 9000)].enumerated() {
            try overlap.write("\(ctx)/targets/0/regions/\(i)/start", String(start))
            try overlap.write("\(ctx)/targets/0/regions/\(i)/end", String(end))
        }
        #expect(errnoOf { try overlap.write(state, "on") } == EINVAL)
        try overlap.write("\(ctx)/targets/0/regions/1/start", "8192")
        try overlap.write(state, "on")

        let goal = try makeConfigured()
        try goal.write("\(attrs)/intervals/intervals_goal/aggrs", "3")
        try goal.write("\(attrs)/intervals/intervals_goal/min_sample_us", "10000")
        try goal.write("\(attrs)/intervals/intervals_goal/max_sample_us", "1000")
        #expect(errnoOf { try goal.write(state, "on") } == EINVAL)

        let filter = try makeConfigured(schemes: 1)
        let f = "\(ctx)/schemes/0/core_filters"
        try filter.write("\(f)/nr_filters", "1")
        try filter.write("\(f)/0/type", "addr")
        try filter.write("\(f)/0/addr_start", "8192")
        try filter.write("\(f)/0/addr_end", "4096")
        #expect(errnoOf { try filter.write(state, "on") } == EINVAL)
    }

    @Test func failedOnForgetsTheOldContext() throws {
        let fs = try makeConfigured()
        try fs.write(state, "on")
        try fs.write(state, "off")
        fs.setLivePids([])
        #expect(errnoOf { try fs.write(state, "on") } == EINVAL)
        // Like the kernel, the previous damon_ctx was freed before the check.
        #expect(errnoOf { try fs.write(state, "off") } == EINVAL)

        // ... but not when nr_contexts is wrong, which is checked first.
        let other = try makeConfigured()
        try other.write(state, "on")
        try other.write(state, "off")
        try other.write("\(kd)/0/contexts/nr_contexts", "0")
        #expect(errnoOf { try other.write(state, "on") } == EINVAL)
        #expect(errnoOf { try other.write(state, "off") } == EPERM)
    }

    @Test func commitWhileOn() throws {
        let fs = try makeConfigured(schemes: 1)
        try fs.write(state, "on")
        // Plain files and nr_* files of a running kdamond are writable.
        try fs.write("\(ctx)/monitoring_attrs/intervals/aggr_us", "200000")
        try fs.write("\(ctx)/schemes/nr_schemes", "2")
        try fs.write("\(ctx)/schemes/1/action", "pageout")
        try fs.write(state, "commit")
        // An invalid commit fails and keeps the kdamond running.
        try fs.write("\(ctx)/monitoring_attrs/nr_regions/min", "1")
        #expect(errnoOf { try fs.write(state, "commit") } == EINVAL)
        #expect(try fs.read(state) == "on")
        try fs.write("\(ctx)/monitoring_attrs/nr_regions/min", "10")
        try fs.write(state, "commit")
        try fs.write(state, "commit_schemes_quota_goals")
        try fs.write(state, "update_schemes_effective_quotas")
    }

    @Test func nrKdamondsIsBusyWhileAnyRuns() throws {
        let fs = try makeConfigured()
        try fs.write(state, "on")
        #expect(errnoOf { try fs.write("\(kd)/nr_kdamonds", "2") } == EBUSY)
        #expect(errnoOf { try fs.write("\(kd)/nr_kdamonds", "1") } == EBUSY)
        try fs.write(state, "off")
        try fs.write("\(kd)/nr_kdamonds", "2")
        #expect(try fs.read(state) == "off")
        // New kdamond directories have no context: off is EINVAL again.
        #expect(errnoOf { try fs.write(state, "off") } == EINVAL)
    }

    @Test func optionalBusyChildCounts() throws {
        let fs = try makeConfigured()
        fs.refusesCountWritesWhileOn = true
        try fs.write(state, "on")
        #expect(errnoOf { try fs.write("\(ctx)/schemes/nr_schemes", "1") } == EBUSY)
        #expect(errnoOf { try fs.write("\(ctx)/targets/nr_targets", "1") } == EBUSY)
        try fs.write("\(ctx)/monitoring_attrs/intervals/aggr_us", "200000")
    }

    @Test func updateTunedIntervalsShowsCommittedValues() throws {
        let fs = try makeConfigured()
        try fs.write(state, "on")
        try fs.write("\(ctx)/monitoring_attrs/intervals/sample_us", "7000")
        try fs.write(state, "update_tuned_intervals")
        #expect(try fs.read("\(ctx)/monitoring_attrs/intervals/sample_us") == "5000")
    }

    @Test func twoKdamondsRunIndependently() throws {
        let fs = try makeConfigured()
        try fs.write("\(kd)/nr_kdamonds", "2")
        for k in 0..<2 {
            try fs.write("\(kd)/\(k)/contexts/nr_contexts", "1")
            try fs.write("\(kd)/\(k)/contexts/0/operations", "paddr")
        }
        try fs.write("\(kd)/1/state", "on")
        #expect(fs.isRunning(kdamond: 1) && !fs.isRunning(kdamond: 0))
        try fs.write("\(kd)/0/state", "on")
        #expect(try fs.read("\(kd)/0/pid") != fs.read("\(kd)/1/pid"))
    }
}
