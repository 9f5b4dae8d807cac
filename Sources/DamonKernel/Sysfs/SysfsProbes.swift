import DamonModel

/// Data attribute monitoring probes (kernels 7.2+ and mm.git) as the
/// kernel shows them: `monitoring_attrs/probes/<P>/` of a context, and
/// each tried region's `probes/<P>/hits`.
///
/// Paths: the ABI document names `<P>/preps/nr_preps` but `<P>/prep/<R>/action`
/// for the items; damo 3.4.3 writes (and reads) `<P>/preps/<R>/prep_action`,
/// the only spelling consistent with the count's directory, so that is
/// the one used here.  `<P>/weight` (7.3) is in damo, not in the document.
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

/// Probes are written after `nr_regions`, in damo 3.4.3's order: per
/// probe its preps, filters (type, matching, allow, then path or min and
/// max) and weight.  Kernels without the probes directory (before 7.2)
/// are left alone unless probes are asked for.  What a kernel lacks is
/// found as damo finds it, by the files of the probe directories, and
/// named by damo's feature name.
extension SysfsWriter {
    func lacking(_ feature: String, _ what: String, _ path: String) -> DamonControlError {
        assert(DamonFeature.named(feature) != nil, "\(feature) is not in damo's feature list")
        return DamonControlError("this kernel does not support \(what): \(feature) DAMON feature is not available (no \(path))")
    }

    func requireProbes(_ dir: String) throws {
        if !fs.isDirectory(dir) { throw lacking("sysfs/attrs_monitoring", "data attribute monitoring probes", dir) }
    }

    func writeProbes(_ probes: [DamonProbe], _ dir: String) throws {
        if probes.isEmpty && !fs.isDirectory(dir) { return }
        try requireProbes(dir)
        try tx.write(dir + "/nr_probes", String(probes.count))
        for (p, probe) in probes.enumerated() {
            try writeProbe(probe, dir + "/\(p)")
        }
    }

    func writeProbe(_ probe: DamonProbe, _ pdir: String) throws {
        let preps = pdir + "/preps"
        // mm.git's pgidle filter types came with preps; damo tells them so.
        let hasPreps = fs.isDirectory(preps)
        if hasPreps {
            try tx.write(preps + "/nr_preps", String(probe.preps.count))
            for (r, prep) in probe.preps.enumerated() {
                try tx.write(preps + "/\(r)/prep_action", prep.rawValue)
            }
        } else if !probe.preps.isEmpty {
            throw lacking("sysfs/probe_preps", "probe preparation actions (--probe_prep)", preps)
        }
        let filters = pdir + "/filters"
        try tx.write(filters + "/nr_filters", String(probe.filters.count))
        for (f, filter) in probe.filters.enumerated() {
            let fdir = filters + "/\(f)"
            switch filter.filterType {
            case .pgidleSet where !hasPreps:
                throw lacking("sysfs/probe_type_pgidle_set", "pgidle_set probe filters", preps)
            case .pgidleUnset where !hasPreps:
                throw lacking("sysfs/probe_type_pgidle_unset", "pgidle_unset probe filters", preps)
            case .hugepageSize where !fs.exists(fdir + "/min"):
                throw lacking("sysfs/probe_type_hugepage_size", "hugepage_size probe filters", fdir + "/min")
            default: break
            }
            try tx.write(fdir + "/type", filter.filterType.rawValue)
            try tx.write(fdir + "/matching", flag(filter.matching))
            try tx.write(fdir + "/allow", flag(filter.allow))
            switch filter.filterType {
            case .memcg:
                guard let path = filter.path else { throw DamonControlError("memcg probe filter \(f) has no memory cgroup path") }
                try tx.write(fdir + "/path", path)
            case .hugepageSize:
                guard let lo = filter.rangeMin, let hi = filter.rangeMax else {
                    throw DamonControlError("hugepage_size probe filter \(f) has no size range")
                }
                try tx.write(fdir + "/min", number(lo))
                try tx.write(fdir + "/max", number(hi))
            default: break
            }
        }
        if fs.exists(pdir + "/weight") {
            try tx.write(pdir + "/weight", String(probe.weight))
        } else if probe.weight != 0 {
            throw lacking("sysfs/probe_weights", "probe weights (--probe_weight)", pdir + "/weight")
        }
    }
}
