import DamonModel

/// Size histograms and percentiles of idle time (recency) or temperature
/// over a snapshot's bytes, or over the bytes that passed DAMOS filters.
enum AccessDistributions {
    enum Metric {
        case recency, temperature

        func value(_ region: Region, aggrUs: PyNum, _ format: AccessReportFormat) -> PyNum {
            switch self {
            case .recency: return AccessMetrics.idleTime(region, aggrUs: aggrUs)
            case .temperature: return AccessMetrics.sizelessTemperature(region, format.temperatureWeights)
            }
        }

        func text(_ v: PyNum, raw: Bool) -> String {
            switch self {
            case .recency: return UnitFormat.timeUs(v, raw: raw)
            case .temperature: return UnitFormat.nr(v, raw: raw)
            }
        }

        func parse(_ text: String) throws -> PyNum {
            switch self {
            case .recency: return try UnitParse.us(text)
            case .temperature: return try UnitParse.nr(text)
            }
        }
    }

    static func weight(_ region: Region, dfPassed: Bool) -> PyNum {
        dfPassed ? PyNum(region.szFilterPassed ?? 0) : PyNum(region.size)
    }

    // MARK: histograms

    /// `value` replaces the metric's value of a region (report attrs'
    /// idle time and temperature come from probe hits).
    static func histogram(_ regions: [Region], metric: Metric, dfPassed: Bool, aggrUs: PyNum,
                          _ format: AccessReportFormat, value: ((Region) -> PyNum)? = nil) -> String {
        if regions.isEmpty { return "no region in snapshot" }
        var dist: [PyNum: PyNum] = [:]
        for r in regions {
            let m = value?(r) ?? metric.value(r, aggrUs: aggrUs, format)
            dist[m, default: .int(0)] = dist[m, default: .int(0)] + weight(r, dfPassed: dfPassed)
        }
        let metrics = dist.keys.sorted { PyNum.compare($0, $1) < 0 }
        var ranges: [(PyNum, PyNum)] = []
        if let given = format.histRanges {
            var i = 0
            while i + 1 < given.count {
                ranges.append(((try? metric.parse(given[i])) ?? .int(0), (try? metric.parse(given[i + 1])) ?? .int(0)))
                i += 2
            }
        } else {
            ranges = histRanges(min: metrics[0], max: metrics[metrics.count - 1], count: 10,
                                logscale: format.histLogscale, cumulate: format.histCumulate)
        }
        let raw = format.rawNumber
        var rows: [(String, String, PyNum)] = []
        for (lo, hi) in ranges {
            var y = PyNum.int(0)
            for m in metrics where !(m < lo) && m < hi { y = y + dist[m]! }
            rows.append(("[\(metric.text(lo, raw: raw)), \(metric.text(hi, raw: raw)))", UnitFormat.size(y, raw: raw), y))
        }
        return histogramText(rows)
    }

    static func histRanges(min minv: PyNum, max maxv: PyNum, count: Int, logscale: Bool,
                           cumulate: Bool) -> [(PyNum, PyNum)] {
        var ranges: [(PyNum, PyNum)] = []
        if logscale {
            var initial = ((maxv - minv) / PyNum(1 << count)).truncated
            if initial < 1 { initial = 1 }
            ranges.append((minv, minv + .int(initial)))
            while ranges[ranges.count - 1].1 < maxv {
                let last = ranges[ranges.count - 1]
                let interval = last.1 - last.0
                ranges.append((cumulate ? minv : last.1, last.1 + interval * .int(2)))
            }
            return ranges
        }
        let total = maxv + .int(1) - minv
        var interval = (total / PyNum(count)).double.rounded(.up)
        if interval < 1 { interval = 1 }
        let step = PyNum.int(Int128(interval))
        for i in 0..<count {
            let start = cumulate ? minv : minv + step * PyNum(i)
            ranges.append((start, minv + step * PyNum(i + 1)))
        }
        return ranges
    }

