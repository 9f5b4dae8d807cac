/// The values a record may hold, checked once where records come in (the
/// record readers, the kernel's files) so that reports can compute with
/// them without trapping: Swift stops the program on an overflowing Int
/// operation or a non-finite Double turned into an Int, and a record is
/// input like any other.
///
/// The bounds are DAMON's own: addresses and sizes fit a signed 64-bit
/// word (no kernel hands out addresses above 2^63), nr_accesses and age
/// are unsigned ints in the kernel, times are non-negative nanoseconds of a
/// 64-bit clock.  Within them, every product reports take (size x nr_accesses,
/// sums of sizes of a snapshot, times x intervals) fits in Int128.
public enum RecordLimits {
    /// Largest nr_accesses (samples) and age (aggregation intervals).
    public static let maxCount = Int(UInt32.max)
    /// Largest access rate in percent: maxCount samples of one.
    public static let maxPercent = maxCount * 100
    /// Largest time, in nanoseconds, and interval, in microseconds.
    public static let maxTimeNs = Int.max
    public static let maxIntervalUs = Int.max / 1000

    /// What is wrong with a region, or nil.  A region whose nr_accesses
    /// or age are unset is fine.
    public static func problem(_ r: Region) -> String? {
        if r.start < 0 { return "'start' \(r.start) is negative" }
        if r.end < r.start { return "'end' \(r.end) is below 'start' \(r.start)" }
        if let s = r.samples, s < 0 || s > maxCount {
            return "'nr_accesses' \(s) is out of DAMON's range 0-\(maxCount)"
        }
        if let a = r.aggrIntervals, a < 0 || a > maxCount {
            return "'age' \(a) is out of DAMON's range 0-\(maxCount) aggregation intervals"
        }
        if let p = r.percent, !inRange(p, 0, maxPercent) {
            return "access rate \(p)% is out of range (0-\(maxPercent))"
        }
        // Negative: DAMON_STAT's idle times of accessed memory (6.18+).
        if let u = r.usec, !inRange(u, -maxIntervalUs, Int.max) {
            return "age \(u) us is out of range (-\(maxIntervalUs)-\(Int.max))"
        }
        // (It may exceed the region's size: the kernel counts whole folios.)
        if let p = r.szFilterPassed, p < 0 { return "'sz_filter_passed' \(p) is negative" }
        if let h = r.probeHits.first(where: { $0 < 0 }) { return "'probe_hits' holds a negative count (\(h))" }
        return nil
    }

    /// What is wrong with a snapshot's own values (times, sampling
    /// interval, total of its region sizes), or nil.  Regions are checked
    /// one by one with problem(_: Region).
    public static func problem(_ s: Snapshot) -> String? {
        if totalSize(s.regions) == nil { return overlapProblem }
        return problemBesidesSizes(s)
    }

    public static let overlapProblem = "the regions' sizes add up beyond \(Int.max) bytes (regions overlap)"

    /// The same without adding up the sizes, for readers that did.
    public static func problemBesidesSizes(_ s: Snapshot) -> String? {
        if let p = timeProblem(s.startTime, "start_time") ?? timeProblem(s.endTime, "end_time") { return p }
        if s.endTime < s.startTime { return "'end_time' \(s.endTime) is before 'start_time' \(s.startTime)" }
        if let t = s.totalBytes, t < 0 { return "'total_bytes' \(t) is negative" }
        if let u = s.sampleIntervalUs, let p = intervalProblem(u, "sample_interval_us", allowZero: false) { return p }
        return nil
    }

    /// The sum of the regions' sizes, nil when it does not fit an Int.
    public static func totalSize(_ regions: [Region]) -> Int? {
        var total = 0
        for r in regions {
            let (t, o) = total.addingReportingOverflow(r.size)
            if o { return nil }
            total = t
        }
        return total
    }

    /// What is wrong with monitoring intervals, or nil.  Sampling and
    /// aggregation must be positive (rates divide by them).
    public static func problem(_ i: Intervals) -> String? {
        if let p = intervalProblem(i.sample, "sample_us", allowZero: false)
            ?? intervalProblem(i.aggr, "aggr_us", allowZero: false)
            ?? intervalProblem(i.opsUpdate, "ops_update_us", allowZero: true) {
            return p
        }
        let g = i.goal
        if !inRange(g.accessBp, 0, Int.max) { return "'access_bp' \(g.accessBp) is out of range" }
        if !inRange(g.aggrs, 0, Int.max) { return "'aggrs' \(g.aggrs) is out of range" }
        return intervalProblem(g.minSampleUs, "min_sample_us", allowZero: true)
            ?? intervalProblem(g.maxSampleUs, "max_sample_us", allowZero: true)
    }

    static func intervalProblem(_ v: PyNum, _ name: String, allowZero: Bool) -> String? {
        if inRange(v, 0, maxIntervalUs, positive: !allowZero) { return nil }
        return allowZero ? "'\(name)' \(v) must be within 0-\(maxIntervalUs) us"
            : "'\(name)' \(v) must be above 0 and at most \(maxIntervalUs) us"
    }

    static func timeProblem(_ t: PyNum, _ name: String) -> String? {
        inRange(t, 0, maxTimeNs) ? nil : "'\(name)' \(t) is out of range (0-\(maxTimeNs) ns)"
    }

    /// Whether a number is finite and within [low, high] (above 0 if
    /// `positive`).  Integers compare exactly; floats stay below 2^63, so
    /// that they convert to an Int.
    public static func inRange(_ v: PyNum, _ low: Int, _ high: Int, positive: Bool = false) -> Bool {
        switch v {
        case .int(let i):
            guard i.fitsInt64 else { return false }
            let x = i.clampedInt
            return x >= low && x <= high && (!positive || x > 0)
        case .float(let f):
            return f.isFinite && f >= Double(low) && f <= Double(high) && f < 0x1p63 && (!positive || f > 0)
        }
    }

    /// An integer field of a record (an index, an address, a count), or
    /// nil when the number does not fit an Int.  Floats are truncated, as
    /// damo's int() does.
    public static func integer(_ v: PyNum) -> Int? {
        switch v {
        case .int(let i): return i.fitsInt64 ? i.clampedInt : nil
        case .float(let f):
            guard f.isFinite, f >= -9.2e18, f < 9.2e18 else { return nil }
            return Int(f.rounded(.towardZero))
        }
    }
}
