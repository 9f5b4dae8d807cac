import DamonModel

/// Region keywords of `report access` that are written as bytes into the
/// region's line instead of through a String: the text report prints one
/// line per region of every snapshot, hundreds of millions in a long
/// record.  Each gives exactly its keyword's text (AccessKeywords.region),
/// which is ASCII, never empty and never holds `<`, `>` or `\`; a value
/// outside the common shapes (a time of a minute or more, a float beyond
/// 2^53) takes the keyword's own String path.
enum AccessRegionField: Sendable {
    case index, startAddress, endAddress, size, accessHz, age

    init?(keyword name: String) {
        switch name {
        case "<index>": self = .index
        case "<start address>": self = .startAddress
        case "<end address>": self = .endAddress
        case "<size>": self = .size
        case "<access hz>": self = .accessHz
        case "<age>": self = .age
        default: return nil
        }
    }

    func write(_ c: AccessKeywords.Context, _ region: borrowing Region, to line: inout [UInt8]) {
        switch self {
        case .index: Self.appendNr(c.index, raw: c.raw, to: &line)
        case .startAddress: Self.appendSize(region.start, raw: c.raw, to: &line)
        case .endAddress: Self.appendSize(region.end, raw: c.raw, to: &line)
        case .size: Self.appendSize(region.size, raw: c.raw, to: &line)
        case .accessHz:
            let hz = (PyNum(region.samples ?? 0) / (AccessKeywords.aggrUs(c) / .int(1_000_000))).double
            Self.appendHz(hz, raw: c.raw, to: &line)
        case .age:
            let usec = region.usec ?? .int(0)
            if c.raw || !UnitFormat.appendTimeNsUnderAMinute(usec * .int(UnitFormat.nsPerUs), to: &line) {
                line.append(contentsOf: UnitFormat.timeUs(usec, raw: c.raw).utf8)
            }
        }
    }

    /// `UnitFormat.size` of an Int.  (A negative one, of a hostile record,
    /// keeps the String path's rounding through a Double.)
    static func appendSize(_ sz: Int, raw: Bool, to line: inout [UInt8]) {
        if sz >= 0 || raw {
            UnitFormat.appendSize(sz, raw: raw, to: &line)
        } else {
            line.append(contentsOf: UnitFormat.size(sz).utf8)
        }
    }

    /// `UnitFormat.nr` of an Int: digits grouped by commas unless raw.
    static func appendNr(_ n: Int, raw: Bool, to line: inout [UInt8]) {
        let at = line.count
        PyFormat.appendDecimal(n, to: &line)
        if raw { return }
        let first = n < 0 ? at + 1 : at
        var i = line.count - 3
        while i > first {
            line.insert(0x2c, at: i)
            i -= 3
        }
    }

    /// `UnitFormat.hz`.
    static func appendHz(_ hz: Double, raw: Bool, to line: inout [UInt8]) {
        if raw {
            if !PyFormat.appendFixed(hz, 6, to: &line) { line.append(contentsOf: PyFormat.fixed(hz, 6).utf8) }
            return
        }
        if hz < 10 && hz != 0 {
            if !PyFormat.appendFixed(hz, 3, to: &line) { line.append(contentsOf: PyFormat.fixed(hz, 3).utf8) }
        } else if hz >= 0 && hz < 9.0e15 {
            // nr() of a float: its integer part (-0.0 too), grouped.
            appendNr(Int(hz), raw: false, to: &line)
        } else {
            line.append(contentsOf: UnitFormat.hz(hz, raw: false).utf8)
            return
        }
        line.append(contentsOf: " hz".utf8)
    }
}
