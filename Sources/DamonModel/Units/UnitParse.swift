/// A value damo could not read as the number, size or time it expected.
public struct UnitParseError: DamoFailure, Sendable {
    public let text: String
    public let expected: String
    public init(_ text: String, expected: String) {
        self.text = text
        self.expected = expected
    }
    public var description: String { "'\(text)' is not a valid \(expected)" }
}

/// damo's input forms: `4K`, `1.5GiB`, `2M`, `5s`, `100ms`, `2 m 14 s`,
/// `50%`, `min`, `max`, and plain numbers with or without commas.  Results
/// are integers or floats exactly where damo's are.
public enum UnitParse {
    /// A plain number: `1,234`, `12`, `1.5`, `max`.  Not `nan`, `inf` or
    /// numbers beyond a double's range (`1e400`): no DAMON value is one.
    public static func nr(_ text: String) throws -> PyNum {
        if text == "max" { return .int(ulongMax) }
        let cleaned = text.filter { $0 != "," }
        if let i = pyInt(cleaned) { return .int(i) }
        if let f = pyFloat(cleaned), f.isFinite { return .float(f) }
        throw UnitParseError(text, expected: "number")
    }

    /// A result that overflowed a double on the way (`1e300 d`) is no
    /// more a value than `inf` is.
    static func finite(_ n: PyNum, _ text: String, _ expected: String) throws -> PyNum {
        if case .float(let f) = n, !f.isFinite { throw UnitParseError(text, expected: expected) }
        return n
    }

    /// `min`/`max` or a plain number; nil when the text has a unit.
    static func common(_ text: String, min: PyNum = .int(0), max: PyNum = .int(ulongMax)) -> PyNum? {
        if text == "min" { return min }
        if text == "max" { return max }
        return try? nr(text)
    }

    static let bytesPerUnit: [String: Int128] = [
        "B": 1,
        "K": 1 << 10, "KB": 1 << 10, "KiB": 1 << 10,
        "M": 1 << 20, "MB": 1 << 20, "MiB": 1 << 20,
        "G": 1 << 30, "GB": 1 << 30, "GiB": 1 << 30,
        "T": 1 << 40, "TB": 1 << 40, "TiB": 1 << 40,
        "P": 1 << 50, "PB": 1 << 50, "PiB": 1 << 50,
        "E": 1 << 60, "EB": 1 << 60, "EiB": 1 << 60,
    ]

    /// Bytes: `4K`, `1.5GiB`, `143.027 MiB`, `4096`, `max`.
    public static func bytes(_ text: String) throws -> PyNum {
        if let n = common(text) { return n }
        for suffixLength in [3, 2, 1] where text.count > suffixLength || (suffixLength == 1 && !text.isEmpty) {
            let unit = String(text.suffix(suffixLength))
            guard let factor = bytesPerUnit[unit] else { continue }
            guard let number = try? nr(String(text.dropLast(suffixLength))) else {
                throw UnitParseError(text, expected: "size")
            }
            let product = number * .int(factor)
            let truncated = product.truncated
            return .int(Swift.min(ulongMax, truncated))
        }
        throw UnitParseError(text, expected: "size")
    }

    static let nsPerUnit: [String: Int128] = [
        "ns": 1, "us": 1000, "ms": 1_000_000, "s": 1_000_000_000,
        "m": 60_000_000_000, "h": 3_600_000_000_000, "d": 86_400_000_000_000,
    ]

    /// Nanoseconds: `100ms`, `5s`, `2 m 14 s`, `1,000`, `max`.
    public static func ns(_ text: String) throws -> PyNum {
        if let n = common(text) { return n }
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
        if fields.count > 1 {
            var total: PyNum = .int(0)
            var i = 0
            while i < fields.count {
                total = total + (try ns(fields[i..<Swift.min(i + 2, fields.count)].joined()))
                i += 2
            }
            return try finite(total, text, "time")
        }
        let two = String(text.suffix(2)), one = String(text.suffix(1))
        if nsPerUnit[two] == nil && nsPerUnit[one] == nil {
            if let f = pyFloat(text), f.isFinite { return .float(f) }
            throw UnitParseError(text, expected: "time")
        }
        var unit = two
        var numberText = String(text.dropLast(2))
        if !["ns", "us", "ms"].contains(two) {
            unit = one
            numberText = String(text.dropLast(1))
        }
        guard let number = try? nr(numberText) else { throw UnitParseError(text, expected: "time") }
        return try finite(number * .int(nsPerUnit[unit]!), text, "time")
    }

