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
            throw DamoError("target '\(target)' is not supported")
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

    // MARK: contexts

    mutating func contexts() throws -> [DamonContext] {
        var ctxs: [DamonContext] = []
        for i in 0..<nrContexts {
            var ctx = try context(i)
            try apply(i, to: &ctx)
            ctxs.append(ctx)
        }
        try assignTargets(&ctxs)
        try assignSchemes(&ctxs)
        try assignProbes(&ctxs)
        return ctxs
    }

    static func override(_ values: inout [String], _ new: [String?]) {
        for (i, v) in new.enumerated() where i < values.count { if let v { values[i] = v } }
    }

    mutating func context(_ i: Int) throws -> DamonContext {
        if args.ops![i] == nil { args.ops![i] = (args.targetPid![safe: i] ?? nil) == nil ? "paddr" : "vaddr" }
        let ops = try DamonOps.named(args.ops![i]!)

        var intervalTexts = ["5ms", "100ms", "1s"]
        if let given = args.monitoringIntervals![i] { Self.override(&intervalTexts, given) }
        Self.override(&intervalTexts, [args.sample![i], args.aggr![i], args.updr![i]])
        var goalTexts = ["0%", "0", "0us", "0us"]
        if args.monitoringIntervalsAutotune {
            goalTexts = ["4%", "3", "5ms", "10s"]
        } else if let given = args.monitoringIntervalsGoal![i] {
            goalTexts = given
        }
        let intervals: Intervals
        do {
            let goal = IntervalsGoal(
                accessBp: try UnitParse.bp(goalTexts[0]), aggrs: try UnitParse.nr(goalTexts[1]),
                minSampleUs: try UnitParse.us(goalTexts[2]), maxSampleUs: try UnitParse.us(goalTexts[3]))
            intervals = Intervals(
                sample: try UnitParse.us(intervalTexts[0]), aggr: try UnitParse.us(intervalTexts[1]),
                opsUpdate: try UnitParse.us(intervalTexts[2]), goal: goal)
        } catch let e as UnitParseError {
            throw DamoError("invalid intervals arguments (\(e))")
        }

        var rangeTexts = ["10", "1000"]
        if let given = args.monitoringNrRegionsRange![i] { Self.override(&rangeTexts, given) }
        Self.override(&rangeTexts, [args.minr![i], args.maxr![i]])
        let nrRegions = NrRegionsRange(
            min: try parse(rangeTexts[0], UnitParse.nr, "invalid nr_regions arguments"),
            max: try parse(rangeTexts[1], UnitParse.nr, "invalid nr_regions arguments"))
        if nrRegions.min > nrRegions.max {
            throw DamoError("invalid nr_regions arguments (min \(rangeTexts[0]) > max \(rangeTexts[1]))")
        }

        let (opsAttrs, sampleControl) = try opsAttrsAndSampleControl(i)
        return DamonContext(
            ops: ops, opsAttrs: opsAttrs, intervals: intervals, nrRegions: nrRegions,
            sampleControl: sampleControl, pause: args.pauseCtx?.contains(i) ?? false)
    }

    /// The experimental --exp_ops_* and --sample_primitives options: sample
    /// control on kernels having it, report-only attributes otherwise.
    mutating func opsAttrsAndSampleControl(_ i: Int) throws -> (OpsAttrs, DamonSampleControl) {
        if let primitives = args.samplePrimitives![i] {
            if args.expOpsUseReports![i] != nil {
                throw DamoError("exp_ops_* handling fail (--sample_primitives and --exp_ops_use_reports used together)")
            }
            switch primitives {
            case ["page_table"]: args.expOpsUseReports![i] = "N"
            case ["page_fault"]: args.expOpsUseReports![i] = "Y"
            default:
                throw DamoError("exp_ops_* handling fail (--sample_primitives of [\(primitives.map { "'\($0)'" }.joined(separator: ", "))] is not supported for now)")
            }
        }
        let useReports: Bool, writeOnly: Bool
        do {
            useReports = try args.expOpsUseReports![i].map(UnitParse.bool) ?? false
            writeOnly = try args.expOpsWriteOnly![i].map(UnitParse.bool) ?? false
        } catch let e as UnitParseError {
            throw DamoError("exp_ops_* handling fail (invalid ops_attrs arguments (\(e)))")
        }
        let cpus = args.expOpsCpus![i] ?? "all"
        let tids = args.expOpsTids![i] ?? ""
        guard host.featureAvailable("sysfs/damon_sample_control") else {
            return (OpsAttrs(useReports: useReports, writeOnly: writeOnly, cpus: cpus, tids: tids), DamonSampleControl())
        }
        var filters: [DamonSampleFilter] = []
        if writeOnly { filters.append(DamonSampleFilter(filterType: "write")) }
        if cpus != "all" { filters.append(DamonSampleFilter(filterType: "cpumask", cpumask: cpus)) }
        if tids != "" { filters.append(DamonSampleFilter(filterType: "threads", tidArr: tids)) }
        return (OpsAttrs(), DamonSampleControl(pageTable: !useReports, pageFault: useReports, filters: filters))
    }

    // MARK: targets

    mutating func assignTargets(_ ctxs: inout [DamonContext]) throws {
        let total = nrTargetsTotal
        if let obsolete = args.obsoleteTargets, obsolete.contains(where: { $0 >= total }) {
            throw DamoError("Invalid --obsolete_targets")
        }
        if args.nrTargets == nil {
            if ctxs.count != 1 { throw DamoError("--nr_targets is required for multiple contexts") }
            args.nrTargets = [total]
        }
        let nrTargets = args.nrTargets!
        var targets: [DamonTarget] = []
        var ops: DamonOps? = nil
        for idx in 0..<total {
            var sum = 0
            for (i, nr) in nrTargets.enumerated() {
                sum += nr
                if idx < sum {
                    ops = try DamonOps.named(args.ops![safe: i].flatMap { $0 } ?? "paddr")
                    break
                }
            }
            guard let ops else { throw DamoError("--nr_targets and number of targets mismatch") }
            targets.append(try target(idx, ops))
        }
        let sum = nrTargets.reduce(0, +)
        guard sum == targets.count else {
            throw DamoError("--nr_targets and number of targets mismatch (\(sum) != \(targets.count))")
        }
        guard nrTargets.count == ctxs.count else {
            throw DamoError("--nr_targets and number of ctxs mismatch (\(nrTargets.count) != \(ctxs.count))")
        }
        var start = 0
        for (i, nr) in nrTargets.enumerated() {
            ctxs[i].targets = Array(targets[start..<start + nr])
            start += nr
        }
    }

    func target(_ idx: Int, _ ops: DamonOps) throws -> DamonTarget {
        let regions = try initRegions(args.regions![idx], ops, args.numaNode![idx])
        return DamonTarget(
            pid: ops.targetHasPid ? args.targetPid![idx] : nil,
            obsolete: args.obsoleteTargets?.contains(idx) ?? false, regions: regions)
    }

    /// `--regions "<start>-<end> ..."`; for paddr without them, the System
    /// RAM of the given NUMA nodes or of the whole machine.
    func initRegions(_ text: String?, _ ops: DamonOps, _ numaNodes: [Int]?) throws -> [AddressRange] {
        var regions: [AddressRange] = []
        for word in (text ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
            let addrs = word.split(separator: "-", omittingEmptySubsequences: false)
            func wrong(_ why: String) -> DamoError { DamoError("Wrong '--regions' argument (\(why))") }
            guard addrs.count == 2 else { throw wrong("two addresses not given: '\(word)'") }
            let region: AddressRange
            do {
                region = AddressRange(start: try UnitParse.bytes(String(addrs[0])), end: try UnitParse.bytes(String(addrs[1])))
            } catch let e as UnitParseError {
                throw wrong("\(e)")
            }
            if region.start >= region.end { throw wrong("start >= end: '\(word)'") }
            if let last = regions.last, last.end > region.start { throw wrong("regions overlap: '\(word)'") }
            regions.append(region)
        }
        if ops == .paddr && regions.isEmpty {
            if let numaNodes {
                var ranges = try host.numaRanges(numaNodes).sorted { $0.start < $1.start }
                var merged: [(start: Int, end: Int)] = []
                for r in ranges {
                    if let last = merged.last, r.start <= last.end {
                        merged[merged.count - 1] = (min(last.start, r.start), max(last.end, r.end))
                    } else {
                        merged.append(r)
                    }
                }
                ranges = merged
                regions = ranges.map { AddressRange($0.start, $0.end) }
            } else {
                let span = try host.systemRAMSpan()
                regions = [AddressRange(span.start, span.end)]
            }
        }
        return regions
    }

    // MARK: schemes and probes

    mutating func assignSchemes(_ ctxs: inout [DamonContext]) throws {
        var schemes: [Damos] = []
        if !args.damosAction.isEmpty {
            var b = DamosResolver(args: args)
            schemes = try b.schemes()
        } else if let s = args.schemes {
            schemes = try DamonParamsText.schemes(s, env: env)
        }
        if args.nrSchemes == nil {
            if ctxs.count != 1 && !schemes.isEmpty { throw DamoError("--nr_schemes is required for multiple contexts") }
            args.nrSchemes = [schemes.count] + Array(repeating: 0, count: ctxs.count - 1)
        }
        let parts = try Self.split(schemes, by: args.nrSchemes ?? [], contexts: ctxs.count,
                                   itemsMismatch: "--nr_schemes and number of schemes mismatch",
                                   contextsMismatch: "--nr_schemes and number of ctxs mismatch")
        for i in ctxs.indices { ctxs[i].schemes = parts[i] }
    }

    mutating func assignProbes(_ ctxs: inout [DamonContext]) throws {
        let probes = try ProbesResolver.probes(&args)
        if args.nrProbes == nil {
            if ctxs.count != 1 && !probes.isEmpty { throw DamoError("--nr_probes is required") }
            args.nrProbes = [probes.count] + Array(repeating: 0, count: ctxs.count - 1)
        }
        let parts = try Self.split(probes, by: args.nrProbes ?? [], contexts: ctxs.count,
                                   itemsMismatch: "--nr_probes mismatches number of probes",
                                   contextsMismatch: "--nr_probes mismatches number of contexts")
        for i in ctxs.indices { ctxs[i].probes = parts[i] }
    }

    /// The items split into one list per context by the --nr_* counts,
    /// which must add up to the items and be one per context.
    static func split<T>(_ items: [T], by counts: [Int], contexts: Int, itemsMismatch: String,
                         contextsMismatch: String) throws -> [[T]] {
        let sum = counts.reduce(0, +)
        guard sum == items.count else { throw DamoError("\(itemsMismatch) (\(sum) != \(items.count))") }
        guard counts.count == contexts else { throw DamoError("\(contextsMismatch) (\(counts.count) != \(contexts))") }
        var start = 0
        return counts.map { n in
            defer { start += n }
            return Array(items[start..<start + n])
        }
    }
}

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
