import Testing
@testable import DamonModel

// Python int/float semantics, checked against CPython 3.11 results.

@Suite("PyNum arithmetic")
struct PyNumArithmeticTests {
    @Test func intStaysIntFloatIsContagious() {
        #expect(PyNum(3) + PyNum(4) == .int(7))
        #expect(!(PyNum(3) + PyNum(4)).isFloat)
        #expect((PyNum(1) + PyNum(0.5)).description == "1.5")
        #expect((PyNum(5) * .float(0.1)).description == "0.5")
        #expect((PyNum(3) - PyNum(1)).description == "2")
        #expect((-PyNum(3)).description == "-3")
        #expect((-PyNum(2.5)).description == "-2.5")
    }

    /// Python's `/` always gives a float, correctly rounded for big ints.
    @Test(arguments: trueDivisionCases)
    func trueDivision(_ a: Int128, _ b: Int128, _ expected: String) {
        #expect((PyNum.int(a) / .int(b)).description == expected)
    }

    @Test func divisionByZero() {
        #expect((PyNum(1) / PyNum(0)).double == .infinity)
        #expect((PyNum(-1) / PyNum(0)).double == -.infinity)
        #expect((PyNum(0) / PyNum(0)).double.isNaN)
    }

    /// (a, b, a // b, a % b): floor division rounds toward -inf and the
    /// remainder takes the divisor's sign.
    @Test(arguments: intFloorDivModCases)
    func intFloorDivMod(_ a: Int128, _ b: Int128, _ q: Int128, _ r: Int128) {
        let fq = PyNum.floorDiv(.int(a), .int(b))
        let fr = PyNum.mod(.int(a), .int(b))
        #expect(fq == .int(q) && !fq.isFloat)
        #expect(fr == .int(r) && !fr.isFloat)
    }

    @Test(arguments: floatFloorDivModCases)
    func floatFloorDivMod(_ a: PyNum, _ b: PyNum, _ q: String, _ r: String) {
        #expect(PyNum.floorDiv(a, b).description == q)
        #expect(PyNum.mod(a, b).description == r)
    }

    @Test func truncation() {
        #expect(PyNum.float(2.7).truncated == 2)
        #expect(PyNum.float(-2.7).truncated == -2)
        #expect(PyNum.float(-2.7).int == -2)
        #expect(PyNum.float(.nan).truncated == 0)
        #expect(PyNum.int(Int128(UInt64.max)).int == Int.max)
        #expect(PyNum.float(1e300).int == Int.max)
        #expect(PyNum.float(-1e300).int == Int.min)
    }

    /// Python compares ints and floats exactly.
    @Test func mixedComparison() {
        let big = Int128(1) << 53
        #expect(PyNum.int(10_000_000_000_000_000) == .float(1e16))
        #expect(PyNum.int(big + 1) != .float(Double(big + 1)))
        #expect(PyNum.int(big + 1) > .float(Double(big + 1)))
        #expect(PyNum.int(big + 1) < .float(Double(big + 2)))
        #expect(PyNum.float(0.5) < .int(1))
        #expect(PyNum.int(1) > .float(0.5))
        #expect(PyNum.int(Int128(UInt64.max)) < .float(Double(UInt64.max)))
        #expect(PyNum.float(.nan) != .float(.nan))
        #expect(PyNum.int(3) == .float(3.0))
        #expect(Set([PyNum.int(3), .float(3.0)]).count == 1)
        // Around the exact-double fast path: its edges, signs, zeros, infinities.
        #expect(PyNum.int(-(big)) == .float(-9_007_199_254_740_992.0))
        #expect(PyNum.int(-(big) - 1) < .float(-9_007_199_254_740_992.0))
        #expect(PyNum.int(0) == .float(-0.0))
        #expect(PyNum.int(5) < .float(.infinity) && PyNum.int(-5) > .float(-.infinity))
        #expect(PyNum.int(-3) < .float(-2.5) && PyNum.float(-2.5) > .int(-3))
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<1000 {
            let i = Int.random(in: -(1 << 51)...(1 << 51), using: &rng)  // x.5 exact
            #expect(PyNum(i) == .float(Double(i)))
            #expect(PyNum(i) < .float(Double(i) + 0.5) && PyNum(i) > .float(Double(i) - 0.5))
        }
    }
}

@Suite("PyFormat")
struct PyFormatTests {
    @Test(arguments: reprCases)
    func repr(_ d: Double, _ expected: String) {
        #expect(PyFormat.repr(d) == expected)
        #expect(PyNum.float(d).description == expected)
    }

    @Test(arguments: fixedCases)
    func fixed(_ d: Double, _ precision: Int, _ expected: String) {
        #expect(PyFormat.fixed(d, precision) == expected)
    }

