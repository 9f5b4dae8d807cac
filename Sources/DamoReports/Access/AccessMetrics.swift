import DamonModel

/// Per-region and per-snapshot numbers the access report shows, with
/// damo's int/float arithmetic.
enum AccessMetrics {
    /// Region temperature: weighted size, access rate and age, negated
    /// for regions without accesses.  `size` may be a clipped part's.
    static func temperature(size: PyNum, _ region: Region, _ weights: [PyNum]) -> PyNum {
        let rate = region.percent ?? .int(0)
        let score = size * weights[0] + rate * weights[1] + (region.usec ?? .int(0)) * weights[2]
        return rate > .int(0) ? score : -score
    }

    static func temperature(_ region: Region, _ weights: [PyNum]) -> PyNum {
        temperature(size: PyNum(region.size), region, weights)
    }

    /// Temperature without the size term, for distributions.
    static func sizelessTemperature(_ region: Region, _ weights: [PyNum]) -> PyNum {
        temperature(region, [.int(0), weights[1], weights[2]])
    }

    /// How long the region has not been accessed: zero when it was,
    /// else its age plus one aggregation.
    static func idleTime(_ region: Region, aggrUs: PyNum) -> PyNum {
        if (region.percent ?? .int(0)) > .int(0) { return .int(0) }
        return (region.usec ?? .int(0)) + aggrUs
    }

    /// Sampling and aggregation intervals of a snapshot, which auto-tuning
    /// may have moved away from the record's.
    static func intervals(_ snapshot: Snapshot, _ intervals: Intervals) -> (sample: PyNum, aggr: PyNum) {
        guard intervals.goal.enabled else { return (intervals.sample, intervals.aggr) }
        let ratio = intervals.aggr / intervals.sample
        if let s = snapshot.sampleIntervalUs { return (s, s * ratio) }
        let snapshotAggr = (snapshot.endTime - snapshot.startTime) / .int(1000)
        let recordAggr = intervals.aggr
        var diff = snapshotAggr - recordAggr
        if diff < .int(0) { diff = -diff }
        if diff / recordAggr < .float(0.1) { return (intervals.sample, recordAggr) }
        return (snapshotAggr / ratio, snapshotAggr)
    }

    static func aggrUs(_ snapshot: Snapshot, _ intervals: Intervals) -> PyNum {
        self.intervals(snapshot, intervals).aggr
    }

    static func sortKey(_ attribute: RegionAttribute, _ region: Region, _ weights: [PyNum]) -> PyNum {
        switch attribute {
        case .address: return PyNum(region.start)
        case .accessRate: return region.percent ?? .int(0)
        case .age: return region.usec ?? .int(0)
        case .size: return PyNum(region.size)
        case .temperature: return temperature(region, weights)
        }
    }

    /// Python's sorted(): stable, and `reverse` keeps equal items in order.
    static func stableSorted<T>(_ items: [T], by key: (T) -> PyNum, descending: Bool = false) -> [T] {
        let keys = items.map(key)
        let order = keys.indices.sorted { a, b in
            let c = PyNum.compare(keys[a], keys[b])
            if c != 0 { return descending ? c > 0 : c < 0 }
            return a < b
        }
        return order.map { items[$0] }
    }

    /// damo's sorted_regions: one stable sort per field, in order.
    static func sorted(_ regions: [Region], _ format: AccessReportFormat) -> [Region] {
        // The default, by address, of DAMON's regions (already in that
        // order): a stable sort leaves them as they are.
        if format.sortBy == [.address] && !format.sortDescending.contains("all")
            && !format.sortDescending.contains("address") && regions.isInAddressOrder {
            return regions
        }
        var out = regions
        for field in format.sortBy {
            let dsc = format.sortDescending.contains("all") || format.sortDescending.contains(field.rawValue)
            out = stableSorted(out, by: { sortKey(field, $0, format.temperatureWeights) }, descending: dsc)
        }
        return out
    }
}
