import DamonModel

/// The parameters the options resolve to: the kdamonds, and the command
/// damo is to start and monitor (a command given as the target), whose
/// pid the targets at `workloadTargets` get once the caller started it.
public struct ResolvedDamonParams {
    public var kdamonds: [Kdamond]
    public var workload: String?
    /// kdamond, context and target index of each target of the workload.
    public var workloadTargets: [(kdamond: Int, context: Int, target: Int)] = []

    /// The kdamonds with the started workload's pid in its targets.
    public func kdamonds(workloadPid pid: Int) -> [Kdamond] {
        var result = kdamonds
        for (k, c, t) in workloadTargets { result[k].contexts[c].targets[t].pid = pid }
        return result
    }
}

/// Resolves DAMON parameter options into kdamonds as damo 3.4.3 does:
/// full parameters (--kdamonds, or the deducible target) as given;
/// otherwise contexts, targets, schemes and probes from the options,
/// grouped by --nr_* counts or the --kdamond/--damon_ctx/... markers.
/// Nothing is started: a command given as the target is returned for the
/// caller to start.
struct DamonParamsResolver {
    var args: DamonOptionNamespace
    /// What the machine is asked (processes, memory), and where damo's
    /// warnings go (standard output, before the parameters).
    let env: DamoEnvironment
    var host: DamonParamsHost { env.host }
    /// The command of a command-line target.
    var workload: String? = nil

    init(_ args: DamonOptionNamespace, env: DamoEnvironment) {
        self.args = args
        self.env = env
    }

    func say(_ text: String) { env.say(text) }

    mutating func resolve() throws -> ResolvedDamonParams {
        if let k = args.kdamonds { return ResolvedDamonParams(kdamonds: try DamonParamsText.kdamonds(k, option: "--kdamonds")) }
        if let target = args.deducibleTarget {
            if let kdamonds = try DamonParamsText.deducedKdamonds(target) { return ResolvedDamonParams(kdamonds: kdamonds) }
            try deduceTarget(target)
        }
        try evaluate()
        try setNrArgs()
        fillUpContextArgs()
        fillUpTargetArgs()
        let ctxs = try contexts()
        let nrCtxs = args.nrCtxs ?? [ctxs.count]
        guard nrCtxs.reduce(0, +) == ctxs.count else {
            throw DamoError("--nr_ctxs and number of ctxs mismatch (\(nrCtxs.reduce(0, +)) != \(ctxs.count))")
        }
        var kdamonds: [Kdamond] = []
        var start = 0
        for nr in nrCtxs {
            var kdamond = Kdamond(contexts: Array(ctxs[start..<start + nr]))
            try apply(kdamonds.count, to: &kdamond)
            kdamonds.append(kdamond)
            start += nr
        }
        for kd in kdamonds {
            for ctx in kd.contexts where ctx.ops != .paddr && ctx.addrUnit != .int(1) {
                throw DamoError("only paddr supports non-one --damon_addr_unit")
            }
        }
        var resolved = ResolvedDamonParams(kdamonds: kdamonds, workload: workload)
        for (k, kd) in kdamonds.enumerated() {
            for (c, ctx) in kd.contexts.enumerated() {
                for (t, target) in ctx.targets.enumerated() where target.pid == DamonOptionNamespace.workloadPid {
                    resolved.kdamonds[k].contexts[c].targets[t].pid = nil
                    resolved.workloadTargets.append((k, c, t))
                }
            }
        }
        return resolved
    }

    /// A number through `parse`, errors prefixed with `context`.
    static func parse(_ text: String, _ parse: (String) throws -> PyNum, _ context: String) throws -> PyNum {
        do { return try parse(text) } catch let e as UnitParseError { throw DamoError("\(context) (\(e))") }
    }

    func parse(_ text: String, _ parse: (String) throws -> PyNum, _ context: String) throws -> PyNum {
        try Self.parse(text, parse, context)
    }

