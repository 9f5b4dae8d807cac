import DamonModel

/// Region keywords of `report access` that are written as bytes straight
/// into the output batch instead of through a String: the text report
/// prints one line per region of every snapshot, hundreds of millions in
/// a long record.  Each gives exactly its keyword's text
/// (AccessKeywords.region), which is ASCII, never empty and never holds
/// `<`, `>` or `\`; a value outside the common shapes (a time of a minute
/// or more, a float beyond 2^52, raw numbers) is written from the
/// keyword's own String.
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

    /// The most bytes a field writes in place (Strings are appended).
    static let room = 64

    /// Writes the field's text; how many bytes (= characters) it took.
    func write(_ c: AccessKeywords.Context, _ region: borrowing Region, to batch: ByteBatch, _ sink: TextSink) -> Int {
        let p = batch.room(Self.room, sink)
        var n = 0
        switch self {
        case .index:
            n = Self.nr(c.index, raw: c.raw, to: p)
        case .startAddress, .endAddress, .size:
            let sz = self == .size ? region.size : self == .startAddress ? region.start : region.end
            // (A negative size, of a hostile record, keeps the String's
            // rounding through a Double.)
            guard sz >= 0 || c.raw else { return Self.string(UnitFormat.size(sz), batch, sink) }
            n = RegionLine.size(sz, raw: c.raw, width: 0, to: p)
        case .accessHz:
            let hz = (PyNum(region.samples ?? 0) / (AccessKeywords.aggrUs(c) / .int(1_000_000))).double
            if !c.raw { n = Self.hz(hz, to: p) }
            guard n > 0 else { return Self.string(UnitFormat.hz(hz, raw: c.raw), batch, sink) }
        case .age:
            let usec = region.usec ?? .int(0)
            if !c.raw { n = Self.timeUnderAMinute((usec * .int(UnitFormat.nsPerUs)).double, to: p) }
            guard n > 0 else { return Self.string(UnitFormat.timeUs(usec, raw: c.raw), batch, sink) }
        }
        batch.count += n
        return n
    }

    static func string(_ text: String, _ batch: ByteBatch, _ sink: TextSink) -> Int {
        batch.append(text, sink)
        return text.utf8.count
    }

    static func put(_ ascii: StaticString, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        p.update(from: ascii.utf8Start, count: ascii.utf8CodeUnitCount)
        return ascii.utf8CodeUnitCount
    }

    /// `UnitFormat.nr` of an Int: digits grouped by commas unless raw.
    static func nr(_ n: Int, raw: Bool, to p: UnsafeMutablePointer<UInt8>) -> Int {
        if raw { return RegionLine.decimal(n, width: 0, to: p) }
        var at = 0
        if n < 0 {
            p[0] = 0x2d
            at = 1
        }
        let v = n.magnitude
        let digits = RegionLine.digitCount(v)
        let commas = (digits - 1) / 3
        var x = v
        var i = at + digits + commas - 1
        for d in 0..<digits {
            if d > 0 && d % 3 == 0 {
                p[i] = 0x2c
                i -= 1
            }
            p[i] = 0x30 + UInt8(truncatingIfNeeded: x % 10)
            x /= 10
            i -= 1
        }
        return at + digits + commas
    }

    /// `UnitFormat.hz` (not raw) of common values; 0 (nothing written)
    /// for others.
    static func hz(_ hz: Double, to p: UnsafeMutablePointer<UInt8>) -> Int {
        var n = 0
        if hz < 10 && hz != 0 {
            n = RegionLine.fixed3(hz, to: p)
        } else if hz >= 0 && hz < 9.0e15 {
            // nr() of a float: its integer part (-0.0 too), grouped.
            n = nr(Int(hz), raw: false, to: p)
        }
        guard n > 0 else { return 0 }
        return n + put(" hz", p + n)
    }

    static let subMinuteUnits: [(Double, StaticString)] = [(1e9, " s"), (1e6, " ms"), (1e3, " us")]

    /// `UnitFormat.timeNs` of 0 <= ns < a minute; 0 (nothing written)
    /// for other times.
    static func timeUnderAMinute(_ ns: Double, to p: UnsafeMutablePointer<UInt8>) -> Int {
        guard ns >= 0 && ns < 60e9 else { return 0 }
        for (unit, name) in subMinuteUnits where ns >= unit {
            let value = ns / unit
            // A whole number of the unit (ns, below 2^36, is then an
            // integer: its remainder in integers is fmod's, cheaper).
            let whole = ns == ns.rounded(.towardZero) && Int(ns) % Int(unit) == 0
            let n = whole ? nr(Int(value), raw: true, to: p) : RegionLine.fixed3(value, to: p)
            guard n > 0 else { return 0 }
            return n + put(name, p + n)
        }
        let n = nr(Int(ns), raw: true, to: p)
        return n + put(" ns", p + n)
    }
}
