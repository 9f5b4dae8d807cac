#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A scheme as the running kdamond got it at the last `on` or `commit`.
struct CommittedScheme {
    var action: String
    var sz: ClosedRange<UInt64>?
    var nrAccesses: ClosedRange<UInt64>?
    var age: ClosedRange<UInt64>?
    var quotaBytes: UInt64
    /// 0: every aggregation interval.
    var applyIntervalUs: UInt64 = 0
    /// Filters DAMON's core applies before a region is tried (addr,
    /// target; without an `allow` file, each filters out what it matches
    /// when `matching`, else what it does not).
    var coreFilters: [CoreFilter] = []

    enum CoreFilter {
        case addr(start: UInt64, end: UInt64, matching: Bool)
        case target(Int64, matching: Bool)
    }

    /// The parts of a region the core filters let be tried: an addr filter
    /// splits it at the range's ends (damos_filter_match()); a target
    /// filter keeps or drops it whole (the script's regions are target
    /// 0's).
    func tried(_ region: EmulatedRegion) -> [EmulatedRegion] {
        var parts = [region]
        for filter in coreFilters {
            switch filter {
            case .addr(let start, let end, let matching):
                parts = parts.flatMap { part -> [EmulatedRegion] in
                    let lo = max(part.start, start), hi = min(part.end, end)
                    var inside: [EmulatedRegion] = [], outside: [EmulatedRegion] = []
                    if lo < hi { inside.append(clipped(part, lo, hi)) }
                    if part.start < min(part.end, start) { outside.append(clipped(part, part.start, min(part.end, start))) }
                    if max(part.start, end) < part.end { outside.append(clipped(part, max(part.start, end), part.end)) }
                    return matching ? outside : inside
                }
            case .target(let index, let matching):
                if (index == 0) == matching { parts = [] }
            }
        }
        return parts
    }

    func clipped(_ r: EmulatedRegion, _ start: UInt64, _ end: UInt64) -> EmulatedRegion {
        EmulatedRegion(start: start, end: end, nrAccesses: r.nrAccesses, age: r.age, szFilterPassed: r.szFilterPassed,
                       probeHits: r.probeHits)
    }

    /// Whether a region matches the access pattern (min and max form a
    /// closed interval; a min above max matches nothing).
    func matches(_ region: EmulatedRegion) -> Bool {
        func within(_ value: UInt64, _ range: ClosedRange<UInt64>?) -> Bool { range?.contains(value) ?? false }
        return within(region.end &- region.start, sz) && within(region.nrAccesses, nrAccesses)
            && within(region.age, age)
    }
}

/// The running DAMON context's parameters (the kernel's damon_ctx copy).
struct CommittedContext {
    var operations: String
    var sampleUs: UInt64
    var aggrUs: UInt64
    var schemes: [CommittedScheme]
    /// Pids of vaddr/fvaddr targets (none for paddr).
    var targetPids: [Int] = []
}

/// What the kernel keeps per kdamond besides its sysfs files.
struct KdamondRuntime {
    /// A damon_ctx exists: set by a successful `on`, kept after `off`.
    var hasContext = false
    var running = false
    var pid = -1
    var committed: CommittedContext?
    /// Cumulative stats per committed scheme.
    var stats: [EmulatedSchemeStats] = []
    var statsUpdates = 0
    var regionsUpdates = 0
    /// When the kdamond took its parameters (`on` or `commit`), in
    /// CLOCK_MONOTONIC seconds: where its intervals count from.
    var since = 0.0
}

extension SysfsEmulator {
    /// Whether kdamond K is running.
    public func isRunning(kdamond: Int) -> Bool { runtimes[kdamond]?.running ?? false }

    /// Makes a running kdamond stop by itself, as when its only target
    /// process exits: state reads "off", pid -1, and writing `off` then
    /// fails with EPERM.
    public func simulateKdamondExit(kdamond: Int) {
        guard runtimes[kdamond]?.running == true else { return }
        runtimes[kdamond]?.running = false
        runtimes[kdamond]?.pid = -1
        showState(kdamond)
    }

