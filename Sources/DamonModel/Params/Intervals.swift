/// Auto-tuning goal of the sampling and aggregation intervals (6.15+):
/// aim for `accessBp` of observed accesses per `aggrs` aggregations.
public struct IntervalsGoal: Sendable, Equatable {
    public var accessBp: PyNum
    public var aggrs: PyNum
    public var minSampleUs: PyNum
    public var maxSampleUs: PyNum

    public init(accessBp: PyNum = .float(0), aggrs: PyNum = .int(0),
                minSampleUs: PyNum = .int(0), maxSampleUs: PyNum = .int(0)) {
        self.accessBp = accessBp
        self.aggrs = aggrs
        self.minSampleUs = minSampleUs
        self.maxSampleUs = maxSampleUs
    }

    public var enabled: Bool { aggrs != .int(0) }

    public func toString(raw: Bool) -> String {
        "target \(UnitFormat.bp(accessBp, raw: raw)) accesses per \(UnitFormat.nr(aggrs, raw: raw)) aggrs, "
            + "[\(UnitFormat.timeUs(minSampleUs, raw: raw)), \(UnitFormat.timeUs(maxSampleUs, raw: raw))] sampling interval"
    }

    /// damo compares goals by their human-readable text.
    public static func == (a: IntervalsGoal, b: IntervalsGoal) -> Bool {
        a.toString(raw: false) == b.toString(raw: false)
    }
}

/// DAMON's monitoring intervals, in microseconds.
public struct Intervals: Sendable, Equatable {
    public var sample: PyNum
    public var aggr: PyNum
    public var opsUpdate: PyNum
    public var goal: IntervalsGoal

    public init(sample: PyNum = .int(5000), aggr: PyNum = .int(100_000),
                opsUpdate: PyNum = .int(1_000_000), goal: IntervalsGoal = IntervalsGoal()) {
        self.sample = sample
        self.aggr = aggr
        self.opsUpdate = opsUpdate
        self.goal = goal
    }

    public func toString(raw: Bool) -> String {
        var s = "sample \(UnitFormat.timeUs(sample, raw: raw)), aggr \(UnitFormat.timeUs(aggr, raw: raw)), "
            + "update \(UnitFormat.timeUs(opsUpdate, raw: raw))"
        if goal.enabled { s += "\n" + goal.toString(raw: raw) }
        return s
    }

    public static func == (a: Intervals, b: Intervals) -> Bool {
        a.toString(raw: false) == b.toString(raw: false)
    }
}
