/// A data attribute monitoring probe of a context (damon/next): which
/// memory counts as a hit, after optional preparation actions.
public struct DamonProbe: Sendable, Equatable {
    public var preps: [DamonProbePrep]
    public var filters: [DamonProbeFilter]
    public var weight: Int

    public init(preps: [DamonProbePrep] = [], filters: [DamonProbeFilter] = [], weight: Int = 0) {
        self.preps = preps
        self.filters = filters
        self.weight = weight
    }

    public func toKV(_ style: KVStyle = KVStyle()) -> KV {
        .dict([
            "preps": .list(preps.map { .dict(["prep_action": .string($0.rawValue)]) }),
            "filters": .list(filters.map { $0.toKV(style) }),
            "weight": .int(weight),
        ])
    }

    public init(kv r: KVReader) throws {
        var weight = 0
        if let w = try r.nonNull("weight") {
            guard case .number(.int(let i)) = w.value, let v = Int(exactly: i) else {
                throw w.error("weight is not an integer")
            }
            weight = v
        }
        self.init(
            preps: try r.listIfPresent("preps").map { try DamonProbePrep(kv: $0.required("prep_action")) },
            filters: try r.required("filters").list().map { try DamonProbeFilter(kv: $0) },
            weight: weight)
    }

    /// `prep: set_pgidle, filter: allow anon (weight: 0)`
    public func toString(raw: Bool) -> String {
        var words: [String] = []
        if !preps.isEmpty {
            words.append("prep: " + preps.map(\.rawValue).joined(separator: ", "))
            words.append(", filter: ")
        }
        words.append(filters.map { $0.toString(raw: raw) }.joined(separator: ", "))
        words.append(" (weight: \(weight))")
        return words.joined()
    }
}

/// What a probe does before sampling.
public enum DamonProbePrep: String, Sendable, CaseIterable {
    case setPgidle = "set_pgidle"

    public init(kv r: KVReader) throws {
        let s = try r.string()
        guard let p = DamonProbePrep(rawValue: s) else {
            throw r.error("wrong prep action (\(s)); expected one of \(DamonProbePrep.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = p
    }
}

/// A filter of a probe: `allow anon`, `reject non memcg /workload`,
/// `allow hugepage_size [2.000 MiB, 1.000 GiB]`.
public struct DamonProbeFilter: Sendable, Equatable {
    public enum FilterType: String, Sendable, CaseIterable {
        case anon, memcg
        case pgidleUnset = "pgidle_unset"
        case pgidleSet = "pgidle_set"
        case hugepageSize = "hugepage_size"
    }

    public var filterType: FilterType
    public var matching: Bool
    public var allow: Bool
    /// The memory cgroup of `memcg` filters.
    public var path: String?
    /// Hugepage sizes of `hugepage_size` filters.
    public var rangeMin: PyNum?
    public var rangeMax: PyNum?

    public init(filterType: FilterType, matching: Bool = true, allow: Bool = false, path: String? = nil,
                rangeMin: PyNum? = nil, rangeMax: PyNum? = nil) {
        self.filterType = filterType
        self.matching = matching
        self.allow = allow
        self.path = path
        self.rangeMin = rangeMin
        self.rangeMax = rangeMax
    }

    public static func type(named name: String) throws -> FilterType {
        guard let t = FilterType(rawValue: name) else {
            throw KVError("", "wrong damon filter type (\(name)); expected one of "
                              + FilterType.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return t
    }

    public func toKV(_ style: KVStyle = KVStyle()) -> KV {
        .dict([
            "filter_type": .string(filterType.rawValue),
            "matching": .bool(matching),
            "allow": .bool(allow),
            "path": .string(path),
            "range_min": rangeMin.map { .string(UnitFormat.sizeAccurate($0, raw: style.raw)) } ?? .null,
            "range_max": rangeMax.map { .string(UnitFormat.sizeAccurate($0, raw: style.raw)) } ?? .null,
        ])
    }

    public init(kv r: KVReader) throws {
        let t = try r.required("filter_type")
        let name = try t.string()
        guard let type = FilterType(rawValue: name) else {
            throw t.error("wrong damon filter type (\(name))")
        }
        self.init(
            filterType: type, matching: try r.required("matching").bool(), allow: try r.required("allow").bool(),
            path: try r.required("path").optionalString(),
            rangeMin: try r.nonNull("range_min")?.bytes(), rangeMax: try r.nonNull("range_max")?.bytes())
    }

    public func toString(raw: Bool) -> String {
        var words = [allow ? "allow" : "reject"]
        if !matching { words.append("non") }
        words.append(filterType.rawValue)
        switch filterType {
        case .memcg: words.append(path ?? "None")
        case .hugepageSize:
            let f = { (n: PyNum?) in n.map { UnitFormat.size($0, raw: raw) } ?? "None" }
            words.append("[\(f(rangeMin)), \(f(rangeMax))]")
        default: break
        }
        return words.joined(separator: " ")
    }
}
