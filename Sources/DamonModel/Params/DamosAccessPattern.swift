/// How nr_accesses bounds of a scheme are given.
public enum NrAccessesUnit: String, Sendable {
    /// Percent of the samples of an aggregation interval.
    case percent
    /// Samples (the kernel's unit).
    case samples
}

/// How age bounds of a scheme are given.
public enum AgeUnit: String, Sendable {
    case usec
    /// Aggregation intervals (the kernel's unit).
    case aggrIntervals = "aggr_intervals"
}

/// The regions a scheme applies to: size, access frequency and age bounds.
/// `max` is 2^64-1 as in damo.
public struct DamosAccessPattern: Sendable, Equatable {
    public var szMin: PyNum
    public var szMax: PyNum
    public var nrAccessesMin: PyNum
    public var nrAccessesMax: PyNum
    public var nrAccessesUnit: NrAccessesUnit
    public var ageMin: PyNum
    public var ageMax: PyNum
    public var ageUnit: AgeUnit

    /// Every region, by default.
    public init(szMin: PyNum = .int(0), szMax: PyNum = .int(ulongMax),
                nrAccessesMin: PyNum = .int(0), nrAccessesMax: PyNum = .int(ulongMax),
                nrAccessesUnit: NrAccessesUnit = .percent,
                ageMin: PyNum = .int(0), ageMax: PyNum = .int(ulongMax), ageUnit: AgeUnit = .usec) {
        self.szMin = szMin
        self.szMax = szMax
        self.nrAccessesMin = nrAccessesMin
        self.nrAccessesMax = nrAccessesMax
        self.nrAccessesUnit = nrAccessesUnit
        self.ageMin = ageMin
        self.ageMax = ageMax
        self.ageUnit = ageUnit
    }

    func nrAccessesText(_ n: PyNum, raw: Bool) -> String {
        switch nrAccessesUnit {
        case .percent: return UnitFormat.nr(n, raw: raw) + " %"
        case .samples: return UnitFormat.nr(n, raw: raw) + " samples"
        }
    }

    func ageText(_ n: PyNum, raw: Bool) -> String {
        switch ageUnit {
        case .usec: return UnitFormat.timeUsExact(n, raw: raw)
        case .aggrIntervals: return UnitFormat.nr(n, raw: raw) + " aggr_intervals"
        }
    }

    public func toKV(_ style: KVStyle = KVStyle()) -> KV {
        let raw = style.raw
        return .dict([
            "sz_bytes": .dict([
                "min": .string(UnitFormat.size(szMin, raw: raw)), "max": .string(UnitFormat.size(szMax, raw: raw)),
            ]),
            "nr_accesses": .dict([
                "min": .string(nrAccessesText(nrAccessesMin, raw: raw)),
                "max": .string(nrAccessesText(nrAccessesMax, raw: raw)),
            ]),
            "age": .dict(["min": .string(ageText(ageMin, raw: raw)), "max": .string(ageText(ageMax, raw: raw))]),
        ])
    }

    public init(kv r: KVReader) throws {
        let sz = try r.required("sz_bytes")
        let nr = try r.required("nr_accesses")
        let age = try r.required("age")
        let (nrMin, nrMax) = (try nr.required("min"), try nr.required("max"))
        let (ageMin, ageMax) = (try age.required("min"), try age.required("max"))
        self.init(szMin: try sz.required("min").bytes(), szMax: try sz.required("max").bytes())
        // damo reads percents (or plain numbers) first, then `N samples`.
        if let lo = try? nrMin.percent(), let hi = try? nrMax.percent() {
            (nrAccessesMin, nrAccessesMax, nrAccessesUnit) = (lo, hi, .percent)
        } else {
            let (lo, u1) = try nrMin.numberWithUnit()
            let (hi, u2) = try nrMax.numberWithUnit()
            guard u1 == u2 else { throw nr.error("nr_accesses units should be same") }
            guard let unit = NrAccessesUnit(rawValue: u1) else { throw nr.error("invalid nr_accesses unit '\(u1)'") }
            (nrAccessesMin, nrAccessesMax, nrAccessesUnit) = (lo, hi, unit)
        }
        if let lo = try? ageMin.us(), let hi = try? ageMax.us() {
            (self.ageMin, self.ageMax, ageUnit) = (lo, hi, .usec)
        } else {
            let (lo, u1) = try ageMin.numberWithUnit()
            let (hi, u2) = try ageMax.numberWithUnit()
            guard u1 == u2 else { throw age.error("age units should be same") }
            guard let unit = AgeUnit(rawValue: u1) else { throw age.error("unsupported age unit '\(u1)'") }
            (self.ageMin, self.ageMax, ageUnit) = (lo, hi, unit)
        }
    }

    public func toString(raw: Bool) -> String {
        [
            "sz: [\(UnitFormat.size(szMin, raw: raw)), \(UnitFormat.size(szMax, raw: raw))]",
            "nr_accesses: [\(nrAccessesText(nrAccessesMin, raw: raw)), \(nrAccessesText(nrAccessesMax, raw: raw))]",
            "age: [\(ageText(ageMin, raw: raw)), \(ageText(ageMax, raw: raw))]",
        ].joined(separator: "\n")
    }

    /// nr_accesses bounds in samples and age bounds in aggregation
    /// intervals, the kernel's units, converted with `intervals` as damo
    /// does (truncating).
    public func kernelUnits(_ intervals: Intervals)
        -> (nrAccessesMin: PyNum, nrAccessesMax: PyNum, ageMin: PyNum, ageMax: PyNum)
    {
        let maxSamples = intervals.aggr / intervals.sample
        func samples(_ n: PyNum) -> PyNum {
            nrAccessesUnit == .samples ? n : .int((n * maxSamples / .int(100)).truncated)
        }
        func aggrs(_ n: PyNum) -> PyNum {
            ageUnit == .aggrIntervals ? n : .int((n / intervals.aggr).truncated)
        }
        return (samples(nrAccessesMin), samples(nrAccessesMax), aggrs(ageMin), aggrs(ageMax))
    }

    /// damo's equality: the bounds, not how they are spelled.
    public static func == (a: DamosAccessPattern, b: DamosAccessPattern) -> Bool {
        a.szMin == b.szMin && a.szMax == b.szMax
            && a.nrAccessesUnit == b.nrAccessesUnit && a.nrAccessesMin == b.nrAccessesMin
            && a.nrAccessesMax == b.nrAccessesMax
            && a.ageUnit == b.ageUnit && a.ageMin == b.ageMin && a.ageMax == b.ageMax
    }
}
