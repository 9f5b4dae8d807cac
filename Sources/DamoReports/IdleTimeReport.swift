import DamonModel

/// DAMON_STAT's idle time percentiles (101 values, p0 to p100, in
/// seconds) shown as damo's `module stat read` does: how much memory has
/// been idle for how long, or the percentiles themselves.
public enum IdleTimeReport {
    /// The cumulative percent of memory idle for less than `idle` seconds,
    /// assuming memory spreads linearly between two percentiles.
    static func cumulativePercent(_ p: [Double], _ idle: Double) -> Double {
        if idle < p[0] { return 0 }
        for (i, v) in p.enumerated() {
            if v == idle { return Double(i) }
            if v > idle {
                let before = p[i - 1]
                return Double(i - 1) + (idle - before) / (v - before)
            }
        }
        return 100
    }

    /// `<idle time>    <percent of memory>` rows, `lines` steps from the
    /// shortest to the longest idle time.
    public static func memorySize(_ p: [Double], lines: Int, raw: Bool) throws -> String {
        guard lines > 0, lines <= 1_000_000 else {
            throw ReportError("the number of idle time lines must be within 1-1000000 (\(lines) given)")
        }
        guard let lowest = p.first, let highest = p.last, p.allSatisfy(\.isFinite) else {
            throw ReportError("the idle time percentiles are not finite numbers")
        }
        let interval = highest == lowest ? 1 : (highest - lowest) / Double(lines)
        var range = (lowest - 1, lowest + interval)
        // damo's rows start a second early: few idle times close together
        // make many rows; steps too small to move a large time never end.
        let count = ((highest - range.0) / interval).rounded(.up)
        guard count.isFinite, count <= 1_000_000 else {
            throw ReportError("the idle times are too close together for \(lines) lines (\(count) rows)")
        }
        var rows: [(String, String)] = []
        while range.0 < highest && Double(rows.count) <= count {
            let percent = cumulativePercent(p, range.1) - cumulativePercent(p, range.0)
            rows.append((UnitFormat.timeSec(.float(range.1), raw: raw), UnitFormat.percent(.float(percent), raw: raw)))
            range.0 += interval
            range.1 += interval
        }
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0 + String(repeating: " ", count: width + 4 - $0.0.count) + $0.1 }
            .joined(separator: "\n")
    }

    /// `%3d <idle time>` for percentiles start, start+step, ... below end.
    public static func percentiles(_ p: [Double], start: Int, end: Int, step: Int, raw: Bool) throws -> String {
        guard step > 0 else { throw ReportError("the percentiles range's interval must be positive") }
        var lines: [String] = []
        for percentile in stride(from: start, to: end, by: step) {
            guard p.indices.contains(percentile) else {
                throw ReportError("percentile \(percentile) is out of the range 0-100")
            }
            lines.append(PyFormat.padLeft(String(percentile), 3) + " " + UnitFormat.timeSec(.float(p[percentile]), raw: raw))
        }
        return lines.joined(separator: "\n")
    }

    /// The kernel's `memory_idle_ms_percentiles` (comma-separated ms) in
    /// seconds.
    public static func fromKernel(_ text: String) throws -> [Double] {
        let ms = text.split(separator: ",").compactMap { Int(String($0.filter { !$0.isWhitespace })) }
        guard ms.count == 101, text.split(separator: ",").count == 101 else {
            throw ReportError("unexpected memory_idle_ms_percentiles '\(text)' (101 numbers expected)")
        }
        return ms.map { Double($0) / 1000 }
    }

    /// All 101 percentiles from some `percentile value` pairs (seconds):
    /// linear between the given ones, and extended beyond them with the
    /// slope of the nearest two.
    public static func fromPairs(_ words: [String]) throws -> [Double] {
        guard words.count >= 4, words.count % 2 == 0 else {
            throw ReportError("--input_idle_time_percentiles takes pairs of <percentile> <value>, at least two (\(words.count) words given)")
        }
        var pairs: [(Int, Double)] = []
        for i in stride(from: 0, to: words.count, by: 2) {
            guard let percentile = Int(words[i]), let value = Double(words[i + 1]), value.isFinite else {
                throw ReportError("--input_idle_time_percentiles: '\(words[i]) \(words[i + 1])' is not <percentile> <seconds>")
            }
            guard (0...100).contains(percentile), pairs.last.map({ $0.0 < percentile }) ?? true else {
                throw ReportError("--input_idle_time_percentiles: percentiles must rise within 0-100 (\(percentile))")
            }
            pairs.append((percentile, value))
        }
        var full: [Double] = [pairs[0].1]
        var last = pairs[0].0
        for (percentile, value) in pairs.dropFirst() {
            let step = (value - full[full.count - 1]) / Double(percentile - last)
            for _ in (last + 1)..<percentile { full.append(full[full.count - 1] + step) }
            full.append(value)
            last = percentile
        }
        let firstStep = full[1] - full[0]
        for _ in 0..<pairs[0].0 { full.insert(full[0] - firstStep, at: 0) }
        let lastStep = full[full.count - 1] - full[full.count - 2]
        for _ in (last + 1)..<101 { full.append(full[full.count - 1] + lastStep) }
        return full
    }
}
