import DamonModel

/// A time x address grid of access frequencies, built the way damo builds
/// it: each region of each snapshot adds its heat to the pixels it
/// overlaps, weighted by the overlapped time and space.
///
/// The arithmetic mirrors damo's Python numbers (exact integers, floats
/// where damo has floats) so that `--output raw` prints the same digits.
public struct Heatmap: Sendable {
    public let timeStart: PyNum
    public let timeUnit: PyNum
    public let timeResolution: Int
    public let addrStart: PyNum
    public let addrUnit: PyNum
    public let addrResolution: Int
    /// "hz" when records carry intervals, else "samples".
    public let heatUnit: String
    /// heats[time row][address column]; nil where nothing was observed.
    public private(set) var heats: [[PyNum?]]

    public init(timeRange: (PyNum, PyNum), addrRange: (PyNum, PyNum), resolution: (time: Int, addr: Int),
                heatUnit: String) {
        timeStart = timeRange.0
        timeResolution = resolution.time
        timeUnit = PyNum.floorDiv(timeRange.1 - timeRange.0, PyNum(resolution.time))
        addrStart = addrRange.0
        addrResolution = resolution.addr
        addrUnit = PyNum.floorDiv(addrRange.1 - addrRange.0, PyNum(resolution.addr))
        self.heatUnit = heatUnit
        heats = Array(repeating: Array(repeating: nil, count: resolution.addr), count: resolution.time)
    }

    /// Start time of a pixel row, as damo's int(time_start + i * time_unit).
    public func rowTime(_ i: Int) -> PyNum { .int((timeStart + PyNum(i) * timeUnit).truncated) }
    public func columnAddr(_ j: Int) -> PyNum { .int((addrStart + PyNum(j) * addrUnit).truncated) }

    func rowIndex(_ time: PyNum) -> Int { ((time - timeStart) / timeUnit).int }
    func columnIndex(_ addr: PyNum) -> Int { ((addr - addrStart) / addrUnit).int }

    /// The map of records (already selected for one target).
    public static func build(_ records: [Record], timeRange: (PyNum, PyNum), addrRange: (PyNum, PyNum),
                             resolution: (time: Int, addr: Int), dfPassed: Bool) -> Heatmap {
        let unit = records.contains { $0.intervals != nil } ? "hz" : "samples"
        var map = Heatmap(timeRange: timeRange, addrRange: addrRange, resolution: resolution, heatUnit: unit)
        var last: Snapshot? = nil
        for record in records {
            for snapshot in record.snapshots {
                map.add(snapshot, last: last, intervals: record.intervals, dfPassed: dfPassed)
                last = snapshot
            }
        }
        return map
    }

    mutating func add(_ snapshot: Snapshot, last: Snapshot?, intervals: Intervals?, dfPassed: Bool) {
        if timeUnit == .int(0) || addrUnit == .int(0) { return }
        let aggrNs = intervals.map { $0.aggr * .int(1000) }
        let mapAddrEnd = addrStart + addrUnit * PyNum(addrResolution)
        // Access frequency unit of this snapshot: hz needs its aggregation interval.
        let aggrUs = intervals.map { MonitoringIntervals.of(snapshot, $0).aggr }
        for region in snapshot.regions {
            let rs = PyNum(region.start), re = PyNum(region.end)
            if re < addrStart || mapAddrEnd < rs { continue }
            // When the region started looking like this: age before the
            // snapshot, but not before the previous snapshot ended.  (damo
            // clamps the pixel range always but the accounted time only
            // with intervals; kept as is.)
            var observeStart = snapshot.startTime
            if let aggrNs {
                observeStart = observeStart - PyNum(region.aggrIntervals ?? 0) * aggrNs
            }
            var rangeStart = observeStart
            if let last, rangeStart < last.endTime { rangeStart = last.endTime }
            if aggrNs != nil { observeStart = rangeStart }
            var heatValue: PyNum = PyNum(region.samples ?? 0)
            if let aggrUs {
                heatValue = heatValue / (aggrUs / .int(1_000_000))
            }
            if dfPassed {
                heatValue = heatValue * PyNum(region.szFilterPassed ?? 0) / PyNum(region.size)
            }
            let rowFrom = max(rowIndex(rangeStart), 0), rowTo = min(rowIndex(snapshot.endTime), timeResolution - 1)
            let colFrom = max(columnIndex(rs), 0), colTo = min(columnIndex(re), addrResolution - 1)
            if rowTo < rowFrom || colTo < colFrom { continue }
            for row in rowFrom...rowTo {
                for col in colFrom...colTo {
                    addPixelHeat(row, col, rs, re, heatValue, snapshot, observeStart)
                }
            }
        }
    }

    mutating func addPixelHeat(_ row: Int, _ col: Int, _ rs: PyNum, _ re: PyNum, _ heatValue: PyNum,
                               _ snapshot: Snapshot, _ observeStart: PyNum) {
        let pixelTime = rowTime(row), pixelAddr = columnAddr(col)
        let accountTime = pyMin(snapshot.endTime, pixelTime + timeUnit) - pyMax(observeStart, pixelTime)
        let accountSize = pyMin(re, pixelAddr + addrUnit) - pyMax(rs, pixelAddr)
        var heat = heatValue * accountTime * accountSize
        let pixelTimeSpace = timeUnit * addrUnit
        heat = heat + (heats[row][col] ?? .int(0)) * pixelTimeSpace
        heats[row][col] = .float(heat.double) / pixelTimeSpace
    }

    /// Python's max(a, b) and min(a, b): the first unless the second is
    /// strictly beyond it (which decides int vs float on ties).
    @inline(__always) func pyMax(_ a: PyNum, _ b: PyNum) -> PyNum { b > a ? b : a }
    @inline(__always) func pyMin(_ a: PyNum, _ b: PyNum) -> PyNum { b < a ? b : a }

    public var highestLowest: (PyNum, PyNum)? {
        var highest: PyNum? = nil, lowest: PyNum? = nil
        for row in heats {
            for case let h? in row {
                if highest == nil || highest! < h { highest = h }
                if lowest == nil || lowest! > h { lowest = h }
            }
        }
        guard let highest, let lowest else { return nil }
        return (highest, lowest)
    }
}

extension PyNum {
    @inlinable static func > (a: PyNum, b: PyNum) -> Bool { PyNum.compare(a, b) > 0 }
}

/// Sampling and aggregation intervals in effect for one snapshot, which
/// differ from the record's when DAMON auto-tunes them.
public enum MonitoringIntervals {
    public static func of(_ snapshot: Snapshot, _ intervals: Intervals) -> (sample: PyNum, aggr: PyNum) {
        if !intervals.goal.enabled { return (intervals.sample, intervals.aggr) }
        let ratio = intervals.aggr / intervals.sample
        if let sample = snapshot.sampleIntervalUs { return (sample, sample * ratio) }
        let snapshotAggr = (snapshot.endTime - snapshot.startTime) / .int(1000)
        let recordAggr = intervals.aggr
        let diff = snapshotAggr - recordAggr
        let absDiff = diff < .int(0) ? -diff : diff
        if absDiff / recordAggr < .float(0.1) { return (intervals.sample, recordAggr) }
        return (snapshotAggr / ratio, snapshotAggr)
    }
}
