/// When a scheme is active, by a system metric: on between the high and
/// low marks, checked every interval.
public struct DamosWatermarks: Sendable, Equatable {
    public enum Metric: String, Sendable, CaseIterable {
        case none
        case freeMemRate = "free_mem_rate"
    }

    public var metric: Metric
    public var intervalUs: PyNum
    public var highPermil: PyNum
    public var midPermil: PyNum
    public var lowPermil: PyNum

    /// Always active, by default.
    public init(metric: Metric = .none, intervalUs: PyNum = .int(0), highPermil: PyNum = .float(0),
                midPermil: PyNum = .float(0), lowPermil: PyNum = .float(0)) {
        self.metric = metric
        self.intervalUs = intervalUs
        self.highPermil = highPermil
        self.midPermil = midPermil
        self.lowPermil = lowPermil
    }

    public static func metric(named name: String) throws -> Metric {
        guard let m = Metric(rawValue: name) else {
            throw KVError("", "wrong watermark metric (\(name)); expected none or free_mem_rate")
        }
        return m
    }

    public func toKV(_ style: KVStyle = KVStyle()) -> KV {
        let raw = style.raw
        return .dict([
            "metric": .string(metric.rawValue),
            "interval_us": .string(UnitFormat.timeUsExact(intervalUs, raw: raw)),
            "high_permil": .string(UnitFormat.permil(highPermil, raw: raw)),
            "mid_permil": .string(UnitFormat.permil(midPermil, raw: raw)),
            "low_permil": .string(UnitFormat.permil(lowPermil, raw: raw)),
        ])
    }

    public init(kv r: KVReader) throws {
        let m = try r.required("metric")
        let name = try m.string()
        guard let metric = Metric(rawValue: name) else { throw m.error("wrong watermark metric (\(name))") }
        self.init(
            metric: metric, intervalUs: try r.required("interval_us").us(),
            highPermil: try r.required("high_permil").permil(), midPermil: try r.required("mid_permil").permil(),
            lowPermil: try r.required("low_permil").permil())
    }

    public func toString(raw: Bool) -> String {
        "metric \(metric.rawValue), interval \(UnitFormat.timeUs(intervalUs, raw: raw))\n"
            + "\(UnitFormat.permil(highPermil, raw: raw)), \(UnitFormat.permil(midPermil, raw: raw)), "
            + "\(UnitFormat.permil(lowPermil, raw: raw))"
    }
}
