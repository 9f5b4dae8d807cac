import DamonModel

/// Builds kdamonds from DAMON parameter options as damo 3.4.3 does:
/// full parameters (--kdamonds, or the deducible target) as given;
/// otherwise contexts, targets, schemes and probes from the options,
/// grouped by --nr_* counts or the --kdamond/--damon_ctx/... markers.
struct DamonParamBuilder {
    var args: DamonParamArgs
    var env: DamonParamEnvironment
    /// The command of a command-line target, started once the rest of the
    /// parameters proved valid.
    var pendingCommand: String? = nil

    /// Stands for the pid of a command not started yet.
    static let commandPidPlaceholder = Int.min

    init(_ args: DamonParamArgs, env: DamonParamEnvironment = DamonParamEnvironment()) {
        self.args = args
        self.env = env
    }

    mutating func kdamonds() throws -> [Kdamond] {
        if let k = args.kdamonds { return try DamonParamInput.kdamonds(k, option: "--kdamonds") }
        if let target = args.deducibleTarget {
            if let kdamonds = try DamonParamInput.deducedKdamonds(target) { return kdamonds }
            try deduceTarget(target)
        }
        try evaluate()
        try setNrArgs()
        fillUpContextArgs()
        fillUpTargetArgs()
        let ctxs = try contexts()
        let nrCtxs = args.nrCtxs ?? [ctxs.count]
        guard nrCtxs.reduce(0, +) == ctxs.count else {
            throw CLIError("--nr_ctxs and number of ctxs mismatch (\(nrCtxs.reduce(0, +)) != \(ctxs.count))")
        }
        var kdamonds: [Kdamond] = []
        var start = 0
        for nr in nrCtxs {
            var refreshMs: PyNum = .int(0)
            if let refresh = args.refreshStat, refresh.count > kdamonds.count {
                refreshMs = try parse(refresh[kdamonds.count], UnitParse.ms, "kdamond creation fail")
            }
            kdamonds.append(Kdamond(refreshMs: refreshMs, contexts: Array(ctxs[start..<start + nr])))
            start += nr
        }
        for kd in kdamonds {
            for ctx in kd.contexts where ctx.ops != .paddr && ctx.addrUnit != .int(1) {
                throw CLIError("only paddr supports non-one --damon_addr_unit")
            }
        }
        if let command = pendingCommand {
            let pid = try env.startCommand(command)
            for k in kdamonds.indices {
                for c in kdamonds[k].contexts.indices {
                    for t in kdamonds[k].contexts[c].targets.indices
                    where kdamonds[k].contexts[c].targets[t].pid == DamonParamBuilder.commandPidPlaceholder {
                        kdamonds[k].contexts[c].targets[t].pid = pid
                    }
                }
            }
        }
        return kdamonds
    }

    /// A number through `parse`, errors prefixed with `context`.
    func parse(_ text: String, _ parse: (String) throws -> PyNum, _ context: String) throws -> PyNum {
        do { return try parse(text) } catch let e as UnitParseError { throw CLIError("\(context) (\(e))") }
    }

    // MARK: the deducible target

    func warnOverride(_ option: String) {
        env.say("warning: \(option) is overridden by <deducible target>")
    }

    mutating func deduceTarget(_ target: String) throws {
        if let nr = args.nrCtxs, nr != [1] {
            throw CLIError("deducible target with multiple contexts ([\(nr.map(String.init).joined(separator: ", "))])")
        }
        let pid: Int
        if target == "paddr" {
            if let ops = args.ops, ops != ["paddr"] { warnOverride("--ops") }
            args.ops = ["paddr"]
            if args.targetPid != nil { warnOverride("--target_pid") }
            args.targetPid = nil
            return
        } else if target == "vaddr" || target == "fvaddr" {
            throw CLIError("target '\(target)' needs the process: give its pid or command line instead")
        } else if env.isCommand(target) {
            pid = DamonParamBuilder.commandPidPlaceholder
            pendingCommand = target
        } else if let n = UnitParse.pyInt(target), let p = Int(exactly: n) {
            guard env.processExists(p) else { throw CLIError("target process \(p) does not exist") }
            pid = p
        } else {
            throw CLIError("target '\(target)' is not supported")
        }
        if args.targetPid != nil { env.say("warning: --target_pid will be ignored") }
        args.targetPid = [pid]
        if args.regions == nil {
            if let ops = args.ops, ops != ["vaddr"] { warnOverride("--ops") }
            args.ops = ["vaddr"]
        } else {
            if let ops = args.ops, ops != ["fvaddr"] {
                env.say("warning: override --ops by <deducible target> and --regions")
            }
            args.ops = ["fvaddr"]
        }
    }