    /// The table's options of one kdamond, context or scheme: the i-th
    /// occurrence updates the i-th of them.
    func apply(_ i: Int, to kdamond: inout Kdamond) throws {
        for option in DamonOption.table {
            if case .kdamond(let update) = option.update, let words = args.occurrences[option.name]?[safe: i] {
                try update(&kdamond, words)
            }
        }
    }

    func apply(_ i: Int, to context: inout DamonContext) throws {
        for option in DamonOption.table {
            if case .context(let update) = option.update, let words = args.occurrences[option.name]?[safe: i] {
                try update(&context, words)
            }
        }
    }

    // MARK: the deducible target

    func warnOverride(_ option: String) {
        say("warning: \(option) is overridden by <deducible target>")
    }

    mutating func deduceTarget(_ target: String) throws {
        if let nr = args.nrCtxs, nr != [1] {
            throw DamoError("deducible target with multiple contexts ([\(nr.map(String.init).joined(separator: ", "))])")
        }
        let pid: Int
        if target == "paddr" {
            if let ops = args.ops, ops != ["paddr"] { warnOverride("--ops") }
            args.ops = ["paddr"]
            if args.targetPid != nil { warnOverride("--target_pid") }
            args.targetPid = nil
            return
        } else if target == "vaddr" || target == "fvaddr" {
            throw DamoError("target '\(target)' needs the process: give its pid or command line instead")
        } else if host.isCommand(target) {
            pid = DamonOptionNamespace.workloadPid
            workload = target
        } else if let n = UnitParse.pyInt(target), let p = Int(exactly: n) {
            guard host.processExists(p) else { throw DamoError("target process \(p) does not exist") }
            pid = p
        } else {
            throw DamoError("target '\(DamoError.excerpt(target))' is not supported (a command, a pid, 'paddr' or a parameters file)")
        }
        if args.targetPid != nil { say("warning: --target_pid will be ignored") }
        args.targetPid = [pid]
        if args.regions == nil {
            if let ops = args.ops, ops != ["vaddr"] { warnOverride("--ops") }
            args.ops = ["vaddr"]
        } else {
            if let ops = args.ops, ops != ["fvaddr"] {
                say("warning: override --ops by <deducible target> and --regions")
            }
            args.ops = ["fvaddr"]
        }
    }

    // MARK: checks before building

    func evaluate() throws {
        if args.damosAction.isEmpty && args.anyDamosOptionButAction {
            throw DamoError("'damos_action' not specified while using --damos_* option(s)")
        }
        if !args.damosQuotas.isEmpty && !args.damosQuotaInterval.isEmpty {
            throw DamoError("--damos_quotas and --damos_quota_interval cannot passed together")
        }
        if !args.damosQuotaGoal.isEmpty {
            if args.damosQuotas.isEmpty && args.damosQuotaInterval.isEmpty {
                throw DamoError("'reset_interval_ms' not specified when setting quota goals")
            }
            for q in args.damosQuotas where (q?.count ?? 0) < 3 {
                throw DamoError("'reset_interval_ms' not specified when setting quota goals")
            }
        }
        for pid in args.targetPid ?? [] {
            if let pid, pid != DamonOptionNamespace.workloadPid, !host.processExists(pid) {
                throw DamoError("--target_pid \(pid): no such process")
            }
        }
    }

    // MARK: start markers

