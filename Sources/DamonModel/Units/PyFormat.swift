import DamoPlatform

/// Python's printf-style and repr formatting of numbers, which damo's text
/// is made of.
public enum PyFormat {
    /// repr(float) of Python: shortest round-trip digits, exponent form
    /// outside 1e-4 <= |x| < 1e16.
    public static func repr(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
        let (negative, digits, decpt) = shortestDigits(d)
        var out = negative ? "-" : ""
        let n = digits.count
        if decpt <= -4 || decpt > 16 {
            out += String(digits.first!)
            if n > 1 { out += "." + digits.dropFirst() }
            let e = decpt - 1
            out += e < 0 ? "e-" : "e+"
            let ae = abs(e)
            out += ae < 10 ? "0\(ae)" : "\(ae)"
            return out
        }
        if decpt <= 0 {
            out += "0." + String(repeating: "0", count: -decpt) + digits
        } else if decpt < n {
            let idx = digits.index(digits.startIndex, offsetBy: decpt)
            out += digits[..<idx] + "." + digits[idx...]
        } else {
            out += digits + String(repeating: "0", count: decpt - n) + ".0"
        }
        return out
    }

    /// Shortest round-trip decimal digits of d and the decimal point
    /// position: |d| = 0.DIGITS * 10^decpt.  Swift's description already
    /// finds the shortest digits; only its layout differs from Python's.
    static func shortestDigits(_ d: Double) -> (Bool, String, Int) {
        var s = Substring(d.magnitude.description)
        var exp = 0
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exp = Int(s[s.index(after: e)...])!
            s = s[..<e]
        }
        var intPart = s
        var fracPart: Substring = ""
        if let dot = s.firstIndex(of: ".") {
            intPart = s[..<dot]
            fracPart = s[s.index(after: dot)...]
        }
        var digits = String(intPart) + fracPart
        var decpt = intPart.count + exp
        // Strip leading zeros (0.00123) and trailing zeros (1500.0).
        while digits.count > 1 && digits.first == "0" {
            digits.removeFirst()
            decpt -= 1
        }
        while digits.count > 1 && digits.last == "0" { digits.removeLast() }
        return (d.sign == .minus, digits, decpt)
    }

    /// '%.Nf' % d, correctly rounded like Python's.
    public static func fixed(_ d: Double, _ precision: Int) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        if let fast = exactFixed(d, precision) { return fast }
        return cFormat("%.*f", Int32(precision), d)
    }

    static let powersOf10: [UInt128] = (0...9).map { p in (0..<p).reduce(1) { r, _ in r * 10 } }

    /// '%.Nf' for |d| < 2^53 and N <= 9 with integer arithmetic: the exact
    /// binary value scaled by 10^N and rounded half to even, as printf
    /// does; much faster than a C variadic call.
    static func exactFixed(_ d: Double, _ precision: Int) -> String? {
        var bytes: [UInt8] = []
        guard appendFixed(d, precision, to: &bytes) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends '%.Nf' % d when the fast exact method applies; false (and
    /// nothing appended) otherwise.
    public static func appendFixed(_ d: Double, _ precision: Int, to bytes: inout [UInt8]) -> Bool {
        let magnitude = d.magnitude
        guard precision >= 0 && precision <= 9 && magnitude < 9.0e15 else { return false }
        let scale = powersOf10[precision]
        var q: UInt128
        // (exponent is Int.min for zero: only ask for it when >= 1)
        let exponent0 = magnitude >= 1 ? Int(magnitude.exponent) - 52 : 0
        if precision <= 3 && magnitude >= 1 && exponent0 < 0 {
            // Common case (sizes, times): mantissa * 1000 fits 64 bits.
            let k = -exponent0
            let scaled = (magnitude.significandBitPattern | (1 << 52)) &* scale._low
            var q64 = scaled >> UInt64(k)
            let rest = scaled & ((1 << UInt64(k)) - 1)
            let half: UInt64 = 1 << UInt64(k - 1)
            if rest > half || (rest == half && q64 & 1 == 1) { q64 += 1 }
            q = UInt128(_low: q64, _high: 0)
        } else if magnitude == 0 {
            q = 0
        } else {
            let exponent = Int(magnitude.exponent) - 52
            let mantissa = UInt128(_low: magnitude.significandBitPattern | (1 << 52), _high: 0)
            if exponent >= 0 {
                q = (mantissa << exponent) * scale
            } else {
                let k = -exponent
                let scaled = mantissa * scale
                if k >= 127 {
                    q = 0
                } else {
                    q = scaled >> k
                    let rest = scaled & ((1 << k) - 1)
                    let half: UInt128 = 1 << (k - 1)
                    if rest > half || (rest == half && q & 1 == 1) { q += 1 }
                }
            }
        }
        // The scaled value must fit 64 bits for the digits below (a large
        // value with many decimals does not: printf's way then).
        guard q._high == 0 else { return false }
        if d.sign == .minus { bytes.append(0x2d) }
        let scale64 = scale._low
        let q64 = q._low
        appendDecimal(q64 / scale64, to: &bytes)
        if precision > 0 {
            bytes.append(0x2e)
            var frac = q64 % scale64
            let at = bytes.count
            for _ in 0..<precision { bytes.append(0x30) }
            var i = at + precision - 1
            while frac > 0 {
                bytes[i] = 0x30 + UInt8(frac % 10)
                frac /= 10
                i -= 1
            }
        }
        return true
    }

    /// Appends the decimal digits of v.
    @inlinable public static func appendDecimal(_ v: UInt64, to bytes: inout [UInt8]) {
        if v < 10 {
            bytes.append(0x30 + UInt8(v))
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var n = 0
        var x = v
        withUnsafeMutableBytes(of: &digits) { buf in
            while x > 0 {
                buf[23 - n] = 0x30 + UInt8(x % 10)
                x /= 10
                n += 1
            }
            bytes.append(contentsOf: buf[(24 - n)...])
        }
    }

    /// Appends the decimal digits of v, with a sign.
    @inlinable public static func appendDecimal(_ v: Int, to bytes: inout [UInt8]) {
        if v < 0 { bytes.append(0x2d) }
        appendDecimal(v.magnitude.toUInt64, to: &bytes)
    }

    /// '%d' % x: floats truncate toward zero.
    public static func int(_ x: PyNum) -> String {
        switch x {
        case .int(let i): return PyFormat.decimal(i)
        case .float(let f):
            if f.isNaN || f.isInfinite { return f.isNaN ? "nan" : (f < 0 ? "-inf" : "inf") }
            return PyFormat.decimal(PyNum.float(f).truncated)
        }
    }

    /// Decimal digits of an Int128; Int64 values avoid the slow generic path.
    @inlinable public static func decimal(_ i: Int128) -> String {
        if i.fitsInt64 { return String(Int64(bitPattern: i._low)) }
        return String(i)
    }

    /// '%0Wx' % x
    public static func hex(_ x: Int, width: Int = 0, zeroPad: Bool = true) -> String {
        var digits: [UInt8] = []
        var v = x.magnitude
        repeat {
            let nibble = UInt8(truncatingIfNeeded: v & 0xf)
            digits.append(nibble < 10 ? 0x30 + nibble : 0x57 + nibble)
            v >>= 4
        } while v != 0
        if x < 0 { digits.append(0x2d) }
        let s = String(decoding: digits.reversed(), as: UTF8.self)
        return padLeft(s, width, zeroPad ? "0" : " ")
    }

    /// '%Ws' % s: right-aligned in a field of at least width characters.
    @inlinable public static func padLeft(_ s: String, _ width: Int, _ fill: Character = " ") -> String {
        let n = s.count
        if n >= width { return s }
        return String(repeating: fill, count: width - n) + s
    }

    /// '%-Ws' % s
    @inlinable public static func padRight(_ s: String, _ width: Int) -> String {
        let n = s.count
        if n >= width { return s }
        return s + String(repeating: " ", count: width - n)
    }

    static func cFormat(_ format: String, _ precision: Int32, _ value: Double) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 512) { buf -> String in
            let n = withVaList([precision, value]) { va in
                vsnprintf(buf.baseAddress!, 512, format, va)
            }
            if n >= 0 && n < 512 {
                return String(decoding: UnsafeRawBufferPointer(start: buf.baseAddress!, count: Int(n)), as: UTF8.self)
            }
            // Huge values need a bigger buffer.
            var big = [CChar](repeating: 0, count: Int(n) + 1)
            _ = withVaList([precision, value]) { va in vsnprintf(&big, big.count, format, va) }
            return String(decoding: big.prefix(Int(n)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }
}

extension UInt {
    @inlinable var toUInt64: UInt64 { UInt64(self) }
}
