import DamonModel

/// Data attribute monitoring probes (kernels 7.2+ and damon/next) as the
/// kernel shows them: `monitoring_attrs/probes/<P>/` of a context, and
/// each tried region's `probes/<P>/hits`.  Read only: reports of the
/// running DAMON need them; nothing here writes probes.
extension SysfsReader {
    func numbered(_ dir: String) throws -> [String] {
        try fs.list(dir).compactMap { Int($0) }.sorted().map { dir + "/\($0)" }
    }

    /// The probes of a context; none on kernels without probes.
    func readProbes(_ k: Int, _ c: Int) throws -> [DamonProbe] {
        let dir = SysfsPaths.context(k, c) + "/monitoring_attrs/probes"
        guard fs.isDirectory(dir) else { return [] }
        return try numbered(dir).map { pdir in
            let preps: [DamonProbePrep] = fs.isDirectory(pdir + "/preps") ? try numbered(pdir + "/preps").map { rdir in
                let action = try text(rdir + "/prep_action")
                guard let prep = DamonProbePrep(rawValue: action) else {
                    throw DamonControlError("unknown probe prep action '\(action)' in \(rdir)/prep_action")
                }
                return prep
            } : []
            let filters = try numbered(pdir + "/filters").map { fdir in
                let name = try text(fdir + "/type")
                guard let type = DamonProbeFilter.FilterType(rawValue: name) else {
                    throw DamonControlError("unknown probe filter type '\(name)' in \(fdir)/type")
                }
                let path = type == .memcg && fs.exists(fdir + "/path") ? try text(fdir + "/path") : nil
                return DamonProbeFilter(filterType: type, matching: try flag(fdir + "/matching"),
                                        allow: try flag(fdir + "/allow"), path: path,
                                        rangeMin: try optionalNumber(fdir + "/min"), rangeMax: try optionalNumber(fdir + "/max"))
            }
            // Kernels before probe weights (7.3) weigh every probe alike.
            let weight = try optionalNumber(pdir + "/weight").map { n -> Int in
                guard let w = RecordLimits.integer(n) else { throw DamonControlError("unexpected value '\(n)' in \(pdir)/weight") }
                return w
            } ?? 0
            return DamonProbe(preps: preps, filters: filters, weight: weight)
        }
    }

    /// Probe hits of a tried region; none without probes.
    func readProbeHits(_ regionDir: String) throws -> [Int] {
        let dir = regionDir + "/probes"
        guard fs.isDirectory(dir) else { return [] }
        return try numbered(dir).map { try int($0 + "/hits") }
    }
}

extension DamonControl {
    /// The probes of a running context, read from sysfs (debugfs has none).
    public func probes(kdamond k: Int, context c: Int) throws -> [DamonProbe] {
        if debugfs != nil { return [] }
        return try reader.readProbes(k, c)
    }
}
