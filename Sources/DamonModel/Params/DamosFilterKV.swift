extension DamosFilter {
    /// Every filter type damo knows, core (DAMON) and ops (page) ones.
    public static let knownTypes = [
        "anon", "active", "memcg", "young", "hugepage_size", "unmapped", "addr", "target", "probe_hits_wsum",
    ]

    /// Types that take no argument.
    public static let argumentlessTypes = ["anon", "active", "young", "unmapped"]

    public func toKV(_ style: KVStyle = KVStyle()) -> KV {
        let raw = style.raw
        return .dict([
            "filter_type": .string(filterType),
            "matching": .bool(matching),
            "allow": .bool(allow),
            "memcg_path": .string(memcgPath),
            "address_range": addressRange.map { AddressRange($0.start, $0.end).toKV(style) } ?? .null,
            "damon_target_idx": damonTargetIdx.map { .string(UnitFormat.nr($0, raw: raw)) } ?? .null,
            "hugepage_size": hugepageSize.map { .list($0.map { .string(UnitFormat.size($0, raw: raw)) }) } ?? .null,
            "probe_hits_wsum_range": probeHitsWsumRange.map { .list($0.map { .string(UnitFormat.nr($0, raw: raw)) }) }
                ?? .null,
        ])
    }

    /// As damo reads a filter: `allow` may be spelled `filter_pass` (older
    /// damo), and non-memcg filters get an empty memcg path.
    public init(kv r: KVReader) throws {
        let t = try r.required("filter_type")
        let type = try t.string()
        guard DamosFilter.knownTypes.contains(type) else {
            throw t.error("unsupported filter type '\(type)'; expected one of "
                              + DamosFilter.knownTypes.joined(separator: ", "))
        }
        let allow = try r.optional("allow") ?? r.optional("filter_pass")
        self.init(filterType: type, matching: try r.required("matching").bool(), allow: try allow?.bool() ?? false)
        memcgPath = type == "memcg" ? try r.required("memcg_path").optionalString() : ""
        if type == "addr" {
            let range = try AddressRange(kv: r.required("address_range"))
            addressRange = Region(start: range.start.int, end: range.end.int)
        }
        if type == "target", let idx = try r.required("damon_target_idx").value.isNull ? nil : r.required("damon_target_idx") {
            damonTargetIdx = try idx.nr()
        }
        if let sizes = try r.nonNull("hugepage_size") {
            let items = try sizes.list()
            guard items.count == 2 else { throw sizes.error("expected [min, max]") }
            hugepageSize = try items.map { try $0.bytes() }
        }
        if let range = try r.nonNull("probe_hits_wsum_range") {
            guard type == "probe_hits_wsum" else { throw range.error("probe hits wsum range for !probe_hits_wsum filter") }
            let items = try range.list()
            guard items.count == 2 else { throw range.error("expected [min, max]") }
            probeHitsWsumRange = try items.map { try $0.nr() }
        }
    }
}
