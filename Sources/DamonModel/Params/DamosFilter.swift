/// A DAMOS filter: which memory a scheme's action (or a snapshot's
/// sz_filter_passed accounting) applies to.
public struct DamosFilter: Sendable, Equatable {
    /// anon, active, memcg, young, hugepage_size, unmapped, addr, target,
    /// probe_hits_wsum.
    public var filterType: String
    public var matching: Bool
    public var allow: Bool
    public var memcgPath: String?
    public var addressRange: Region?
    public var damonTargetIdx: PyNum?
    public var hugepageSize: [PyNum]?
    public var probeHitsWsumRange: [PyNum]?

    public init(filterType: String, matching: Bool, allow: Bool = false,
                memcgPath: String? = nil, addressRange: Region? = nil,
                damonTargetIdx: PyNum? = nil, hugepageSize: [PyNum]? = nil,
                probeHitsWsumRange: [PyNum]? = nil) {
        self.filterType = filterType
        self.matching = matching
        self.allow = allow
        self.memcgPath = memcgPath
        self.addressRange = addressRange
        self.damonTargetIdx = damonTargetIdx
        self.hugepageSize = hugepageSize
        self.probeHitsWsumRange = probeHitsWsumRange
    }

    /// Types the operations set (not DAMON core) handles, page by page.
    public var handledByOps: Bool {
        ["anon", "active", "memcg", "young", "hugepage_size", "unmapped"].contains(filterType)
    }

    /// `allow anon`, `reject none memcg /workload`, `allow addr [1, 2) (1 B)`.
    public func toString(raw: Bool) -> String {
        var words = [allow ? "allow" : "reject"]
        if !matching { words.append("none") }
        words.append(filterType)
        switch filterType {
        case "memcg":
            words.append(memcgPath ?? "None")
        case "addr":
            if let r = addressRange {
                words.append(UnitFormat.addrRange(PyNum(r.start), PyNum(r.end), raw: raw))
            }
        case "target":
            if let idx = damonTargetIdx { words.append(UnitFormat.nr(idx, raw: raw)) }
        case "hugepage_size":
            if let sz = hugepageSize, sz.count == 2 {
                words.append("[\(UnitFormat.size(sz[0], raw: raw)), \(UnitFormat.size(sz[1], raw: raw))]")
            }
        case "probe_hits_wsum":
            if let r = probeHitsWsumRange, r.count == 2 {
                words.append("[\(UnitFormat.nr(r[0], raw: raw)), \(UnitFormat.nr(r[1], raw: raw))]")
            }
        default:
            break
        }
        return words.joined(separator: " ")
    }

    public static func == (a: DamosFilter, b: DamosFilter) -> Bool {
        a.toString(raw: false) == b.toString(raw: false)
    }
}
