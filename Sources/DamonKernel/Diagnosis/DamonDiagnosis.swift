import DamonModel

/// What `damo diagnose` finds, read-only: DAMON's interfaces, the
/// kdamonds as their files are (statistics are not refreshed, as that
/// would be a write), the DAMON modules, DAMON's kernel messages, and the
/// states that look wrong.
public struct DamonDiagnosis {
    public struct Module: Sendable, Equatable {
        public let name: String
        public let enabled: Bool?
        public let kdamondPid: Int?
    }

    public struct Debugfs: Sendable, Equatable {
        /// On kernels with both interfaces, "on" while any kdamond runs.
        public let monitorOn: String?
        /// The pid of the debugfs context's kdamond, or "none".
        public let kdamondPid: String?
        public let targetIds: String?

        public var pid: Int? { kdamondPid.flatMap { Int($0) } }
    }

    public var release: String?
    public var hasSysfs = false
    public var kdamonds: [Kdamond] = []
    public var kdamondsError: String?
    public var debugfs: Debugfs?
    public var modules: [Module] = []
    public var messages: [KernelLog.Message] = []
    public var messagesError: String?
    public var features: [FeatureProbe.Finding] = []
    /// Findings that look wrong, one sentence each.
    public var problems: [String] = []

    /// Reads everything.  `processExists` answers for pids (tests give
    /// their own); `kernelLog` is /dev/kmsg or a file of its records.
    public static func examine(fs: DamonFS, release: String?, kernelLog: String = "/dev/kmsg",
                               processExists: (Int) -> Bool = ProcFS.processExists) -> DamonDiagnosis {
        var d = DamonDiagnosis()
        d.release = release
        let probe = FeatureProbe(fs: fs, release: release)
        d.features = probe.probe()
        d.hasSysfs = probe.hasSysfs && fs.isDirectory(SysfsPaths.kdamonds)
        if d.hasSysfs {
            do { d.kdamonds = try SysfsReader(fs: fs).readKdamonds() } catch {
                d.kdamondsError = "\(error)"
            }
        }
        if probe.hasDebugfs {
            func text(_ name: String) -> String? { try? fs.read(FeatureProbe.debugfs + "/" + name) }
            d.debugfs = Debugfs(monitorOn: text("monitor_on"), kdamondPid: text("kdamond_pid"), targetIds: text("target_ids"))
        }
        for name in ["damon_reclaim", "damon_lru_sort", "damon_stat"] where fs.isDirectory("module/" + name) {
            func param(_ p: String) -> String? { try? fs.read("module/\(name)/parameters/\(p)") }
            d.modules.append(Module(name: name, enabled: param("enabled").map { $0 == "Y" },
                                    kdamondPid: param("kdamond_pid").flatMap { Int($0) }))
        }
        do { d.messages = KernelLog.aboutDamon(try KernelLog.read(path: kernelLog)) } catch {
            d.messagesError = error.description
        }
        d.problems = d.findProblems(processExists: processExists)
        return d
    }

    func findProblems(processExists: (Int) -> Bool) -> [String] {
        var problems: [String] = []
        if !hasSysfs && debugfs == nil && modules.isEmpty {
            problems.append("no DAMON interface found (no sysfs kernel/mm/damon, debugfs or DAMON module): the kernel may be built without CONFIG_DAMON, or sysfs/debugfs are not mounted")
        }
        if let kdamondsError { problems.append("the kdamonds' files cannot be read: \(kdamondsError)") }
        for (k, kdamond) in kdamonds.enumerated() {
            let on = kdamond.state == "on"
            let pid = kdamond.pid ?? -1
            if on && (pid <= 0 || !processExists(pid)) {
                problems.append("kdamond \(k) is on, but its thread (pid \(pid)) does not exist")
            }
            if !on && pid > 0 {
                problems.append("kdamond \(k) is \(kdamond.state ?? "in an unknown state") but shows pid \(pid)")
            }
            if on && kdamond.contexts.isEmpty { problems.append("kdamond \(k) is on without a context") }
            for (c, context) in kdamond.contexts.enumerated() {
                problems += contextProblems(context, "kdamond \(k) context \(c)", running: on, processExists: processExists)
            }
        }
        if let debugfs, let pid = debugfs.pid, pid > 0 {
            if !processExists(pid) {
                problems.append("the debugfs interface's kdamond (pid \(pid)) does not exist")
            }
            if kdamonds.contains(where: { $0.state == "on" }) {
                problems.append("DAMON runs through both the debugfs and the sysfs interfaces")
            }
        }
        for module in modules {
            if module.enabled == true, let pid = module.kdamondPid, pid <= 0 {
                problems.append("\(module.name) is enabled, but its kdamond is not running (kdamond_pid \(pid))")
            }
            if module.enabled == false, let pid = module.kdamondPid, pid > 0 {
                problems.append("\(module.name) is disabled, but shows a kdamond (pid \(pid))")
            }
        }
        let bad = messages.filter { $0.level <= 4 }
        if !bad.isEmpty {
            problems.append("the kernel logged \(bad.count) warning or error message(s) about DAMON (last: \(bad.last!.line))")
        }
        return problems
    }

    func contextProblems(_ context: DamonContext, _ name: String, running: Bool,
                         processExists: (Int) -> Bool) -> [String] {
        var problems: [String] = []
        if context.intervals.sample > context.intervals.aggr {
            problems.append("\(name): the sampling interval is longer than the aggregation interval")
        }
        if context.nrRegions.min < .int(3) || context.nrRegions.min > context.nrRegions.max {
            problems.append("\(name): the number of regions range [\(context.nrRegions.min), \(context.nrRegions.max)] is invalid (the minimum must be 3 or more, and not above the maximum)")
        }
        if running && context.targets.isEmpty { problems.append("\(name) runs without a target") }
        for (t, target) in context.targets.enumerated() {
            if context.ops.targetHasPid, running, let pid = target.pid, !processExists(pid) {
                problems.append("\(name) target \(t): process \(pid) no longer exists (the kdamond should have stopped)")
            }
            if context.ops == .paddr && target.regions.isEmpty {
                problems.append("\(name) target \(t): no physical address region to monitor")
            }
        }
        for (s, scheme) in context.schemes.enumerated() where scheme.watermarks.metric != .none {
            let w = scheme.watermarks
            if !(w.highPermil >= w.midPermil && w.midPermil >= w.lowPermil) {
                problems.append("\(name) scheme \(s): watermarks are out of order (high \(w.highPermil), mid \(w.midPermil), low \(w.lowPermil))")
            }
        }
        return problems
    }
}
