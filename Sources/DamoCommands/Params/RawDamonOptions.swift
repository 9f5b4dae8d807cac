/// The DAMON parameter options of a command line in their order, each
/// occurrence with its own values: what argparse's `nargs='+',
/// action='append'` keeps and a flat option array loses.  The order also
/// places the start markers (--kdamond, --damon_ctx, ...) among the options
/// they group.
struct DamonParamScan {
    enum Arity { case flag, one, fixed(Int), oneOrMore }

    /// Long name (without dashes), short aliases, arity.
    static let table: [(name: String, short: String?, arity: Arity)] = [
        ("kdamond", nil, .flag), ("damon_ctx", nil, .flag), ("damon_target", nil, .flag),
        ("damos_scheme", nil, .flag), ("probe", nil, .flag), ("monitoring_intervals_autotune", nil, .flag),
        ("ops", nil, .one), ("probe_prep", nil, .one), ("nr_probe_preps", nil, .oneOrMore),
        ("probe_filter", nil, .oneOrMore), ("nr_probe_filters", nil, .oneOrMore), ("probe_weight", nil, .oneOrMore),
        ("nr_probes", nil, .oneOrMore), ("pause_ctx", nil, .oneOrMore), ("exp_ops_use_reports", nil, .one),
        ("exp_ops_write_only", nil, .one), ("exp_ops_cpus", nil, .one), ("exp_ops_tids", nil, .one),
        ("refresh_stat", nil, .one), ("damon_addr_unit", nil, .one), ("target_pid", nil, .one),
        ("regions", "r", .one), ("numa_node", nil, .oneOrMore), ("monitoring_intervals", nil, .fixed(3)),
        ("monitoring_intervals_goal", nil, .fixed(4)), ("monitoring_nr_regions_range", nil, .fixed(2)),
        ("sample_primitives", nil, .oneOrMore), ("nr_targets", nil, .oneOrMore), ("obsolete_targets", nil, .oneOrMore),
        ("nr_ctxs", nil, .oneOrMore), ("damos_action", nil, .oneOrMore), ("damos_sz_region", nil, .fixed(2)),
        ("damos_access_rate", nil, .fixed(2)), ("damos_age", nil, .fixed(2)), ("damos_apply_interval", nil, .one),
        ("damos_quotas", nil, .oneOrMore), ("damos_quota_interval", nil, .one), ("damos_quota_time", nil, .one),
        ("damos_quota_space", nil, .one), ("damos_quota_weights", nil, .fixed(3)),
        ("damos_quota_fail_charge_ratio", nil, .fixed(2)), ("damos_quota_goal", nil, .oneOrMore),
        ("damos_quota_goal_tuner", nil, .one), ("damos_nr_quota_goals", nil, .oneOrMore),
        ("damos_filter", nil, .oneOrMore), ("damos_nr_filters", nil, .oneOrMore), ("damos_wmarks", nil, .fixed(5)),
        ("damos_max_nr_snapshots", nil, .one), ("nr_schemes", nil, .oneOrMore), ("schemes", "c", .one),
        ("kdamonds", nil, .one), ("sample", "s", .one), ("aggr", "a", .one), ("updr", "u", .one),
        ("minr", "n", .one), ("maxr", "m", .one),
    ]

    static let arities: [String: Arity] = Dictionary(uniqueKeysWithValues: table.map { ($0.name, $0.arity) })

    /// Option names in command line order, one per occurrence.
    var order: [String] = []
    /// Values of each occurrence of each option.
    var groups: [String: [[String]]] = [:]

    /// Whether a token is a value rather than an option (argparse takes
    /// negative numbers as values).
    static func isValue(_ token: String) -> Bool {
        !token.hasPrefix("-") || token == "-" || Double(token) != nil
    }

    init(_ arguments: [String]) {
        var i = 0
        while i < arguments.count {
            let token = arguments[i]
            i += 1
            if token == "--" { break }
            guard token.hasPrefix("-"), !DamonParamScan.isValue(token) else { continue }
            var name = String(token.drop(while: { $0 == "-" }))
            var inline: String? = nil
            if let eq = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            if !token.hasPrefix("--") {
                guard let entry = DamonParamScan.table.first(where: { $0.short == name }) else { continue }
                name = entry.name
            }
            guard let arity = DamonParamScan.arities[name] else { continue }
            var values: [String] = []
            if let inline {
                values = [inline]
            } else {
                let limit: Int
                switch arity {
                case .flag: limit = 0
                case .one: limit = 1
                case .fixed(let n): limit = n
                case .oneOrMore: limit = Int.max
                }
                while values.count < limit && i < arguments.count && DamonParamScan.isValue(arguments[i]) {
                    values.append(arguments[i])
                    i += 1
                }
            }
            order.append(name)
            groups[name, default: []].append(values)
        }
    }

    /// The occurrences of `name`, checked against what the argument parser
    /// collected (`flat`): when they disagree the parsed values win, split
    /// by the option's arity.
    func occurrences(_ name: String, _ flat: [String]) throws -> [[String]] {
        let arity = DamonParamScan.arities[name]!
        var found = groups[name] ?? []
        if found.flatMap({ $0 }) != flat {
            switch arity {
            case .flag: found = []
            case .one: found = flat.map { [$0] }
            case .fixed(let n): found = stride(from: 0, to: flat.count, by: n).map { Array(flat[$0..<min($0 + n, flat.count)]) }
            case .oneOrMore: found = flat.isEmpty ? [] : [flat]
            }
        }
        if case .fixed(let n) = arity {
            for g in found where g.count != n {
                throw CLIError("argument --\(name): expected \(n) arguments")
            }
        }
        return found
    }
}
