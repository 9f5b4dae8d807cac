import DamonModel

/// Per-region numbers of `report attrs`: where `report access` weighs the
/// access rate, attrs weighs the probe hits, each probe by its weight.
enum AttrsMetrics {
    /// Sum of the region's probe hits, each times its probe's weight.
    /// Callers have checked that every hit has a probe (`AttrsRecords`).
    static func hitsWsum(_ region: Region, _ probeWeights: [Int]) -> PyNum {
        var sum = PyNum.int(0)
        for (idx, hit) in region.probeHits.enumerated() where idx < probeWeights.count {
            sum = sum + PyNum(hit) * PyNum(probeWeights[idx])
        }
        return sum
    }

    /// Temperature of a region (or of its `size` part): weighted hits sum,
    /// age and size, negated for regions no weighted probe hit.
    static func temperature(size: PyNum, _ region: Region, _ probeWeights: [Int], _ weights: [PyNum]) -> PyNum {
        let wsum = hitsWsum(region, probeWeights)
        let score = wsum * weights[0] + (region.usec ?? .int(0)) * weights[1] + size * weights[2]
        return wsum > .int(0) ? score : -score
    }

    static func temperature(_ region: Region, _ probeWeights: [Int], _ weights: [PyNum]) -> PyNum {
        temperature(size: PyNum(region.size), region, probeWeights, weights)
    }

    /// Idle time: zero when any probe hit the region, else its age plus
    /// one aggregation.
    static func idleTime(_ region: Region, aggrUs: PyNum) -> PyNum {
        if region.probeHits.contains(where: { $0 > 0 }) { return .int(0) }
        return (region.usec ?? .int(0)) + aggrUs
    }

    static func sortKey(_ key: AttrsSortKey, _ region: Region, _ probeWeights: [Int], _ weights: [PyNum]) -> PyNum {
        switch key {
        case .address: return PyNum(region.start)
        case .probeHitsWsum: return hitsWsum(region, probeWeights)
        case .age: return region.usec ?? .int(0)
        case .size: return PyNum(region.size)
        case .temperature: return temperature(region, probeWeights, weights)
        }
    }

    /// One stable sort per pass, in order, as damo's sorted_regions.
    static func sorted(_ regions: [Region], _ format: AttrsReportFormat, _ probeWeights: [Int]) -> [Region] {
        var out = regions
        for pass in format.sortBy {
            out = AccessMetrics.stableSorted(out, by: {
                sortKey(pass.key, $0, probeWeights, format.base.temperatureWeights)
            }, descending: pass.descending)
        }
        return out
    }

    // MARK: distributions

    /// Distributions leave the size out of the temperature.
    static func sizelessTemperature(_ region: Region, _ probeWeights: [Int], _ weights: [PyNum]) -> PyNum {
        temperature(region, probeWeights, [weights[0], weights[1], .int(0)])
    }

    static func value(_ metric: AccessDistributions.Metric, aggrUs: PyNum, _ probeWeights: [Int],
                      _ format: AccessReportFormat) -> (Region) -> PyNum {
        switch metric {
        case .recency: return { idleTime($0, aggrUs: aggrUs) }
        case .temperature: return { sizelessTemperature($0, probeWeights, format.temperatureWeights) }
        }
    }

    /// Size histogram of idle time or temperature.
    static func histogram(_ regions: [Region], _ metric: AccessDistributions.Metric, aggrUs: PyNum,
                          _ probeWeights: [Int], _ format: AccessReportFormat) -> String {
        AccessDistributions.histogram(regions, metric: metric, dfPassed: false, aggrUs: aggrUs, format,
                                      value: value(metric, aggrUs: aggrUs, probeWeights, format))
    }

    /// Per-byte percentiles of idle time or temperature.
    static func percentiles(_ regions: [Region], _ metric: AccessDistributions.Metric, aggrUs: PyNum,
                            _ probeWeights: [Int], _ format: AccessReportFormat) -> String {
        AccessDistributions.percentiles(regions, metric: metric, dfPassed: false, aggrUs: aggrUs, format,
                                        value: value(metric, aggrUs: aggrUs, probeWeights, format))
    }
}
