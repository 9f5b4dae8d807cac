import DamonModel

/// The text of DAMON's debugfs files (Linux 5.15 to 6.x): what damo writes
/// to `attrs`, `target_ids`, `init_regions` and `schemes`, and how what the
/// kernel shows in them reads back as DAMON parameters.
public enum DebugfsText {
    /// The kernel's numbers of the actions debugfs knows; newer actions
    /// exist only in sysfs.
    static let actionNumbers: [(DamosAction, Int)] = [
        (.willneed, 0), (.cold, 1), (.pageout, 2), (.hugepage, 3), (.nohugepage, 4), (.stat, 5),
    ]
    static let metricNumbers: [(DamosWatermarks.Metric, Int)] = [(.none, 0), (.freeMemRate, 1)]

    /// The target id debugfs shows for the physical address space.
    public static let paddrTargetID = 42

    static func actionNumber(_ action: DamosAction) -> Int? {
        actionNumbers.first { $0.0 == action }?.1
    }

    /// A parameter as the kernel's `%lu`/`%u` takes it: an integer, at most
    /// the field's maximum (a larger one would be truncated by the kernel
    /// into an arbitrary smaller bound).
    static func field(_ n: PyNum, max: UInt64) -> String {
        let value = n.truncated
        if value > Int128(max) { return String(max) }
        return PyFormat.decimal(value)
    }
    static func ulong(_ n: PyNum) -> String { field(n, max: UInt64.max) }
    static func uint(_ n: PyNum) -> String { field(n, max: UInt64(UInt32.max)) }

    /// `attrs`: sampling, aggregation and update intervals (us), then the
    /// minimum and maximum number of regions.
    public static func attrs(_ context: DamonContext) -> String {
        let i = context.intervals, r = context.nrRegions
        return [i.sample, i.aggr, i.opsUpdate, r.min, r.max].map(ulong).joined(separator: " ") + " "
    }

    /// `target_ids`: the pids, or `paddr` for the physical address space.
    public static func targetIDs(_ context: DamonContext) -> String {
        if context.ops == .paddr { return "paddr\n" }
        return context.targets.map { $0.pid.map(String.init) ?? "" }.joined(separator: " ")
    }

    /// `init_regions`: `<target> <start> <end>` triples, where the target
    /// is its index (Linux 5.18+) or its id (pid, or 42 for paddr, before).
    public static func initRegions(_ context: DamonContext, byIndex: Bool) -> String {
        var triples: [String] = []
        for (t, target) in context.targets.enumerated() {
            let id = byIndex ? t : (context.ops == .paddr ? paddrTargetID : target.pid ?? 0)
            for region in target.regions {
                triples.append("\(id) \(ulong(region.start)) \(ulong(region.end))")
            }
        }
        return triples.joined(separator: " ")
    }

    /// One line of `schemes`: the access pattern in the kernel's units, the
    /// action's number, quotas with their weights, and watermarks.
    public static func scheme(_ scheme: Damos, _ intervals: Intervals) throws -> String {
        guard let action = actionNumber(scheme.action) else {
            throw DamonControlError("the DAMON debugfs interface does not support the DAMOS action '\(scheme.action.rawValue)' (only "
                                    + actionNumbers.map(\.0.rawValue).joined(separator: ", ") + ")")
        }
        let p = scheme.accessPattern, units = p.kernelUnits(intervals)
        let q = scheme.quotas, w = scheme.watermarks
        let metric = metricNumbers.first { $0.0 == w.metric }!.1
        return [
            ulong(p.szMin), ulong(p.szMax), uint(units.nrAccessesMin), uint(units.nrAccessesMax),
            uint(units.ageMin), uint(units.ageMax), String(action),
            ulong(q.timeMs), ulong(q.szBytes), ulong(q.resetIntervalMs),
            uint(q.weightSzPermil), uint(q.weightNrAccessesPermil), uint(q.weightAgePermil),
            String(metric), ulong(w.intervalUs), ulong(w.highPermil), ulong(w.midPermil), ulong(w.lowPermil),
        ].joined(separator: "\t")
    }

    /// The whole `schemes` file; a lone newline clears it.
    public static func schemes(_ context: DamonContext) throws -> String {
        let lines = try context.schemes.map { try scheme($0, context.intervals) }
        return lines.isEmpty ? "\n" : lines.joined(separator: "\n")
    }

    // MARK: - Reading back

    static func numbers(_ text: Substring, in file: String) throws -> [Int128] {
        try text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map {
            guard let n = Int128($0) else { throw DamonControlError("unexpected content '\(text)' in \(file)") }
            return n
        }
    }

