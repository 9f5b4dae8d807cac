/// damo's human-readable number, size, time and ratio formats.  `raw`
/// selects damo's machine-friendly form (plain integers).
public enum UnitFormat {
    // MARK: numbers

    /// `1,234,567`; raw: `1234567`.
    public static func nr(_ n: PyNum, raw: Bool = false) -> String {
        // damo: '-' + format(-nr) for nr < 0, so -0.5 is "-0".
        if case .float(let f) = n, f < 0 { return "-" + nr(.float(-f), raw: raw) }
        let digits = PyFormat.int(n)
        if raw { return digits }
        if digits.hasPrefix("-") { return "-" + grouped(String(digits.dropFirst())) }
        return grouped(digits)
    }

    public static func nr(_ n: Int, raw: Bool = false) -> String { nr(PyNum(n), raw: raw) }

    static func grouped(_ digits: String) -> String {
        let n = digits.count
        if n <= 3 { return digits }
        var out = ""
        out.reserveCapacity(n + n / 3)
        for (i, c) in digits.enumerated() {
            if i > 0 && (n - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }

    // MARK: sizes

    static let sizeUnits: [(Double, String)] = [
        (Double(1 << 60), "EiB"), (Double(1 << 50), "PiB"), (Double(1 << 40), "TiB"),
        (Double(1 << 30), "GiB"), (Double(1 << 20), "MiB"), (Double(1 << 10), "KiB"),
    ]
    static let ulongMaxDouble = Double(UInt64.max)

    /// `4.000 KiB`, `1.371 GiB`, `1023 B`, `max`.  A unit is used only
    /// when the size is strictly above it, as damo does.
    public static func size(_ sz: PyNum, raw: Bool = false) -> String {
        if raw { return PyFormat.int(sz) }
        return size(sz.double)
    }

    public static func size(_ sz: Int, raw: Bool = false) -> String {
        if raw { return String(sz) }
        return size(Double(sz))
    }

    public static func size(_ bytes: Double) -> String {
        if bytes == ulongMaxDouble { return "max" }
        for (unit, name) in sizeUnits where bytes > unit {
            return PyFormat.fixed(bytes / unit, 3) + " " + name
        }
        return PyFormat.int(.float(bytes)) + " B"
    }

    /// Appends `size(bytes)` for an integer size, without building Strings.
    public static func appendSize(_ sz: Int, raw: Bool, to bytes: inout [UInt8]) {
        if raw {
            PyFormat.appendDecimal(sz, to: &bytes)
            return
        }
        let d = Double(sz)
        for (unit, name) in sizeUnits where d > unit {
            if PyFormat.appendFixed(d / unit, 3, to: &bytes) {
                bytes.append(0x20)
                bytes.append(contentsOf: name.utf8)
                return
            }
            bytes.append(contentsOf: size(d).utf8)
            return
        }
        if d == ulongMaxDouble {
            bytes.append(contentsOf: "max".utf8)
            return
        }
        PyFormat.appendDecimal(sz, to: &bytes)
        bytes.append(contentsOf: " B".utf8)
    }

    /// Like `size` with six decimals: `86.245035 TiB`.
    public static func sizeAccurate(_ sz: PyNum, raw: Bool = false) -> String {
        if raw { return PyFormat.int(sz) }
        let bytes = sz.double
        if bytes == ulongMaxDouble { return "max" }
        for (unit, name) in sizeUnits where bytes > unit {
            return PyFormat.fixed(bytes / unit, 6) + " " + name
        }
        return PyFormat.int(.float(bytes)) + " B"
    }

    /// `[1,000, 2,000) (1000 B)`
    public static func addrRange(_ start: PyNum, _ end: PyNum, raw: Bool = false) -> String {
        "[\(nr(start, raw: raw)), \(nr(end, raw: raw))) (\(size(end - start, raw: raw)))"
    }

    // MARK: times

    public static let nsPerUs: Int128 = 1000
    public static let nsPerMs: Int128 = 1_000_000
    public static let nsPerSec: Int128 = 1_000_000_000
    public static let nsPerMinute: Int128 = 60 * nsPerSec
    public static let nsPerHour: Int128 = 60 * nsPerMinute
    public static let nsPerDay: Int128 = 24 * nsPerHour

    static let timeUnits: [(Int128, String)] = [
        (nsPerDay, "d"), (nsPerHour, "h"), (nsPerMinute, "m"), (nsPerSec, "s"),
        (nsPerMs, "ms"), (nsPerUs, "us"), (1, "ns"),
    ]

    /// `100 ms`, `2 m 14 s`, `1 m 0.098 s`, `472222 h 13 m 20 s`: damo's
    /// approximate time, computed in floating point as damo does.
    public static func timeNs(_ t: PyNum, raw: Bool = false) -> String {
        if raw { return PyFormat.int(t) }
        var ns = t.double
        var sign = ""
        if ns < 0 {
            sign = "-"
            ns = -ns
        }
        if ns >= ulongMaxDouble { return sign + "max" }
        return sign + timeNsPositive(ns)
    }

    static let hour = 3_600_000_000_000.0, minute = 60_000_000_000.0
    static let sec = 1_000_000_000.0, ms = 1_000_000.0, us = 1000.0
    static let subMinuteUnits: [(Double, String)] = [(sec, "s"), (ms, "ms"), (us, "us")]

    static func timeNsPositive(_ ns: Double) -> String {
        if ns >= hour {
            let h = (ns / hour).rounded(.towardZero)
            let less = ns - h * hour
            let hourStr = PyFormat.int(.float(h)) + " h"
            if less == 0 { return hourStr }
            return hourStr + " " + timeNs(.float(less))
        }
        if ns >= minute {
            let m = PyFormat.int(.float(ns / minute))
            if ns.truncatingRemainder(dividingBy: minute) == 0 { return m + " m" }
            let rest = PyNum.floatMod(ns, minute)
            if ns.truncatingRemainder(dividingBy: sec) == 0 {
                return m + " m " + PyFormat.int(.float(rest / sec)) + " s"
            }
            return m + " m " + PyFormat.fixed(rest / sec, 3) + " s"
        }
        for (unit, name) in subMinuteUnits where ns >= unit {
            if ns.truncatingRemainder(dividingBy: unit) == 0 {
                return PyFormat.int(.float(ns / unit)) + " " + name
            }
            return PyFormat.fixed(ns / unit, 3) + " " + name
        }
        return PyFormat.int(.float(ns)) + " ns"
    }

    public static func timeUs(_ t: PyNum, raw: Bool = false) -> String {
        if raw { return PyFormat.int(t) }
        return timeNs(t * .int(nsPerUs))
    }

    public static func timeMs(_ t: PyNum, raw: Bool = false) -> String {
        if raw { return PyFormat.int(t) }
        return timeNs(t * .int(nsPerMs))
    }

    public static func timeSec(_ t: PyNum, raw: Bool = false) -> String {
        if raw { return PyFormat.int(t) }
        return timeNs(t * .int(nsPerSec))
    }

    /// Exact time down to `minUnit`: `1 m 0.098 s` is never rounded away:
    /// `1 m 98 ms`.  Integer arithmetic, as damo's exact formatter.
    public static func timeNsExact(_ t: PyNum, raw: Bool = false, minUnit: Int128 = 1) -> String {
        if raw { return PyFormat.int(t) }
        var ns = t
        var sign = ""
        if ns < .int(0) {
            sign = "-"
            ns = -ns
        }
        if ns >= .int(ulongMax) { return sign + "max" }
        return sign + timeExactPositive(ns, minUnit: minUnit)
    }

    static func timeExactPositive(_ ns: PyNum, minUnit: Int128) -> String {
        for (unit, name) in timeUnits {
            let u = PyNum.int(unit)
            if ns < u { continue }
            if unit == minUnit {
                if PyNum.mod(ns, u) != .int(0) {
                    return PyFormat.fixed((ns / u).double, 3) + " " + name
                }
                return PyFormat.int(ns / u) + " " + name
            }
            let count = PyNum.int((ns / u).truncated)
            let unitStr = nr(count) + " " + name
            let less = ns - count * u
            if less == .int(0) { return unitStr }
            return unitStr + " " + timeNsExact(less, minUnit: minUnit)
        }
        return "0 ns"
    }

    public static func timeUsExact(_ t: PyNum, raw: Bool = false) -> String {
        timeNsExact(t * .int(nsPerUs), raw: raw)
    }

    public static func timeMsExact(_ t: PyNum, raw: Bool = false) -> String {
        timeNsExact(t * .int(nsPerMs), raw: raw)
    }

    // MARK: frequencies and ratios

    /// `0.667 hz`, `5.000 hz`, `12 hz`, `0 hz`.
    public static func hz(_ hz: Double, raw: Bool = false, suffix: Bool = true) -> String {
        if raw { return PyFormat.fixed(hz, 6) }
        let unit = suffix ? " hz" : ""
        if hz < 10 && hz != 0 { return PyFormat.fixed(hz, 3) + unit }
        return nr(.float(hz)) + unit
    }

    /// `12.5 %` from a ratio 0.125; up to seven decimals, zeros trimmed.
    public static func ratio(_ ratio: Double, raw: Bool = false) -> String {
        if raw { return PyFormat.fixed(ratio, 6) }
        let over = nr(.float(ratio * 100))
        let under = PyNum.floatMod(ratio * 100, 1)
        var underStr = PyFormat.fixed(under, 7)
        while underStr.hasSuffix("0") { underStr.removeLast() }
        underStr = String(underStr.dropFirst(2))
        if underStr.isEmpty { return over + " %" }
        return over + "." + underStr + " %"
    }

    public static func percent(_ p: PyNum, raw: Bool = false) -> String {
        if raw { return PyFormat.fixed(p.double, 6) }
        return ratio(p.double / 100)
    }

    public static func permil(_ p: PyNum, raw: Bool = false) -> String {
        if raw { return PyFormat.fixed(p.double, 6) }
        return ratio(p.double / 1000)
    }

    public static func bp(_ bp: PyNum, raw: Bool = false) -> String {
        if raw { return PyFormat.fixed(bp.double, 6) }
        return ratio(bp.double / 10000)
    }
}