    /// Counts of contexts, targets, schemes, probes, goals and filters from
    /// where the start markers are among the options.
    mutating func setNrArgs() throws {
        guard args.kdamond || args.damonCtx || args.probe || args.damosScheme else { return }
        let counts: [[Int]?] = [
            args.nrCtxs, args.nrTargets, args.nrSchemes, args.nrProbes, args.nrProbePreps, args.nrProbeFilters,
            args.damosNrQuotaGoals, args.damosNrFilters,
        ]
        if counts.contains(where: { $0 != nil && $0 != [] }) {
            throw DamoError("--[damos]_nr_* cannot be used with start markers")
        }
        var order = args.order
        if !args.damonTarget { order.insert("damon_target", at: 0) }
        if !args.damonCtx { order.insert("damon_ctx", at: 0) }
        if !args.kdamond { order.insert("kdamond", at: 0) }

        var nrCtxs: [Int] = [], nrTargets: [Int] = [], nrSchemes: [Int] = []
        var nrProbePreps: [Int] = [], nrProbeFilters: [Int] = []
        var nrQuotaGoals: [Int] = [], nrFilters: [Int] = []
        func count(_ list: inout [Int], _ option: String) throws {
            guard !list.isEmpty else { throw DamoError("wrong position of --\(option)") }
            list[list.count - 1] += 1
        }
        for name in order {
            switch name {
            case "kdamond": nrCtxs.append(0)
            case "damon_ctx":
                try count(&nrCtxs, name)
                nrTargets.append(0)
                nrSchemes.append(0)
            case "probe":
                nrProbePreps.append(0)
                nrProbeFilters.append(0)
            case "damos_scheme":
                nrQuotaGoals.append(0)
                nrFilters.append(0)
            case "damon_target": try count(&nrTargets, name)
            case "damos_action": try count(&nrSchemes, name)
            case "probe_prep": try count(&nrProbePreps, name)
            case "probe_filter": try count(&nrProbeFilters, name)
            case "damos_quota_goal": try count(&nrQuotaGoals, name)
            case "damos_filter": try count(&nrFilters, name)
            default: break
            }
        }
        if !nrCtxs.isEmpty { args.nrCtxs = nrCtxs }
        if !nrTargets.isEmpty || order.contains("damon_ctx") {
            args.nrTargets = nrTargets
            args.nrSchemes = nrSchemes
        }
        if order.contains("probe") {
            args.nrProbePreps = nrProbePreps
            args.nrProbeFilters = nrProbeFilters
        }
        if order.contains("damos_scheme") {
            args.damosNrQuotaGoals = nrQuotaGoals
            args.damosNrFilters = nrFilters
        }
    }

    // MARK: per-context and per-target lists

    var nrContexts: Int {
        var candidates: [Int] = []
        for n in [args.ops?.count, args.nrProbes?.count, args.sample?.count, args.aggr?.count, args.updr?.count,
                  args.minr?.count, args.maxr?.count, args.monitoringIntervals?.count,
                  args.monitoringIntervalsGoal?.count, args.monitoringNrRegionsRange?.count,
                  args.nrTargets?.count, args.nrSchemes?.count] {
            if let n { candidates.append(n) }
        }
        return candidates.max() ?? 1
    }

    var nrTargetsTotal: Int {
        max(args.targetPid?.count ?? 0, args.regions?.count ?? 0, args.numaNode?.count ?? 0, nrContexts)
    }

    static func padded<T>(_ list: [T?]?, _ count: Int) -> [T?] {
        let l = list ?? []
        return l.count >= count ? l : l + Array(repeating: nil, count: count - l.count)
    }

    mutating func fillUpContextArgs() {
        let n = nrContexts
        args.ops = Self.padded(args.ops, n)
        args.expOpsUseReports = Self.padded(args.expOpsUseReports, n)
        args.expOpsWriteOnly = Self.padded(args.expOpsWriteOnly, n)
        args.expOpsCpus = Self.padded(args.expOpsCpus, n)
        args.expOpsTids = Self.padded(args.expOpsTids, n)
        args.sample = Self.padded(args.sample, n)
        args.aggr = Self.padded(args.aggr, n)
        args.updr = Self.padded(args.updr, n)
        args.minr = Self.padded(args.minr, n)
        args.maxr = Self.padded(args.maxr, n)
        args.monitoringIntervals = Self.padded(args.monitoringIntervals, n)
        args.monitoringIntervalsGoal = Self.padded(args.monitoringIntervalsGoal, n)
        args.monitoringNrRegionsRange = Self.padded(args.monitoringNrRegionsRange, n)
        args.samplePrimitives = Self.padded(args.samplePrimitives, n)
    }

    mutating func fillUpTargetArgs() {
        let n = nrTargetsTotal
        args.targetPid = Self.padded(args.targetPid, n)
        args.regions = Self.padded(args.regions, n)
        args.numaNode = Self.padded(args.numaNode, n)
    }
}

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
