import DamonModel

/// The contexts, with their targets, schemes and probes, of the options.
extension DamonParamsResolver {
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
