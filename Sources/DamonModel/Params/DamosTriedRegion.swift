/// Regions a scheme was tried at are records' regions: an address range
/// with nr_accesses (samples), age (aggregation intervals) and the bytes
/// that passed the scheme's filters.
extension Region {
    /// damo's DamonRegion.to_kvpairs().
    public func toKV(_ style: KVStyle = KVStyle()) -> KV {
        let raw = style.raw
        var d: KVDict = [
            "start": .string(UnitFormat.nr(start, raw: raw)),
            "end": .string(UnitFormat.nr(end, raw: raw)),
        ]
        guard hasAccessInfo else { return .dict(d) }
        d["nr_accesses"] = .dict(["samples": samples.map { .int($0) } ?? .null, "percent": .number(percent)])
        d["age"] = .dict([
            "usec": usec.map { .string(UnitFormat.timeUsExact($0, raw: raw)) } ?? .null,
            "aggr_intervals": aggrIntervals.map { .string(UnitFormat.nr($0, raw: raw)) } ?? .null,
        ])
        d["probe_hits"] = .list(probeHits.map { .int($0) })
        d["sz_filter_passed"] = .string(UnitFormat.size(szFilterPassed ?? 0, raw: raw))
        return .dict(d)
    }

    /// `[4,096, 8,192) (4.000 KiB): nr_accesses: 3 samples, age: 5 aggr_intervals, filter_passed: 0 B`
    public func triedRegionText(raw: Bool) -> String {
        let range = UnitFormat.addrRange(PyNum(start), PyNum(end), raw: raw)
        guard hasAccessInfo else { return range }
        var s = range + ": nr_accesses: " + (samples.map { UnitFormat.nr($0, raw: raw) } ?? "None") + " samples"
        s += ", age: " + (aggrIntervals.map { UnitFormat.nr($0, raw: raw) + " aggr_intervals" }
            ?? "unkown aggr_intervals")
        if !probeHits.isEmpty { s += ", probe_hits: " + probeHits.map(String.init).joined(separator: " ") }
        if let passed = szFilterPassed { s += ", filter_passed: " + UnitFormat.size(passed, raw: raw) }
        return s
    }
}