    public static func us(_ text: String) throws -> PyNum {
        if let n = common(text) { return n }
        return try ns(text) / .int(1000)
    }

    public static func ms(_ text: String) throws -> PyNum {
        if let n = common(text) { return n }
        return try us(text) / .int(1000)
    }

    public static func sec(_ text: String) throws -> PyNum {
        if let n = common(text) { return n }
        return try ms(text) / .int(1000)
    }

    /// A ratio: `0.5`, `50%`.
    public static func ratio(_ text: String) throws -> PyNum {
        if let n = common(text, min: .float(0)) { return n }
        var t = text
        let isPercent = t.hasSuffix("%")
        if isPercent { t.removeLast() }
        guard let r = try? nr(t) else { throw UnitParseError(text, expected: "ratio") }
        return isPercent ? r / .float(100) : r
    }

    public static func percent(_ text: String) throws -> PyNum {
        if let n = common(text) { return n }
        return try finite(ratio(text) * .int(100), text, "ratio")
    }

    public static func permil(_ text: String) throws -> PyNum {
        if let n = common(text) { return n }
        return try finite(ratio(text) * .int(1000), text, "ratio")
    }

    public static func bp(_ text: String) throws -> PyNum {
        if let n = common(text) { return n }
        return try finite(ratio(text) * .int(10000), text, "ratio")
    }

    public static func bool(_ text: String) throws -> Bool {
        switch text.lowercased() {
        case "y", "yes", "true": return true
        case "n", "no", "false": return false
        default: throw UnitParseError(text, expected: "boolean (y yes true n no false)")
        }
    }

    /// int(text) of Python: surrounding whitespace, a sign, digits with
    /// single underscores between them.
    public static func pyInt(_ text: String) -> Int128? {
        let t = text.trimmingWhitespace()
        var utf8 = Substring(t).utf8[...]
        var negative = false
        if let c = utf8.first, c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
            negative = c == UInt8(ascii: "-")
            utf8 = utf8.dropFirst()
        }
        guard let first = utf8.first, first >= 48 && first <= 57 else { return nil }
        var value: Int128 = 0
        var lastWasUnderscore = false
        for c in utf8 {
            if c == UInt8(ascii: "_") {
                if lastWasUnderscore { return nil }
                lastWasUnderscore = true
                continue
            }
            guard c >= 48 && c <= 57 else { return nil }
            lastWasUnderscore = false
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int128(c - 48))
            if o1 || o2 { return nil }
            value = a
        }
        if lastWasUnderscore { return nil }
        return negative ? -value : value
    }

    /// float(text) of Python: decimal forms, inf and nan; no hex.
    public static func pyFloat(_ text: String) -> Double? {
        // Like Python, an underscore is allowed only between two digits.
        let chars = Array(text.trimmingWhitespace())
        for (i, c) in chars.enumerated() where c == "_" {
            guard i > 0, i + 1 < chars.count, chars[i - 1].isASCII, chars[i - 1].isNumber,
                  chars[i + 1].isASCII, chars[i + 1].isNumber else { return nil }
        }
        let t = String(chars).filter { $0 != "_" }
        if t.isEmpty || t.lowercased().contains("x") { return nil }
        switch t.lowercased() {
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        case "nan", "+nan", "-nan": return .nan
        default: break
        }
        guard t.allSatisfy({ "0123456789+-.eE".contains($0) }) else { return nil }
        return Double(t)
    }
}

extension StringProtocol {
    /// The text without surrounding whitespace, as Python's `str.strip()`
    /// (and a sysfs value read back).
    public func trimmingWhitespace() -> String {
        let ws: Set<Character> = [" ", "\t", "\n", "\r", "\u{0B}", "\u{0C}"]
        var s = Substring(self)
        while let f = s.first, ws.contains(f) { s = s.dropFirst() }
        while let l = s.last, ws.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
