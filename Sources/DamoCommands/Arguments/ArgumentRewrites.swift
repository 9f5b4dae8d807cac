/// argparse takes negative numbers as values (`--temperature -5000 100`,
/// `--count -1`); our argument parser takes `-5000` for an option.  A
/// negative number among the values of a long option is rewritten as
/// `--option=value`: the parser takes the attached value and goes on
/// collecting the values after it, so the option gets the same values.
public enum NegativeValues {
    /// A negative number as argparse sees one (`-1`, `-.5`, `-5,000`), or
    /// a dash-led word with a space in it, such as the `-3.000000 s` that
    /// damo monitor passes.
    public static func isNegativeNumber(_ token: String) -> Bool {
        guard token.hasPrefix("-"), let first = token.dropFirst().first else { return false }
        if token.contains(" ") { return true }
        return (first.isNumber || first == ".") && Double(String(token.filter { $0 != "," })) != nil
    }

    /// Whether a token is a value of the option before it, not an option.
    public static func isValue(_ token: String) -> Bool { !token.hasPrefix("-") || token == "-" || isNegativeNumber(token) }

    public static func rewrite(_ arguments: [String]) -> [String] {
        var out: [String] = []
        var option: String?
        for (i, token) in arguments.enumerated() {
            if token == "--" {
                out += arguments[i...]
                break
            }
            if isNegativeNumber(token), let option {
                // Right after the option, the value is attached to it.
                if out.last == option { out.removeLast() }
                out.append(option + "=" + token)
                continue
            }
            if !isValue(token) { option = token.hasPrefix("--") && !token.contains("=") ? token : nil }
            out.append(token)
        }
        return out
    }
}

/// damo's argparse keeps only the last occurrence of an option that takes
/// a fixed number of values, or one list, without appending:
/// `--access_rate 100% 10 --access_rate 5% 100%` filters with 5% 100%.
/// Our parser collects every occurrence, so the earlier ones are left out
/// before parsing.  (Options that damo appends, such as `--address`, and
/// the DAMON parameter options, grouped per occurrence, are not here.)
public enum LastOccurrence {
    /// The options and how many values each takes (nil: a list).
    public static let options: [String: Int?] = [
        "--access_rate": 2, "--age": 2, "--sz_region": 2, "--aggr": 2, "--nr_accesses": 2, "--hist_ranges": nil,
        "--idle_time_percentiles_range": 3, "--input_idle_time_percentiles": nil, "--inputs": 2,
        "--percentiles_range": nil, "--range": 3, "--region_box_min_max_height": 2,
        "--region_box_min_max_length": 2, "--region_box_scales": 3, "--region_box_values": 3, "--resol": 2,
        "--sort_regions_by": nil, "--sort_regions_dsc": nil, "--temperature_weights": nil, "--time_range": nil,
        "--do_record": nil, "--damos_stat_fields": nil, "--quota": nil, "--wmarks": 4, "--monitor_intervals": 2,
        "--monitor_region": 2, "--nr_regions": 2, "--remove": 2, "--replace": 2,
    ]

    public static func rewrite(_ arguments: [String]) -> [String] {
        let end = arguments.firstIndex(of: "--") ?? arguments.count
        // Each occurrence: its option and the range of it and its values.
        var occurrences: [(name: String, range: Range<Int>)] = []
        var i = 0
        while i < end {
            let token = arguments[i]
            let name = String(token.prefix(while: { $0 != "=" }))
            var j = i + 1
            if let count = options[name] {
                let limit = count.map { i + 1 + $0 } ?? end
                if !token.contains("=") {
                    while j < min(limit, end), NegativeValues.isValue(arguments[j]) { j += 1 }
                }
                occurrences.append((name, i..<j))
            }
            i = j
        }
        var dropped = Set<Int>()
        var seen = Set<String>()
        for occurrence in occurrences.reversed() {
            if seen.insert(occurrence.name).inserted { continue }
            dropped.formUnion(occurrence.range)
        }
        return arguments.indices.filter { !dropped.contains($0) }.map { arguments[$0] }
    }
}
