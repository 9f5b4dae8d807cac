extension IntervalsGoal {
    public func toKV(_ style: KVStyle = KVStyle()) -> KV {
        .dict([
            "access_bp": .string(UnitFormat.bp(accessBp, raw: style.raw)),
            "aggrs": .string(UnitFormat.nr(aggrs, raw: style.raw)),
            "min_sample_us": .string(UnitFormat.timeUs(minSampleUs, raw: style.raw)),
            "max_sample_us": .string(UnitFormat.timeUs(maxSampleUs, raw: style.raw)),
        ])
    }

    public init(kv r: KVReader) throws {
        self.init(
            accessBp: try r.required("access_bp").bp(), aggrs: try r.required("aggrs").nr(),
            minSampleUs: try r.required("min_sample_us").us(), maxSampleUs: try r.required("max_sample_us").us())
    }
}

extension Intervals {
    public func toKV(_ style: KVStyle = KVStyle()) -> KV {
        var d: KVDict = [
            "sample_us": .string(UnitFormat.timeUs(sample, raw: style.raw)),
            "aggr_us": .string(UnitFormat.timeUs(aggr, raw: style.raw)),
            "ops_update_us": .string(UnitFormat.timeUs(opsUpdate, raw: style.raw)),
        ]
        if !style.omitDefaults || goal != IntervalsGoal() {
            d["intervals_goal"] = goal.toKV(style)
        }
        return .dict(d)
    }

    public init(kv r: KVReader) throws {
        self.init(
            sample: try r.required("sample_us").us(), aggr: try r.required("aggr_us").us(),
            opsUpdate: try r.required("ops_update_us").us(),
            goal: try r.optional("intervals_goal").map { try IntervalsGoal(kv: $0) } ?? IntervalsGoal())
    }
}