    // MARK: checks before building

    func evaluate() throws {
        if args.damosAction.isEmpty && args.anyDamosOptionButAction {
            throw CLIError("'damos_action' not specified while using --damos_* option(s)")
        }
        if !args.damosQuotas.isEmpty && !args.damosQuotaInterval.isEmpty {
            throw CLIError("--damos_quotas and --damos_quota_interval cannot passed together")
        }
        if !args.damosQuotaGoal.isEmpty {
            if args.damosQuotas.isEmpty && args.damosQuotaInterval.isEmpty {
                throw CLIError("'reset_interval_ms' not specified when setting quota goals")
            }
            for q in args.damosQuotas where (q?.count ?? 0) < 3 {
                throw CLIError("'reset_interval_ms' not specified when setting quota goals")
            }
        }
        for pid in args.targetPid ?? [] {
            if let pid, pid != DamonParamBuilder.commandPidPlaceholder, !env.processExists(pid) {
                throw CLIError("--target_pid \(pid): no such process")
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
            throw CLIError("--[damos]_nr_* cannot be used with start markers")
        }
        var order = args.order
        if !args.damonTarget { order.insert("damon_target", at: 0) }
        if !args.damonCtx { order.insert("damon_ctx", at: 0) }
        if !args.kdamond { order.insert("kdamond", at: 0) }

        var nrCtxs: [Int] = [], nrTargets: [Int] = [], nrSchemes: [Int] = []
        var nrProbePreps: [Int] = [], nrProbeFilters: [Int] = []
        var nrQuotaGoals: [Int] = [], nrFilters: [Int] = []
        func count(_ list: inout [Int], _ option: String) throws {
            guard !list.isEmpty else { throw CLIError("wrong position of --\(option)") }
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
        args.damonAddrUnit = Self.padded(args.damonAddrUnit, n)
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
        for i in 0..<nrContexts { ctxs.append(try context(i)) }
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
            throw CLIError("invalid intervals arguments (\(e))")
        }

        var rangeTexts = ["10", "1000"]
        if let given = args.monitoringNrRegionsRange![i] { Self.override(&rangeTexts, given) }
        Self.override(&rangeTexts, [args.minr![i], args.maxr![i]])
        let nrRegions = NrRegionsRange(
            min: try parse(rangeTexts[0], UnitParse.nr, "invalid nr_regions arguments"),
            max: try parse(rangeTexts[1], UnitParse.nr, "invalid nr_regions arguments"))
        if nrRegions.min > nrRegions.max {
            throw CLIError("invalid nr_regions arguments (min \(rangeTexts[0]) > max \(rangeTexts[1]))")
        }

        let (opsAttrs, sampleControl) = try opsAttrsAndSampleControl(i)
        let addrUnit = try args.damonAddrUnit![i].map {
            try parse($0, UnitParse.bytes, "Creating context from arguments failed")
        } ?? .int(1)
        return DamonContext(
            ops: ops, opsAttrs: opsAttrs, addrUnit: addrUnit, intervals: intervals, nrRegions: nrRegions,
            sampleControl: sampleControl, pause: args.pauseCtx?.contains(i) ?? false)
    }

    /// The experimental --exp_ops_* and --sample_primitives options: sample
    /// control on kernels having it, report-only attributes otherwise.
    mutating func opsAttrsAndSampleControl(_ i: Int) throws -> (OpsAttrs, DamonSampleControl) {
        if let primitives = args.samplePrimitives![i] {
            if args.expOpsUseReports![i] != nil {
                throw CLIError("exp_ops_* handling fail (--sample_primitives and --exp_ops_use_reports used together)")
            }
            switch primitives {
            case ["page_table"]: args.expOpsUseReports![i] = "N"
            case ["page_fault"]: args.expOpsUseReports![i] = "Y"
            default:
                throw CLIError("exp_ops_* handling fail (--sample_primitives of [\(primitives.map { "'\($0)'" }.joined(separator: ", "))] is not supported for now)")
            }
        }
        let useReports: Bool, writeOnly: Bool
        do {
            useReports = try args.expOpsUseReports![i].map(UnitParse.bool) ?? false
            writeOnly = try args.expOpsWriteOnly![i].map(UnitParse.bool) ?? false
        } catch let e as UnitParseError {
            throw CLIError("exp_ops_* handling fail (invalid ops_attrs arguments (\(e)))")
        }
        let cpus = args.expOpsCpus![i] ?? "all"
        let tids = args.expOpsTids![i] ?? ""
        guard env.featureAvailable("sysfs/damon_sample_control") else {
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
            throw CLIError("Invalid --obsolete_targets")
        }
        if args.nrTargets == nil {
            if ctxs.count != 1 { throw CLIError("--nr_targets is required for multiple contexts") }
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
            guard let ops else { throw CLIError("--nr_targets and number of targets mismatch") }
            targets.append(try target(idx, ops))
        }
        let sum = nrTargets.reduce(0, +)
        guard sum == targets.count else {
            throw CLIError("--nr_targets and number of targets mismatch (\(sum) != \(targets.count))")
        }
        guard nrTargets.count == ctxs.count else {
            throw CLIError("--nr_targets and number of ctxs mismatch (\(nrTargets.count) != \(ctxs.count))")
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
            func wrong(_ why: String) -> CLIError { CLIError("Wrong '--regions' argument (\(why))") }
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
                var ranges = try env.numaRanges(numaNodes).sorted { $0.start < $1.start }
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
                let span = try env.systemRAMSpan()
                regions = [AddressRange(span.start, span.end)]
            }
        }
        return regions
    }

