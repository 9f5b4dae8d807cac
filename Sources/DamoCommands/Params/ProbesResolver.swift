import DamonModel

/// Data attribute monitoring probes from --probe_prep, --probe_filter and
/// --probe_weight, split per probe by the --nr_probe_* counts.
enum ProbesResolver {
    static func probes(_ args: inout DamonOptionNamespace) throws -> [DamonProbe] {
        var preps: [DamonProbePrep] = []
        for p in args.probePrep {
            guard let prep = DamonProbePrep(rawValue: p) else {
                throw DamoError("prep creation fail (wrong prep action (\(p)))")
            }
            preps.append(prep)
        }
        if args.nrProbePreps == nil { args.nrProbePreps = [preps.count] }
        let prepSum = args.nrProbePreps!.reduce(0, +)
        guard prepSum == preps.count else {
            throw DamoError("--nr_probe_preps mismatches --probe_prep (\(prepSum) != \(preps.count))")
        }
        let filters = try args.probeFilter.map(filter)
        if preps.isEmpty && filters.isEmpty { return [] }

        if args.nrProbeFilters == nil { args.nrProbeFilters = [args.probeFilter.count] }
        let nrFilters = args.nrProbeFilters!
        let filterSum = nrFilters.reduce(0, +)
        guard filterSum == filters.count else {
            throw DamoError("--nr_probe_filters mismatches --probe_filter (\(filterSum) != \(filters.count))")
        }
        var weights = Array(args.probeWeight.joined())
        guard weights.count <= nrFilters.count else {
            throw DamoError("--probe_weight mismatches --nr_probe_filters (\(weights.count) > \(nrFilters.count))")
        }
        weights += Array(repeating: 0, count: nrFilters.count - weights.count)
        if nrFilters.count > preps.count {
            args.nrProbePreps! += Array(repeating: 0, count: nrFilters.count - preps.count)
        }
        var probes: [DamonProbe] = []
        var filterStart = 0
        for (i, nr) in nrFilters.enumerated() {
            // damo takes every probe's preps from the first one on.
            let nrPreps = min(args.nrProbePreps![safe: i] ?? 0, preps.count)
            probes.append(DamonProbe(preps: Array(preps[0..<nrPreps]),
                                     filters: Array(filters[filterStart..<filterStart + nr]), weight: weights[i]))
            filterStart += nr
        }
        return probes
    }

    /// `<allow|reject> [non] <type> [memcg path | min max]`
    static func filter(_ fields: [String]) throws -> DamonProbeFilter {
        guard fields.count >= 2 else { throw DamoError("expected >=2 fields but \(fields.count)") }
        guard fields[0] == "allow" || fields[0] == "reject" else {
            throw DamoError("expected allow|reject but \(fields[0])")
        }
        var rest = Array(fields.dropFirst())
        var matching = true
        if rest.first == "non" {
            matching = false
            rest.removeFirst()
        }
        guard let typeName = rest.first else { throw DamoError("filter type is not given") }
        rest.removeFirst()
        let type: DamonProbeFilter.FilterType
        do { type = try DamonProbeFilter.type(named: typeName) } catch let e as KVError {
            throw DamoError("filter creation fail (\(e.problem))")
        }
        var f = DamonProbeFilter(filterType: type, matching: matching, allow: fields[0] == "allow")
        switch type {
        case .memcg:
            guard let path = rest.first else { throw DamoError("memcg path is not given") }
            f.path = path
        case .hugepageSize:
            guard rest.count >= 2 else { throw DamoError("min, max are not given") }
            do {
                f.rangeMin = try UnitParse.bytes(rest[0])
                f.rangeMax = try UnitParse.bytes(rest[1])
            } catch let e as UnitParseError {
                throw DamoError("filter creation fail (\(e))")
            }
        default:
            break
        }
        return f
    }
}