    func handleStateCommand(kdamond k: Int, _ value: String) throws(KernelErrno) {
        guard let command = release.stateCommands.first(where: { KernelParse.streq(value, $0) }),
            let node = kdamondNode(k)
        else { throw KernelErrno(EINVAL) }
        var rt = runtimes[k] ?? KdamondRuntime()
        let written = Self.monotonicSeconds(), wasRunning = rt.running
        defer {
            runtimes[k] = rt
            showState(k)
        }
        // Before 6.14, what the kdamond handles is answered on the
        // writer's 100 ms tick, once handled.
        defer {
            if emulatesApplyTiming, release.behaviour.answersOnTick, !["on", "off"].contains(command), wasRunning {
                Self.sleep(untilTickAfter: written)
            }
        }
        switch command {
        case "on":
            if rt.running { throw KernelErrno(EBUSY) }
            if node.number("contexts/nr_contexts") != 1 { throw KernelErrno(EINVAL) }
            // The old context is destroyed before the new one is built.
            rt.hasContext = false
            rt.committed = nil
            let ctx = try buildContext(node)
            rt.hasContext = true
            rt.running = true
            rt.pid = nextKdamondPid
            nextKdamondPid += 1
            rt.committed = ctx
            rt.stats = Array(repeating: EmulatedSchemeStats(), count: ctx.schemes.count)
            rt.statsUpdates = 0
            rt.regionsUpdates = 0
            rt.since = Self.monotonicSeconds()
        case "off":
            guard rt.hasContext else { throw KernelErrno(EINVAL) }
            guard rt.running else { throw KernelErrno(EPERM) }
            rt.running = false
            rt.pid = -1
        case "commit":
            guard rt.hasContext, rt.running else { throw KernelErrno(EINVAL) }
            let ctx: CommittedContext
            do {
                ctx = try buildContext(node)
            } catch {
                // 6.1 to 6.13 apply a commit in the kdamond's own callback:
                // the write succeeds and the kdamond ends on the bad values.
                guard release.behaviour.refusedCommitEndsKdamond else { throw error }
                rt.running = false
                rt.pid = -1
                return
            }
            // damos_commit() keeps the stats of schemes that stay.
            rt.stats = (0..<ctx.schemes.count).map { $0 < rt.stats.count ? rt.stats[$0] : EmulatedSchemeStats() }
            rt.committed = ctx
            rt.since = Self.monotonicSeconds()
        case "commit_schemes_quota_goals":
            guard rt.running, node.number("contexts/nr_contexts") == 1 else { throw KernelErrno(EINVAL) }
        case "update_schemes_stats":
            guard rt.running else { throw KernelErrno(EINVAL) }
            updateStats(node, &rt, kdamond: k)
        case "update_schemes_tried_bytes", "update_schemes_tried_regions":
            guard rt.hasContext else { throw KernelErrno(EINVAL) }
            if release.behaviour.clearsTriedRegionsBeforeRunningCheck { clearTriedRegions(node) }
            guard rt.running else { throw KernelErrno(EINVAL) }
            clearTriedRegions(node)
            if emulatesApplyTiming { waitForNextApplication(rt) }
            updateTriedRegions(node, &rt, bytesOnly: command == "update_schemes_tried_bytes", kdamond: k)
        case "clear_schemes_tried_regions":
            guard node.number("contexts/nr_contexts") >= 1 else { throw KernelErrno(EINVAL) }
            if !release.behaviour.clearsTriedRegionsBeforeRunningCheck, !rt.running { throw KernelErrno(EINVAL) }
            clearTriedRegions(node)
        case "update_schemes_effective_quotas":
            guard rt.running else { throw KernelErrno(EINVAL) }
            updateEffectiveQuotas(node, rt, kdamond: k)
        case "update_tuned_intervals":
            guard rt.running, let ctx = rt.committed else { throw KernelErrno(EINVAL) }
            node.node("contexts/0/monitoring_attrs/intervals/sample_us")?.content = String(ctx.sampleUs)
            node.node("contexts/0/monitoring_attrs/intervals/aggr_us")?.content = String(ctx.aggrUs)
        default:
            throw KernelErrno(EINVAL)
        }
    }

    /// Ends running kdamonds whose every target process is gone, as the
    /// kernel does when their address spaces go away.
    public func endKdamondsOfExitedTargets(isAlive: (Int) -> Bool) {
        for (k, rt) in runtimes where rt.running {
            guard let pids = rt.committed?.targetPids, !pids.isEmpty else { continue }
            if !pids.contains(where: isAlive) { simulateKdamondExit(kdamond: k) }
        }
    }

    static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Sleeps to the next multiple of 100 ms since `start` (at least one).
    static func sleep(untilTickAfter start: Double) {
        let elapsed = monotonicSeconds() - start
        sleep(seconds: (elapsed / 0.1).rounded(.down) * 0.1 + 0.1 - elapsed)
    }

    static func sleep(seconds: Double) {
        var wait = seconds
        while wait > 0 {
            let slice = min(wait, 0.5)
            var ts = timespec(tv_sec: Int(slice), tv_nsec: Int((slice - Double(Int(slice))) * 1e9))
            nanosleep(&ts, nil)
            wait -= slice
        }
    }

    /// The kernel fills tried regions when it next applies the schemes (at
    /// the end of their apply interval; 0 is the aggregation interval),
    /// and only then answers the request.
    func waitForNextApplication(_ rt: KdamondRuntime) {
        guard let ctx = rt.committed else { return }
        let intervals = ctx.schemes.map { Double($0.applyIntervalUs == 0 ? ctx.aggrUs : $0.applyIntervalUs) / 1e6 }
        guard let longest = intervals.max(), longest > 0 else { return }
        let elapsed = Self.monotonicSeconds() - rt.since
        Self.sleep(seconds: longest - elapsed.truncatingRemainder(dividingBy: longest))
    }