    // MARK: schemes and probes

    mutating func assignSchemes(_ ctxs: inout [DamonContext]) throws {
        var schemes: [Damos] = []
        if !args.damosAction.isEmpty {
            var b = DamosParamBuilder(args: args)
            schemes = try b.schemes()
        } else if let s = args.schemes {
            schemes = try DamonParamInput.schemes(s)
        }
        if args.nrSchemes == nil {
            if ctxs.count != 1 && !schemes.isEmpty { throw CLIError("--nr_schemes is required for multiple contexts") }
            args.nrSchemes = [schemes.count] + Array(repeating: 0, count: ctxs.count - 1)
        }
        let nr = args.nrSchemes!
        let sum = nr.reduce(0, +)
        guard sum == schemes.count else {
            throw CLIError("--nr_schemes and number of schemes mismatch (\(sum) != \(schemes.count))")
        }
        guard nr.count == ctxs.count else {
            throw CLIError("--nr_schemes and number of ctxs mismatch (\(nr.count) != \(ctxs.count))")
        }
        var start = 0
        for (i, n) in nr.enumerated() {
            ctxs[i].schemes = Array(schemes[start..<start + n])
            start += n
        }
    }

    mutating func assignProbes(_ ctxs: inout [DamonContext]) throws {
        let probes = try DamonProbeParamBuilder.probes(&args)
        if args.nrProbes == nil {
            if ctxs.count != 1 && !probes.isEmpty { throw CLIError("--nr_probes is required") }
            args.nrProbes = [probes.count] + Array(repeating: 0, count: ctxs.count - 1)
        }
        let nr = args.nrProbes!
        let sum = nr.reduce(0, +)
        guard sum == probes.count else {
            throw CLIError("--nr_probes mismatches number of probes (\(sum) != \(probes.count))")
        }
        guard nr.count == ctxs.count else {
            throw CLIError("--nr_probes mismatches number of contexts (\(nr.count) != \(ctxs.count))")
        }
        var start = 0
        for (i, n) in nr.enumerated() {
            ctxs[i].probes = Array(probes[start..<start + n])
            start += n
        }
    }
}

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
