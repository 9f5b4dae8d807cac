import DamoPlatform
import DamonModel

/// Region boxes (`<box>`): a region drawn as `|2222|`, its length, color
/// and height each showing one attribute relative to the smallest and
/// largest value of every region in the records.
struct AccessRegionBox: Sendable {
    let spec: RegionBoxSpec
    let ranges: Ranges

    /// Min and max of sizes, access rates (percent) and ages (us) over
    /// regions noted one at a time.
    /// (Noted for every region of a record: stored fields, not a
    /// dictionary, which hashing made 5% of a text report.)
    struct Ranges: Sendable {
        var size: (PyNum, PyNum)? = nil
        var accessRate: (PyNum, PyNum)? = nil
        var age: (PyNum, PyNum)? = nil

        mutating func note(_ region: Region) {
            Self.note(&size, PyNum(region.size))
            Self.note(&accessRate, region.percent ?? .int(0))
            Self.note(&age, region.usec ?? .int(0))
        }

        static func note(_ range: inout (PyNum, PyNum)?, _ v: PyNum) {
            if let (lo, hi) = range {
                range = (v < lo ? v : lo, hi < v ? v : hi)
            } else {
                range = (v, v)
            }
        }

        subscript(a: RegionAttribute) -> (PyNum, PyNum)? {
            switch a {
            case .size: size
            case .accessRate: accessRate
            case .age: age
            case .address, .temperature: nil
            }
        }
    }

    init(spec: RegionBoxSpec, ranges: Ranges) {
        self.spec = spec
        self.ranges = ranges
    }

    init(spec: RegionBoxSpec, records: [Record]) {
        var r = Ranges()
        for record in records {
            for snapshot in record.snapshots {
                for region in snapshot.regions { r.note(region) }
            }
        }
        self.init(spec: spec, ranges: r)
    }

    func value(_ region: Region, _ a: RegionAttribute?) -> (PyNum, (PyNum, PyNum))? {
        guard let a, let range = ranges[a] else { return nil }
        switch a {
        case .size: return (PyNum(region.size), range)
        case .accessRate: return (region.percent ?? .int(0), range)
        case .age: return (region.usec ?? .int(0), range)
        default: return nil
        }
    }

    static func log2ish(_ v: PyNum) -> PyNum {
        // math.log(v, 2) is log(v) / log(2), not log2(v).
        v > .int(0) ? .float(log(v.double) / log(2.0)) : .int(0)
    }

    /// damo's rescale(): the value moved from its range to the display range.
    static func rescale(_ val: PyNum, _ range: (PyNum, PyNum), _ display: [Int], log: Bool) -> PyNum {
        var v = val, lo = range.0, hi = range.1
        if log {
            v = log2ish(v); lo = log2ish(lo); hi = log2ish(hi)
        }
        let origLength = hi - lo
        let newLength = PyNum(display[1] - display[0])
        let ratio: PyNum = origLength > .int(0) ? newLength / origLength : .int(1)
        return (v - lo) * ratio + PyNum(display[0])
    }

    func render(_ region: Region) -> String {
        var length = 0
        if let (v, range) = value(region, spec.values[0]) {
            length = AccessRegionBox.rescale(v, range, spec.minMaxLength, log: spec.logscales[0]).int
        } else {
            length = spec.minMaxLength[0]
        }
        var height = 1
        if let (v, range) = value(region, spec.values[2]) {
            height = AccessRegionBox.rescale(v, range, spec.minMaxHeight, log: spec.logscales[2]).int
        }
        var row: String
        if let (v, range) = value(region, spec.values[1]) {
            let level = Swift.min(Swift.max(AccessRegionBox.rescale(v, range, [0, 9], log: spec.logscales[1]).int, 0), 9)
            row = spec.colorset.start(level) + String(repeating: String(level), count: Swift.max(length, 0))
                + AsciiColorset.end
        } else {
            row = String(repeating: "-", count: Swift.max(length, 0))
        }
        row = "|" + row + "|"
        if spec.alignRight {
            row = String(repeating: " ", count: Swift.max(0, spec.minMaxLength[1] - length)) + row
        }
        var box = Array(repeating: row, count: Swift.max(height, 0)).joined(separator: "\n")
        if spec.minMaxHeight[1] > 1 { box += "\n" }
        return box
    }

    func rangeText(_ a: RegionAttribute?, raw: Bool) -> String {
        guard let a, let (lo, hi) = ranges[a] else { return "None" }
        switch a {
        case .size: return "[\(UnitFormat.size(lo, raw: raw)), \(UnitFormat.size(hi, raw: raw))]"
        case .age: return "[\(UnitFormat.timeUs(lo, raw: raw)), \(UnitFormat.timeUs(hi, raw: raw))] "
        case .accessRate: return "[\(UnitFormat.percent(lo, raw: raw)), \(UnitFormat.percent(hi, raw: raw))]"
        default: return "None"
        }
    }

    /// `<region box description>`: what each dimension of the box shows.
    func description(raw: Bool) -> String {
        func name(_ a: RegionAttribute?) -> String { a?.rawValue ?? "None" }
        func scale(_ log: Bool) -> String { log ? "logscale" : "linearscale" }
        return [
            "# length: \(name(spec.values[0])) (represents \(rangeText(spec.values[0], raw: raw)) with "
                + "[\(spec.minMaxLength[0]), \(spec.minMaxLength[1])] columns in \(scale(spec.logscales[0])))",
            "# color: \(name(spec.values[1])) (represents \(rangeText(spec.values[1], raw: raw)) with [0, 9] "
                + "number and color (\(spec.colorset.samples)) in \(scale(spec.logscales[1])))",
            "# height: \(name(spec.values[2])) (represents \(rangeText(spec.values[2], raw: raw)) with "
                + "[\(spec.minMaxHeight[0]), \(spec.minMaxHeight[1])] rows in \(scale(spec.logscales[2])))",
        ].joined(separator: "\n")
    }
}