    /// Shows a kdamond's runtime in its `state` and `pid` files.
    func showState(_ k: Int) {
        guard let node = kdamondNode(k) else { return }
        let rt = runtimes[k] ?? KdamondRuntime()
        node.children["state"]?.content = rt.running ? "on" : "off"
        node.children["pid"]?.content = String(rt.pid)
    }

    /// damon_sysfs_build_ctx(): the checks `on` and `commit` make while
    /// turning the files into a DAMON context.
    func buildContext(_ kdamond: Node) throws(KernelErrno) -> CommittedContext {
        guard kdamond.number("contexts/nr_contexts") == 1, let ctx = kdamond.node("contexts/0") else {
            throw KernelErrno(EINVAL)
        }
        // damon_select_ops()
        let operations = ctx.text("operations")
        guard availableOperations.contains(operations) else { throw KernelErrno(EINVAL) }
        if release.has("sysfs/addr_unit"), ctx.number("addr_unit") == 0 { throw KernelErrno(EINVAL) }

        // damon_set_attrs()
        let intervals = "monitoring_attrs/intervals/"
        let sample = ctx.number(intervals + "sample_us")
        let aggr = ctx.number(intervals + "aggr_us")
        if release.has("sysfs/intervals_goal"), ctx.number(intervals + "intervals_goal/aggrs") != 0 {
            let minSample = ctx.number(intervals + "intervals_goal/min_sample_us")
            let maxSample = ctx.number(intervals + "intervals_goal/max_sample_us")
            if minSample > maxSample || sample < minSample || maxSample < sample { throw KernelErrno(EINVAL) }
        }
        let minRegions = ctx.number("monitoring_attrs/nr_regions/min")
        let maxRegions = ctx.number("monitoring_attrs/nr_regions/max")
        if minRegions < 3 || minRegions > maxRegions { throw KernelErrno(EINVAL) }
        if release.behaviour.checksSampleAgainstAggr, sample > aggr { throw KernelErrno(EINVAL) }

        // damon_sysfs_add_targets()
        let targets = ctx.node("targets")?.numberedChildren ?? []
        if operations == "paddr", targets.count > 1 { throw KernelErrno(EINVAL) }
        for target in targets {
            if operations != "paddr", !pidExists(Int(target.signedNumber("pid_target"))) {
                throw KernelErrno(EINVAL)
            }
            var previousEnd: UInt64 = 0
            for region in target.node("regions")?.numberedChildren ?? [] {
                let start = region.number("start"), end = region.number("end")
                if start > end || previousEnd > start { throw KernelErrno(EINVAL) }
                previousEnd = end
            }
        }

        // damon_sysfs_add_schemes()
        var schemes: [CommittedScheme] = []
        for scheme in ctx.node("schemes")?.numberedChildren ?? [] {
            for filters in ["filters", "core_filters", "ops_filters"] {
                for filter in scheme.node(filters)?.numberedChildren ?? []
                where filter.text("type") == "addr" && filter.number("addr_end") < filter.number("addr_start") {
                    throw KernelErrno(EINVAL)
                }
            }
            func range(_ name: String) -> ClosedRange<UInt64>? {
                let low = scheme.number("access_pattern/\(name)/min")
                let high = scheme.number("access_pattern/\(name)/max")
                return low <= high ? low...high : nil
            }
            var core: [CommittedScheme.CoreFilter] = []
            // (kernels with an `allow` file filter differently: not emulated)
            for filter in scheme.node("filters")?.numberedChildren ?? [] where filter.node("allow") == nil {
                let matching = filter.text("matching") == "Y"
                switch filter.text("type") {
                case "addr":
                    core.append(.addr(start: filter.number("addr_start"), end: filter.number("addr_end"), matching: matching))
                case "target": core.append(.target(filter.signedNumber("damon_target_idx"), matching: matching))
                default: break
                }
            }
            schemes.append(CommittedScheme(
                action: scheme.text("action"), sz: range("sz"), nrAccesses: range("nr_accesses"),
                age: range("age"), quotaBytes: scheme.number("quotas/bytes"),
                applyIntervalUs: scheme.node("apply_interval_us") == nil ? 0 : scheme.number("apply_interval_us"),
                coreFilters: core))
        }
        let pids = operations == "paddr" ? [] : targets.map { Int($0.signedNumber("pid_target")) }
        return CommittedContext(operations: operations, sampleUs: sample, aggrUs: aggr, schemes: schemes,
                                targetPids: pids)
    }

    func schemeNodes(_ kdamond: Node) -> [Node] {
        kdamond.node("contexts/0/schemes")?.numberedChildren ?? []
    }

    func clearTriedRegions(_ kdamond: Node) {
        for scheme in schemeNodes(kdamond) {
            guard let tried = scheme.node("tried_regions") else { continue }
            tried.removeNumberedChildren()
            tried.children["total_bytes"]?.content = "0"
        }
    }
}
