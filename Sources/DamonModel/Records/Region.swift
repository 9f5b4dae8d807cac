/// A DAMON region of one snapshot: an address range with how often it was
/// accessed (nr_accesses) and for how long that stayed so (age).
///
/// Records hold millions of regions, so unset values are sentinels instead
/// of optionals; the optional views below are what code reads.
public struct Region: Sendable, Equatable {
    public var start: Int
    public var end: Int
    @usableFromInline var samplesRaw: Int
    @usableFromInline var percentRaw: Double
    @usableFromInline var usecRaw: Int
    @usableFromInline var aggrIntervalsRaw: Int
    @usableFromInline var szFilterPassedRaw: Int
    @usableFromInline var flags: UInt8
    /// Per-probe access counts, kept as read; most records have none.
    public var probeHits: [Int]

    @usableFromInline static let unset = Int.min
    @usableFromInline static let hasAccessInfo: UInt8 = 1
    @usableFromInline static let percentIsFloat: UInt8 = 2
    @usableFromInline static let usecIsFloat: UInt8 = 4

    /// A bare address range, as in filters and target regions.
    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
        samplesRaw = Region.unset
        percentRaw = .nan
        usecRaw = Region.unset
        aggrIntervalsRaw = Region.unset
        szFilterPassedRaw = Region.unset
        flags = 0
        probeHits = []
    }

    /// A monitored region: nr_accesses in samples, age in aggregation
    /// intervals, as the kernel reports them.
    public init(start: Int, end: Int, samples: Int?, aggrIntervals: Int?,
                szFilterPassed: Int? = 0, probeHits: [Int] = []) {
        self.init(start: start, end: end)
        flags = Region.hasAccessInfo
        self.samples = samples
        self.aggrIntervals = aggrIntervals
        self.szFilterPassed = szFilterPassed
        self.probeHits = probeHits
    }

    @inlinable public var size: Int { end - start }

    /// Equal when every value reads the same (an unset percent is NaN
    /// inside, which must not make a region unequal to itself).
    public static func == (a: Region, b: Region) -> Bool {
        a.start == b.start && a.end == b.end && a.hasAccessInfo == b.hasAccessInfo
            && a.samples == b.samples && a.percent == b.percent && a.usec == b.usec
            && a.aggrIntervals == b.aggrIntervals && a.szFilterPassed == b.szFilterPassed
            && a.probeHits == b.probeHits
    }

    /// Whether nr_accesses and age exist at all (damo's `nr_accesses != None`).
    @inlinable public var hasAccessInfo: Bool {
        get { flags & Region.hasAccessInfo != 0 }
        set { if newValue { flags |= Region.hasAccessInfo } else { flags &= ~Region.hasAccessInfo } }
    }

    /// nr_accesses in sampling intervals of one aggregation interval.
    @inlinable public var samples: Int? {
        get { samplesRaw == Region.unset ? nil : samplesRaw }
        set { samplesRaw = newValue ?? Region.unset }
    }

    /// nr_accesses as a percent of the possible samples.
    public var percent: PyNum? {
        get {
            if percentRaw.isNaN { return nil }
            if flags & Region.percentIsFloat != 0 { return .float(percentRaw) }
            // (Integers beyond Int64 are kept as their nearest double.)
            return .int(percentRaw.magnitude < 9.2e18 ? Int128(fast: Int(percentRaw)) : Int128(percentRaw))
        }
        set {
            switch newValue {
            case nil: percentRaw = .nan; flags &= ~Region.percentIsFloat
            case .int(let i): percentRaw = i.fastDouble; flags &= ~Region.percentIsFloat
            case .float(let f): percentRaw = f; flags |= Region.percentIsFloat
            }
        }
    }

    /// age in microseconds.
    public var usec: PyNum? {
        get {
            if usecRaw == Region.unset { return nil }
            // Float ages keep their bits (damo keeps 2.5 us as 2.5).
            return flags & Region.usecIsFloat != 0
                ? .float(Double(bitPattern: UInt64(bitPattern: Int64(usecRaw)))) : .int(Int128(fast: usecRaw))
        }
        set {
            switch newValue {
            case nil: usecRaw = Region.unset; flags &= ~Region.usecIsFloat
            case .int(let i): usecRaw = i.clampedInt; flags &= ~Region.usecIsFloat
            case .float(let f):
                // -0.0's bits are the unset sentinel; it equals 0.0 anyway.
                let bits = Int(Int64(bitPattern: (f == 0 ? 0.0 : f).bitPattern))
                usecRaw = bits
                flags |= Region.usecIsFloat
            }
        }
    }

    /// age in aggregation intervals.
    @inlinable public var aggrIntervals: Int? {
        get { aggrIntervalsRaw == Region.unset ? nil : aggrIntervalsRaw }
        set { aggrIntervalsRaw = newValue ?? Region.unset }
    }

    /// Bytes of the region that passed the snapshot's DAMOS filters.
    @inlinable public var szFilterPassed: Int? {
        get { szFilterPassedRaw == Region.unset ? nil : szFilterPassedRaw }
        set { szFilterPassedRaw = newValue ?? Region.unset }
    }

    /// Fills whichever of samples/percent and usec/aggr_intervals is unset
    /// from the other, with the record's intervals, as damo does before
    /// showing rates and ages.
    public mutating func addUnsetUnits(_ intervals: Intervals) {
        addUnsetUnits(intervals, maxSamples: intervals.aggr / intervals.sample)
    }

    /// The same with aggr / sample computed once for many regions.
    /// Values computed here stay within RecordLimits (they go beyond only
    /// with intervals no kernel takes, where damo's are meaningless).
    public mutating func addUnsetUnits(_ intervals: Intervals, maxSamples: PyNum) {
        if samples == nil || percent == nil {
            if samples == nil, let p = percent {
                samples = min(max((p * maxSamples / .int(100)).int, 0), RecordLimits.maxCount)
            }
            if percent == nil, let s = samples {
                let p = (PyNum(s) * .float(100) / maxSamples).truncated
                percent = .int(min(max(p, 0), Int128(RecordLimits.maxCount) * 100))
            }
        }
        if usec == nil || aggrIntervals == nil {
            if usec == nil, let a = aggrIntervals {
                usec = PyNum(a) * intervals.aggr
            } else if aggrIntervals == nil, let u = usec {
                aggrIntervals = min(max((u / intervals.aggr).int, 0), RecordLimits.maxCount)
            }
        }
    }
}

extension Array where Element == Region {
    /// Whether the regions start in address order, as DAMON lists them
    /// (the reports skip sorting then).
    public var isInAddressOrder: Bool {
        for i in indices.dropFirst() where self[i].start < self[i - 1].start { return false }
        return true
    }
}
