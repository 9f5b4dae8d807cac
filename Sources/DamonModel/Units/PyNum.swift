// damo 3.4.3 computes with Python numbers: exact integers that turn into
// floats when a float takes part or when divided with `/`.  Reports print
// those values, so reproducing its text byte for byte means reproducing
// where a value is an integer and where it is a float.  PyNum is that
// arithmetic, kept small; hot loops use plain Int where the reference
// provably stays integral.

public enum PyNum: Sendable, Hashable {
    case int(Int128)
    case float(Double)

    @inlinable public init(_ v: Int) { self = .int(Int128(fast: v)) }
    @inlinable public init(_ v: Int64) { self = .int(Int128(fast: Int(v))) }
    @inlinable public init(_ v: Double) { self = .float(v) }

    @inlinable public var isFloat: Bool {
        if case .float = self { return true }
        return false
    }

    /// float(x) of Python: correctly rounded.
    @inlinable public var double: Double {
        switch self {
        case .int(let i): return i.fastDouble
        case .float(let f): return f
        }
    }

    /// int(x) of Python: truncation toward zero for floats.
    @inlinable public var truncated: Int128 {
        switch self {
        case .int(let i): return i
        case .float(let f):
            if f.isNaN { return 0 }
            if f >= 1.7e38 { return Int128.max }
            if f <= -1.7e38 { return Int128.min }
            if f > -9.2e18 && f < 9.2e18 { return Int128(fast: Int(f)) }
            return Int128(f.rounded(.towardZero))
        }
    }

    /// Int(x), clamped to the Int range.
    @inlinable public var int: Int {
        truncated.clampedInt
    }

    @inlinable public static func + (a: PyNum, b: PyNum) -> PyNum {
        if case .int(let x) = a, case .int(let y) = b { return .int(x &+ y) }
        return .float(a.double + b.double)
    }

    @inlinable public static func - (a: PyNum, b: PyNum) -> PyNum {
        if case .int(let x) = a, case .int(let y) = b { return .int(x &- y) }
        return .float(a.double - b.double)
    }

    @inlinable public static func * (a: PyNum, b: PyNum) -> PyNum {
        if case .int(let x) = a, case .int(let y) = b { return .int(x &* y) }
        return .float(a.double * b.double)
    }

    @inlinable public static prefix func - (a: PyNum) -> PyNum {
        switch a {
        case .int(let x): return .int(0 &- x)
        case .float(let f): return .float(-f)
        }
    }

    /// Python's `/`: always a float; exact integers divide correctly rounded.
    @inlinable public static func / (a: PyNum, b: PyNum) -> PyNum {
        if case .int(let x) = a, case .int(let y) = b {
            return .float(PyNum.trueDivide(x, y))
        }
        return .float(a.double / b.double)
    }

    /// Python's `//`.
    public static func floorDiv(_ a: PyNum, _ b: PyNum) -> PyNum {
        if case .int(let x) = a, case .int(let y) = b {
            if y == 0 { return .int(0) }
            var q = x / y
            if (x % y != 0) && ((x < 0) != (y < 0)) { q -= 1 }
            return .int(q)
        }
        return .float(PyNum.floatFloorDiv(a.double, b.double))
    }

    /// Python's `%`.
    public static func mod(_ a: PyNum, _ b: PyNum) -> PyNum {
        if case .int(let x) = a, case .int(let y) = b {
            if y == 0 { return .int(0) }
            var r = x % y
            if r != 0 && ((r < 0) != (y < 0)) { r += y }
            return .int(r)
        }
        return .float(PyNum.floatMod(a.double, b.double))
    }

    /// Float floor division as CPython's float_floor_div does it.
    public static func floatFloorDiv(_ vx: Double, _ wx: Double) -> Double {
        if wx == 0 { return .nan }
        let mod = fmodPortable(vx, wx)
        var div = (vx - mod) / wx
        if mod != 0 && ((wx < 0) != (mod < 0)) { div -= 1.0 }
        if div != 0 {
            var floordiv = div.rounded(.down)
            if div - floordiv > 0.5 { floordiv += 1.0 }
            return floordiv
        }
        return (vx / wx).sign == .minus ? -0.0 : 0.0
    }

    public static func floatMod(_ vx: Double, _ wx: Double) -> Double {
        if wx == 0 { return .nan }
        var mod = fmodPortable(vx, wx)
        if mod != 0 {
            if (wx < 0) != (mod < 0) { mod += wx }
        } else {
            mod = wx < 0 ? -0.0 : 0.0
        }
        return mod
    }

    @inlinable static func fmodPortable(_ x: Double, _ y: Double) -> Double {
        x.truncatingRemainder(dividingBy: y)
    }