    public static func parseAttrs(_ text: String, file: String) throws -> (Intervals, NrRegionsRange) {
        let n = try numbers(Substring(text), in: file)
        guard n.count == 5 else { throw DamonControlError("unexpected content '\(text)' in \(file)") }
        return (Intervals(sample: .int(n[0]), aggr: .int(n[1]), opsUpdate: .int(n[2])),
                NrRegionsRange(min: .int(n[3]), max: .int(n[4])))
    }

    public static func parseTargetIDs(_ text: String, file: String) throws -> [Int] {
        try numbers(Substring(text), in: file).map {
            guard let id = Int(exactly: $0) else { throw DamonControlError("unexpected target id \($0) in \(file)") }
            return id
        }
    }

    /// Regions of each target from `init_regions`, whose first column is a
    /// target index or, on kernels before 5.18, a target id.
    public static func parseInitRegions(_ text: String, ids: [Int], file: String) throws -> [[AddressRange]] {
        let n = try numbers(Substring(text), in: file)
        guard n.count % 3 == 0 else { throw DamonControlError("unexpected content '\(text)' in \(file)") }
        let triples = stride(from: 0, to: n.count, by: 3).map { (n[$0], n[$0 + 1], n[$0 + 2]) }
        let byIndex = triples.allSatisfy { $0.0 >= 0 && $0.0 < Int128(ids.count) }
        var regions = Array(repeating: [AddressRange](), count: ids.count)
        for (key, start, end) in triples {
            let t = byIndex ? Int(key) : Int(exactly: key).flatMap { ids.firstIndex(of: $0) }
            guard let t else { throw DamonControlError("init_regions names target \(key), which \(file) does not have") }
            regions[t].append(AddressRange(start: .int(start), end: .int(end)))
        }
        return regions
    }

    /// A line of `schemes` as the kernel shows it: the 18 parameters, then
    /// 2 (Linux 5.16) or 5 (5.17+) statistics.  The access pattern is given
    /// back in percent and microseconds, as damo shows debugfs schemes.
    public static func parseScheme(_ line: Substring, intervals: Intervals, file: String) throws -> Damos {
        let n = try numbers(line, in: file)
        guard n.count == 20 || n.count == 23 else {
            throw DamonControlError("unexpected scheme '\(line)' in \(file) (\(n.count) fields)")
        }
        guard let action = actionNumbers.first(where: { Int128($0.1) == n[6] })?.0 else {
            throw DamonControlError("unknown DAMOS action number \(n[6]) in \(file)")
        }
        guard let metric = metricNumbers.first(where: { Int128($0.1) == n[13] })?.0 else {
            throw DamonControlError("unknown watermarks metric number \(n[13]) in \(file)")
        }
        let maxSamples = intervals.aggr / intervals.sample
        func percent(_ samples: Int128) -> PyNum { .float(Double(samples)) * .int(100) / maxSamples }
        let pattern = DamosAccessPattern(
            szMin: .int(n[0]), szMax: .int(n[1]),
            nrAccessesMin: percent(n[2]), nrAccessesMax: percent(n[3]), nrAccessesUnit: .percent,
            ageMin: intervals.aggr * .int(n[4]), ageMax: intervals.aggr * .int(n[5]), ageUnit: .usec)
        let quotas = DamosQuotas(timeMs: .int(n[7]), szBytes: .int(n[8]), resetIntervalMs: .int(n[9]),
                                 weightSzPermil: .int(n[10]), weightNrAccessesPermil: .int(n[11]),
                                 weightAgePermil: .int(n[12]))
        let watermarks = DamosWatermarks(metric: metric, intervalUs: .int(n[14]), highPermil: .int(n[15]),
                                         midPermil: .int(n[16]), lowPermil: .int(n[17]))
        var stats = DamosStats()
        stats.nrTried = .int(n[18])
        stats.szTried = .int(n[19])
        if n.count == 23 {
            stats.nrApplied = .int(n[20])
            stats.szApplied = .int(n[21])
            stats.qtExceeds = .int(n[22])
        }
        return Damos(action: action, accessPattern: pattern, quotas: quotas, watermarks: watermarks, stats: stats)
    }

    /// The parameters of a shown scheme line (its first 18 fields), for
    /// writing it back.
    static func parametersOfShownScheme(_ line: Substring) -> String {
        line.split(whereSeparator: { $0 == " " || $0 == "\t" }).prefix(18).joined(separator: " ")
    }
}
