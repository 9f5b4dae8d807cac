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
    /// Heat per pixel, row-major (time rows of address columns).  damo's
    /// pixel heats are always floats once set; `seen` marks which are set.
    var values: [Double]
    var seen: [Bool]
    let pixelTimeSpace: PyNum
    let pixelTimeSpaceDouble: Double
    let integerGeometry: (timeStart: Int, timeUnit: Int, addrStart: Int, addrUnit: Int)?

    /// heats[time row][address column]; nil where nothing was observed.
    public var heats: [[Double?]] {
        (0..<timeResolution).map { row in
            (0..<addrResolution).map { col in
                let i = row * addrResolution + col
                return seen[i] ? values[i] : nil
            }
        }
    }

    public init(timeRange: (PyNum, PyNum), addrRange: (PyNum, PyNum), resolution: (time: Int, addr: Int),
                heatUnit: String) {
        timeStart = timeRange.0
        timeResolution = resolution.time
        timeUnit = PyNum.floorDiv(timeRange.1 - timeRange.0, PyNum(resolution.time))
        addrStart = addrRange.0
        addrResolution = resolution.addr
        addrUnit = PyNum.floorDiv(addrRange.1 - addrRange.0, PyNum(resolution.addr))
        self.heatUnit = heatUnit
        values = Array(repeating: 0, count: resolution.time * resolution.addr)
        seen = Array(repeating: false, count: resolution.time * resolution.addr)
        pixelTimeSpace = timeUnit * addrUnit
        pixelTimeSpaceDouble = pixelTimeSpace.double
        integerGeometry = Heatmap.integerGeometry(timeStart, timeUnit, timeResolution, addrStart, addrUnit, addrResolution)
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

    /// What one region adds: the pixels it covers and its heat.
    struct Span {
        var rowFrom: Int, rowTo: Int, colFrom: Int, colTo: Int
        var start: Int, end: Int
        var heatValue: PyNum
        var observeStart: PyNum
        var pixels: Int { (rowTo - rowFrom + 1) * (colTo - colFrom + 1) }
    }

    /// The per-snapshot values every region's span needs.
    struct SnapshotTerms {
        let snapshot: Snapshot
        let last: Snapshot?
        let aggrNs: PyNum?
        let aggrUs: PyNum?
        let mapAddrEnd: PyNum
        let dfPassed: Bool
    }

    mutating func add(_ snapshot: Snapshot, last: Snapshot?, intervals: Intervals?, dfPassed: Bool) {
        if timeUnit == .int(0) || addrUnit == .int(0) { return }
        // Access frequency unit of this snapshot: hz needs its aggregation interval.
        let terms = SnapshotTerms(
            snapshot: snapshot, last: last, aggrNs: intervals.map { $0.aggr * .int(1000) },
            aggrUs: intervals.map { MonitoringIntervals.of(snapshot, $0).aggr },
            mapAddrEnd: addrStart + addrUnit * PyNum(addrResolution), dfPassed: dfPassed)
        // DAMON's regions of a target never overlap: each pixel then gets
        // a few regions' heat, and damo's arithmetic is repeated exactly.
        let regions = snapshot.regions
        if Heatmap.disjoint(regions) {
            // In address order: only the regions within the map's range
            // (many maps of one record, one per range, stay linear).
            var lo = 0, hi = regions.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if PyNum(regions[mid].end) < addrStart { lo = mid + 1 } else { hi = mid }
            }
            regions.withUnsafeBufferPointer { buf in
                for i in lo..<buf.count {
                    if terms.mapAddrEnd < PyNum(buf[i].start) { break }
                    if let span = span(buf[i], terms) { addExactly(span, snapshot) }
                }
            }
            return
        }
        addOverlapping(snapshot, terms)
    }

    /// Whether regions are in address order without overlaps.
    static func disjoint(_ regions: [Region]) -> Bool {
        var lastEnd = Int.min
        for r in regions {
            if r.start < lastEnd { return false }
            lastEnd = r.end
        }
        return true
    }

    @inline(__always)
    func span(_ region: borrowing Region, _ t: SnapshotTerms) -> Span? {
        let rs = PyNum(region.start), re = PyNum(region.end)
        if re < addrStart || t.mapAddrEnd < rs { return nil }
        // When the region started looking like this: age before the
        // snapshot, but not before the previous snapshot ended.  (damo
        // clamps the pixel range always but the accounted time only
        // with intervals; kept as is.)
        var observeStart = t.snapshot.startTime
        if let aggrNs = t.aggrNs {
            observeStart = observeStart - PyNum(region.aggrIntervals ?? 0) * aggrNs
        }
        var rangeStart = observeStart
        if let last = t.last, rangeStart < last.endTime { rangeStart = last.endTime }
        if t.aggrNs != nil { observeStart = rangeStart }
        var heatValue: PyNum = PyNum(region.samples ?? 0)
        if let aggrUs = t.aggrUs {
            heatValue = heatValue / (aggrUs / .int(1_000_000))
        }
        if t.dfPassed {
            // (damo divides by zero on an empty region: it passed nothing.)
            heatValue = region.size == 0 ? .int(0) : heatValue * PyNum(region.szFilterPassed ?? 0) / PyNum(region.size)
        }
        let rowFrom = max(rowIndex(rangeStart), 0), rowTo = min(rowIndex(t.snapshot.endTime), timeResolution - 1)
        let colFrom = max(columnIndex(rs), 0), colTo = min(columnIndex(re), addrResolution - 1)
        if rowTo < rowFrom || colTo < colFrom { return nil }
        return Span(rowFrom: rowFrom, rowTo: rowTo, colFrom: colFrom, colTo: colTo, start: region.start,
                    end: region.end, heatValue: heatValue, observeStart: observeStart)
    }

    /// Adds a region's heat pixel by pixel, as damo does.
    @inline(__always)
    mutating func addExactly(_ s: Span, _ snapshot: Snapshot) {
        if let ints = integerGeometry, case .int(let end) = snapshot.endTime, case .int(let obs) = s.observeStart,
           case .float(let hv) = s.heatValue, end.fitsInt64, obs.fitsInt64 {
            for row in s.rowFrom...s.rowTo {
                for col in s.colFrom...s.colTo {
                    addPixelHeatHz(row, col, s.start, s.end, hv, end.clampedInt, obs.clampedInt,
                                   ints.timeStart, ints.timeUnit, ints.addrStart, ints.addrUnit)
                }
            }
            return
        }
        let rs = PyNum(s.start), re = PyNum(s.end)
        for row in s.rowFrom...s.rowTo {
            for col in s.colFrom...s.colTo {
                addPixelHeat(row, col, rs, re, s.heatValue, snapshot, s.observeStart)
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
        let i = row * addrResolution + col
        if seen[i] {
            heat = heat + .float(values[i]) * pixelTimeSpace
        }
        values[i] = (.float(heat.double) / pixelTimeSpace).double
        seen[i] = true
    }

    /// The same arithmetic when the record has intervals (heat in hz, a
    /// float) and times and addresses are integers: then every step damo
    /// takes is a float operation on exactly converted integers, so plain
    /// Doubles give the same bits, many times faster.
    @inline(__always)
    mutating func addPixelHeatHz(_ row: Int, _ col: Int, _ rs: Int, _ re: Int, _ heatValue: Double,
                                 _ snapshotEnd: Int, _ observeStart: Int, _ timeStartInt: Int,
                                 _ timeUnitInt: Int, _ addrStartInt: Int, _ addrUnitInt: Int) {
        let pixelTime = timeStartInt + row * timeUnitInt, pixelAddr = addrStartInt + col * addrUnitInt
        let accountTime = min(snapshotEnd, pixelTime + timeUnitInt) - max(observeStart, pixelTime)
        let accountSize = min(re, pixelAddr + addrUnitInt) - max(rs, pixelAddr)
        var heat = heatValue * Double(accountTime) * Double(accountSize)
        let i = row * addrResolution + col
        if seen[i] {
            heat += values[i] * pixelTimeSpaceDouble
        }
        values[i] = heat / pixelTimeSpaceDouble
        seen[i] = true
    }

    /// The map's time and address axes as Ints, when they are integers
    /// small enough for the fast path's products to stay exact.
    static func integerGeometry(_ timeStart: PyNum, _ timeUnit: PyNum, _ timeResolution: Int, _ addrStart: PyNum,
                                _ addrUnit: PyNum, _ addrResolution: Int)
        -> (timeStart: Int, timeUnit: Int, addrStart: Int, addrUnit: Int)? {
        guard case .int(let ts) = timeStart, case .int(let tu) = timeUnit,
              case .int(let a) = addrStart, case .int(let au) = addrUnit else { return nil }
        let limit: Int128 = 1 << 60
        let tEnd = ts + tu * Int128(fast: timeResolution + 1), aEnd = a + au * Int128(fast: addrResolution + 1)
        guard ts.magnitude < limit, tEnd.magnitude < limit, a.magnitude < limit, aEnd.magnitude < limit else { return nil }
        return (ts.clampedInt, tu.clampedInt, a.clampedInt, au.clampedInt)
    }

    /// Python's max(a, b) and min(a, b): the first unless the second is
    /// strictly beyond it (which decides int vs float on ties).
    @inline(__always) func pyMax(_ a: PyNum, _ b: PyNum) -> PyNum { b > a ? b : a }
    @inline(__always) func pyMin(_ a: PyNum, _ b: PyNum) -> PyNum { b < a ? b : a }

    public var highestLowest: (PyNum, PyNum)? {
        var highest: PyNum? = nil, lowest: PyNum? = nil
        for (i, h) in values.enumerated() where seen[i] {
            let v = PyNum.float(h)
            if highest == nil || highest! < v { highest = v }
            if lowest == nil || lowest! > v { lowest = v }
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