    /// Rows of `[range) size |****    |`, the bar relative to the smallest
    /// and largest sizes.
    static func histogramText(_ rows: [(String, String, PyNum)]) -> String {
        let ys = rows.map(\.2)
        let minY = ys.min { PyNum.compare($0, $1) < 0 }!
        let maxY = ys.max { PyNum.compare($0, $1) < 0 }!
        let xWidth = rows.map(\.0.count).max()!
        let yWidth = rows.map(\.1.count).max()!
        let maxDots = 20
        let dotInterval = Swift.max(((maxY - minY) / PyNum(maxDots)).int, 1)
        return rows.map { x, yText, y in
            let dots = Swift.min(Int(((y - minY) / PyNum(dotInterval)).double.rounded(.up)), maxDots)
            let bar = "|" + String(repeating: "*", count: dots) + String(repeating: " ", count: maxDots - dots) + "|"
            return PyFormat.padRight(x, xWidth) + " " + PyFormat.padRight(yText, yWidth) + " " + bar
        }.joined(separator: "\n")
    }

    // MARK: percentiles

    static func percentilesToShow(_ format: AccessReportFormat) -> [Int] {
        guard let r = format.percentilesRange else { return [0, 1, 25, 50, 75, 99, 100] }
        if r.count > 3 { return r.sorted() }
        switch r.count {
        case 1: return r[0] > 0 ? Array(0..<r[0]) : []
        case 2: return r[0] < r[1] ? Array(r[0]..<r[1]) : []
        case 3:
            if r[2] == 0 { return [] }
            return Array(stride(from: r[0], to: r[1], by: r[2]))
        default: return []
        }
    }

    static func percentiles(_ regions: [Region], metric: Metric, dfPassed: Bool, aggrUs: PyNum,
                            _ format: AccessReportFormat, value: ((Region) -> PyNum)? = nil) -> String {
        if regions.isEmpty { return "no region in snapshot" }
        var toShow = percentilesToShow(format)[...]
        let value = value ?? { metric.value($0, aggrUs: aggrUs, format) }
        let sorted = AccessMetrics.stableSorted(regions, by: value)
        var total = PyNum.int(0)
        for r in sorted { total = total + weight(r, dfPassed: dfPassed) }
        // damo 3.4.3 divides by zero here.
        if total == .int(0) { return "no \(dfPassed ? "df-passed " : "")bytes in snapshot" }
        var values: [(Int, PyNum)] = []
        var percentile = PyNum.float(0)
        percentile = .int(0)
        var lastValue = PyNum.int(0)
        for r in sorted {
            percentile = percentile + weight(r, dfPassed: dfPassed) * .int(100) / total
            lastValue = value(r)
            while let p = toShow.first {
                if percentile < PyNum(p) { break }
                values.append((p, lastValue))
                toShow = toShow.dropFirst()
            }
            if !(percentile < .float(100)) { break }
        }
        if toShow.contains(100) { values.append((100, lastValue)) }
        return percentilesText(values, metric: metric, dfPassed: dfPassed, format)
    }

    static func percentilesText(_ values: [(Int, PyNum)], metric: Metric, dfPassed: Bool,
                                _ format: AccessReportFormat) -> String {
        let legend: String
        switch metric {
        case .recency: legend = format.rawNumber ? "<idle time (us)>" : "<idle time>"
        case .temperature: legend = "<temperature (weights: \(format.weightsText))>"
        }
        var lines = [(dfPassed ? "<df-passed percentile> " : "<percentile> ") + legend]
        guard let first = values.first, let last = values.last else { return lines[0] }
        let pTexts = values.map { String($0.0) }
        let vTexts = values.map { metric.text($0.1, raw: format.rawNumber) }
        let pWidth = pTexts.map(\.count).max()!
        let vWidth = vTexts.map(\.count).max()!
        let minV = first.1, maxV = last.1
        let maxDots = 20
        let perDot: PyNum = maxV != minV ? (maxV - minV) / PyNum(maxDots) : .int(1)
        for (i, v) in values.enumerated() {
            let len = Swift.max(0, Swift.min(((v.1 - minV) / perDot).int, 1 << 20))
            let bar = "|" + String(repeating: "*", count: len) + String(repeating: " ", count: Swift.max(0, maxDots - len)) + "|"
            lines.append(PyFormat.padLeft(pTexts[i], pWidth) + "  " + PyFormat.padLeft(vTexts[i], vWidth) + "  " + bar)
        }
        return lines.joined(separator: "\n")
    }
}