    /// Correctly rounded a / b for integers, as Python's int true division.
    public static func trueDivide(_ a: Int128, _ b: Int128) -> Double {
        if b == 0 { return a == 0 ? .nan : (a > 0 ? .infinity : -.infinity) }
        let negative = (a < 0) != (b < 0)
        let x = a.magnitude, y = b.magnitude
        // Small operands are exact as doubles: one rounding, done.
        if x < (1 << 53) && y < (1 << 53) {
            let r = Double(x._low) / Double(y._low)
            return negative ? -r : r
        }
        let xb = x.bitWidthUsed, yb = y.bitWidthUsed
        // Divisors this large never occur in damo's data; one rounding
        // more is acceptable there.
        if yb > 62 {
            let r = toDouble(x) / toDouble(y)
            return negative ? -r : r
        }
        // Scale so the quotient carries >= 65 significant bits, then fold
        // the remainder into a sticky bit below the rounding position.
        let shift = max(0, 65 + yb - xb)
        var q = (x << shift) / y
        if (x << shift) % y != 0 { q |= 1 }
        var result = toDouble(q)
        if shift > 0 { result = result * pow2(-shift) }
        return negative ? -result : result
    }

    /// Correctly rounded Double of a UInt128 without the slow generic
    /// conversion: the top 64 bits, with the rest folded into a sticky bit.
    @inlinable public static func toDouble(_ x: UInt128) -> Double {
        let hi = x._high
        if hi == 0 { return Double(x._low) }
        let n = hi.leadingZeroBitCount
        let normalized = x << n
        var top = normalized._high
        if normalized._low != 0 { top |= 1 }
        return Double(top) * pow2(64 - n)
    }

    @inlinable static func pow2(_ e: Int) -> Double {
        Double(sign: .plus, exponent: e, significand: 1.0)
    }

    /// Python compares ints and floats exactly, never through a rounding.
    public static func compare(_ a: PyNum, _ b: PyNum) -> Int {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y ? -1 : (x > y ? 1 : 0)
        case (.float(let x), .float(let y)): return x < y ? -1 : (x > y ? 1 : 0)
        case (.int(let x), .float(let y)): return compareIntFloat(x, y)
        case (.float(let x), .int(let y)): return -compareIntFloat(y, x)
        }
    }

    static func compareIntFloat(_ i: Int128, _ f: Double) -> Int {
        if f.isNaN { return 0 }
        // Most integers (addresses, sizes) are exact doubles: compare
        // without the generic Int128 conversions, which were a third of
        // drawing `report access`'s heatmap lines.
        if i.fitsInt64 {
            let v = Int64(bitPattern: i._low)
            if v.magnitude <= 1 << 53 {
                let d = Double(v)
                return d < f ? -1 : (d > f ? 1 : 0)
            }
        }
        let d = Double(i)
        if d < f { return -1 }
        if d > f { return 1 }
        // d == f: f is integral and within range of a rounded Int128.
        if f >= 1.7e38 { return -1 }
        if f <= -1.7e38 { return 1 }
        let fi = Int128(f)
        return i < fi ? -1 : (i > fi ? 1 : 0)
    }
}

extension PyNum: Comparable {
    public static func < (a: PyNum, b: PyNum) -> Bool { compare(a, b) < 0 }
    public static func == (a: PyNum, b: PyNum) -> Bool {
        if case .float(let x) = a, x.isNaN { return false }
        if case .float(let y) = b, y.isNaN { return false }
        return compare(a, b) == 0
    }
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .int(let i): hasher.combine(PyNum.int(i).double)
        case .float(let f): hasher.combine(f)
        }
    }
}

extension PyNum: CustomStringConvertible {
    /// str(x) of Python.
    public var description: String {
        switch self {
        case .int(let i): return PyFormat.decimal(i)
        case .float(let f): return PyFormat.repr(f)
        }
    }
}

extension UInt128 {
    @inlinable var bitWidthUsed: Int { 128 - leadingZeroBitCount }
}

public let ulongMax: Int128 = Int128(UInt64.max)

// Int128's generic conversions go through slow protocol witnesses; record
// reading and reports do them per region, so these work on the halves.
extension Int128 {
    @inlinable public init(fast v: Int) {
        self.init(_low: UInt64(bitPattern: Int64(v)), _high: v < 0 ? -1 : 0)
    }

    @inlinable public var fitsInt64: Bool { _high == (Int64(bitPattern: _low) >> 63) }

    /// Int(clamping:)
    @inlinable public var clampedInt: Int {
        fitsInt64 ? Int(Int64(bitPattern: _low)) : (_high < 0 ? Int.min : Int.max)
    }

    /// float(x) of Python, correctly rounded.
    @inlinable public var fastDouble: Double {
        if fitsInt64 { return Double(Int64(bitPattern: _low)) }
        let d = PyNum.toDouble(magnitude)
        return _high < 0 ? -d : d
    }
}