    /// Longer than the 512-byte first buffer of the C formatter.
    @Test func fixedHuge() {
        let s = PyFormat.fixed(1e308, 300)
        #expect(s.count == 610)
        #expect(s.hasPrefix("1000000000000000010979063629440455417404"))
        #expect(s.hasSuffix("." + String(repeating: "0", count: 300)))
    }

    @Test func intAndPadding() {
        #expect(PyFormat.int(.float(-2.7)) == "-2")
        #expect(PyFormat.int(.float(2.7)) == "2")
        #expect(PyFormat.int(.int(Int128(UInt64.max))) == "18446744073709551615")
        #expect(PyFormat.hex(255) == "ff")
        #expect(PyFormat.hex(255, width: 6) == "0000ff")
        #expect(PyFormat.hex(255, width: 6, zeroPad: false) == "    ff")
        #expect(PyFormat.hex(-255) == "-ff")
        #expect(PyFormat.padLeft("ab", 5) == "   ab")
        #expect(PyFormat.padLeft("abcdef", 3) == "abcdef")
        #expect(PyFormat.padRight("ab", 4) == "ab  ")
    }
}

// MARK: cases

private let trueDivisionCases: [(Int128, Int128, String)] = [
    (Int128(7), Int128(2), "3.5"), (-7, 2, "-3.5"), (1, 3, "0.3333333333333333"),
    (2, 3, "0.6666666666666666"), (6, 3, "2.0"),
    (1_000_000_000_000_000_000, 3, "3.333333333333333e+17"),
    (Int128(Int64.max), 7, "1.3176245766935393e+18"),
    (Int128(UInt64.max), 1000, "1.844674407370955e+16"),
    (18_446_623_438_842_320_000, 3, "6.148874479614107e+18"),
    ((1 << 53) + 1, 1, "9007199254740992.0"),
    (123_456_789_012_345_678_901, 10, "1.2345678901234567e+19"),
]

private let intFloorDivModCases: [(Int128, Int128, Int128, Int128)] = [
    (Int128(7), Int128(2), Int128(3), Int128(1)), (-7, 2, -4, 1), (7, -2, -4, -1),
    (-7, -2, 3, -1), (6, 3, 2, 0), (-6, 3, -2, 0),
]

private let floatFloorDivModCases: [(PyNum, PyNum, String, String)] = [
    (PyNum.float(7.5), PyNum.int(2), "3.0", "1.5"), (.float(-7.5), .int(2), "-4.0", "0.5"),
    (.float(7.5), .int(-2), "-4.0", "-0.5"), (.float(-7.5), .int(-2), "3.0", "-1.5"),
    (.float(-6.0), .int(3), "-2.0", "0.0"), (.float(6.0), .int(-3), "-2.0", "-0.0"),
    (.int(7), .float(2.0), "3.0", "1.0"), (.float(-0.5), .int(1), "-1.0", "0.5"),
]

private let reprCases: [(Double, String)] = [
    (1e16, "1e+16"), (1e15, "1000000000000000.0"), (0.1, "0.1"),
    (11.243221250094505, "11.243221250094505"), (1e-4, "0.0001"), (1e-5, "1e-05"),
    (1.5e-7, "1.5e-07"), (123_456_789.0, "123456789.0"), (1e22, "1e+22"), (-2.5, "-2.5"),
    (0.0, "0.0"), (-0.0, "-0.0"), (Double.leastNonzeroMagnitude, "5e-324"),
    (1.7976931348623157e308, "1.7976931348623157e+308"), (9_999_999_999_999_998.0, "9999999999999998.0"),
    (1_234_567_890_123_456.7, "1234567890123456.8"), (100.0, "100.0"),
    (Double(1 << 60), "1.152921504606847e+18"), (0.1 + 0.2, "0.30000000000000004"),
    (Double(Int128(1) << 63 + 1), "9.223372036854776e+18"),
    (Double(UInt64.max), "1.8446744073709552e+19"), (60_098_765_432 / 1e9, "60.098765432"),
    (539_809_434_100 / 1000.0, "539809434.1"),
    (.infinity, "inf"), (-.infinity, "-inf"), (.nan, "nan"),
]

private let fixedCases: [(Double, Int, String)] = [
    (0.0005, 3, "0.001"), (0.0015, 3, "0.002"), (2.0005, 3, "2.001"), (0.25, 1, "0.2"),
    (0.5, 0, "0"), (1.5, 0, "2"), (1e20, 3, "100000000000000000000.000"),
    (-1.5, 3, "-1.500"), (0x1p100, 1, "1267650600228229401496703205376.0"),
]
