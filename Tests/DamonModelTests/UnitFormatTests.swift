import Testing
@testable import DamonModel

// Every expected string here was printed by python damo 3.4.3's
// _damo_fmt_str (format_sz, format_time_ns, ...), not derived from our code.

private let ulongMaxInt = PyNum.int(Int128(UInt64.max))

@Suite("UnitFormat: sizes")
struct SizeFormatTests {
    @Test(arguments: sizeCases)
    func size(_ value: PyNum, _ expected: String) {
        #expect(UnitFormat.size(value) == expected)
    }

    @Test func sizeOfInt() {
        #expect(UnitFormat.size(4096) == "4.000 KiB")
        #expect(UnitFormat.size(1024) == "1024 B")
        #expect(UnitFormat.size(4096, raw: true) == "4096")
    }

    @Test(arguments: sizeRawCases)
    func sizeRaw(_ value: PyNum, _ expected: String) {
        #expect(UnitFormat.size(value, raw: true) == expected)
        #expect(UnitFormat.sizeAccurate(value, raw: true) == expected)
    }

    @Test(arguments: sizeAccurateCases)
    func sizeAccurate(_ value: PyNum, _ expected: String) {
        #expect(UnitFormat.sizeAccurate(value) == expected)
    }

    @Test func addrRange() {
        #expect(UnitFormat.addrRange(.int(94_827_419_009_024), .int(94_827_423_150_080))
            == "[94,827,419,009,024, 94,827,423,150,080) (3.949 MiB)")
        #expect(UnitFormat.addrRange(.int(4096), .int(8192), raw: true) == "[4096, 8192) (4096)")
    }
}

@Suite("UnitFormat: numbers")
struct NumberFormatTests {
    @Test(arguments: nrCases)
    func nr(_ value: PyNum, _ expected: String) {
        #expect(UnitFormat.nr(value) == expected)
    }

    @Test func nrRaw() {
        #expect(UnitFormat.nr(.int(1_234_567), raw: true) == "1234567")
        #expect(UnitFormat.nr(.int(-1_234_567), raw: true) == "-1234567")
        #expect(UnitFormat.nr(.float(-0.5), raw: true) == "-0")
        #expect(UnitFormat.nr(1_234_567) == "1,234,567")
        #expect(UnitFormat.nr(1_234_567, raw: true) == "1234567")
    }
}

@Suite("UnitFormat: times")
struct TimeFormatTests {
    /// (ns, format_time_ns, format_time_ns_exact)
    @Test(arguments: timeNsCases)
    func timeNs(_ ns: PyNum, _ approx: String, _ exact: String) {
        #expect(UnitFormat.timeNs(ns) == approx)
        #expect(UnitFormat.timeNsExact(ns) == exact)
    }

    @Test(arguments: timeRawCases)
    func timeRaw(_ ns: PyNum, _ expected: String) {
        #expect(UnitFormat.timeNs(ns, raw: true) == expected)
        #expect(UnitFormat.timeNsExact(ns, raw: true) == expected)
    }

    @Test func otherUnits() {
        #expect([0, 5000, 100_000, 1_000_000, 1500].map { UnitFormat.timeUs(.int($0)) }
            == ["0 ns", "5 ms", "100 ms", "1 s", "1.500 ms"])
        #expect(UnitFormat.timeUs(.float(2.5)) == "2.500 us")
        #expect([0, 100, 1000].map { UnitFormat.timeMs(.int($0)) } == ["0 ns", "100 ms", "1 s"])
        #expect(UnitFormat.timeMs(.float(1.5)) == "1.500 ms")
        #expect([0, 1, 60, 3600].map { UnitFormat.timeSec(.int($0)) } == ["0 ns", "1 s", "1 m", "1 h"])
        #expect(UnitFormat.timeSec(.float(0.5)) == "500 ms")
        #expect(UnitFormat.timeUs(.int(5000), raw: true) == "5000")
        #expect(UnitFormat.timeMs(.float(1.5), raw: true) == "1")
        #expect(UnitFormat.timeSec(.int(60), raw: true) == "60")
    }

    @Test func exactOtherUnits() {
        #expect([0, 5000, 100_001].map { UnitFormat.timeUsExact(.int($0)) } == ["0 ns", "5 ms", "100 ms 1 us"])
        #expect(UnitFormat.timeUsExact(.float(2.5)) == "2 us 500 ns")
        #expect([0, 100, 61001].map { UnitFormat.timeMsExact(.int($0)) } == ["0 ns", "100 ms", "1 m 1 s 1 ms"])
        // raw: '%d' % (time_us * 1000)
        #expect(UnitFormat.timeUsExact(.int(5000), raw: true) == "5000000")
    }
}

@Suite("UnitFormat: frequencies and ratios")
struct RatioFormatTests {
    @Test(arguments: hzCases)
    func hz(_ value: Double, _ expected: String) {
        #expect(UnitFormat.hz(value) == expected)
    }

    @Test func hzVariants() {
        #expect([0.0, 5, 12.7].map { UnitFormat.hz($0, raw: true) } == ["0.000000", "5.000000", "12.700000"])
        #expect(UnitFormat.hz(5, suffix: false) == "5.000")
        #expect(UnitFormat.hz(12, suffix: false) == "12")
    }

    @Test(arguments: ratioCases)
    func ratio(_ value: Double, _ expected: String) {
        #expect(UnitFormat.ratio(value) == expected)
    }

    @Test func percentPermilBp() {
        #expect([0, 50, 100, 3].map { UnitFormat.percent(.int($0)) } == ["0 %", "50 %", "100 %", "3 %"])
        #expect(UnitFormat.percent(.float(12.5)) == "12.5 %")
        #expect(UnitFormat.percent(.float(33.333333)) == "33.333333 %")
        #expect(UnitFormat.percent(.int(50), raw: true) == "50.000000")
        #expect(UnitFormat.percent(.float(12.5), raw: true) == "12.500000")
        #expect(UnitFormat.ratio(0.125, raw: true) == "0.125000")
        #expect([0, 500, 1].map { UnitFormat.permil(.int($0)) } == ["0 %", "50 %", "0.1 %"])
        #expect([0, 5000, 1, 10000].map { UnitFormat.bp(.int($0)) } == ["0 %", "50 %", "0.01 %", "100 %"])
        #expect(UnitFormat.bp(.int(4), raw: true) == "4.000000")
    }
}

// MARK: cases

private let sizeCases: [(PyNum, String)] = [
    (PyNum.int(0), "0 B"), (.int(1), "1 B"), (.int(1023), "1023 B"),
    // A unit is used only when strictly above it.
    (.int(1024), "1024 B"), (.int(1025), "1.001 KiB"), (.int(4096), "4.000 KiB"),
    (.int(1 << 20), "1024.000 KiB"), (.int((1 << 20) + 1), "1.000 MiB"),
    (.int(1 << 30), "1024.000 MiB"), (.int((1 << 30) + 1), "1.000 GiB"),
    (.int(1_472_000_000), "1.371 GiB"),
    (.int(1 << 40), "1024.000 GiB"), (.int((1 << 40) + 5), "1.000 TiB"),
    (.int(1 << 50), "1024.000 TiB"), (.int(3 << 50), "3.000 PiB"),
    (.int(1 << 60), "1024.000 PiB"), (.int(5 << 60), "5.000 EiB"),
    (ulongMaxInt, "max"), (.int(Int128(UInt64.max) - 1), "max"),
    (.int(-5), "-5 B"), (.int(94_827_419_009_024), "86.245 TiB"),
    (.float(1.5), "1 B"), (.float(1023.9), "1023 B"),
]

private let sizeRawCases: [(PyNum, String)] = [
    (PyNum.int(0), "0"), (.int(1025), "1025"), (ulongMaxInt, "18446744073709551615"),
    (.int(-5), "-5"), (.float(1.5), "1"), (.float(1023.9), "1023"),
]

private let sizeAccurateCases: [(PyNum, String)] = [
    (PyNum.int(0), "0 B"), (.int(1024), "1024 B"), (.int(1025), "1.000977 KiB"),
    (.int(4096), "4.000000 KiB"), (.int(1_472_000_000), "1.370907 GiB"),
    (.int(94_827_419_009_024), "86.245035 TiB"), (.int(1 << 50), "1024.000000 TiB"),
    (ulongMaxInt, "max"),
]

private let nrCases: [(PyNum, String)] = [
    (PyNum.int(0), "0"), (.int(1), "1"), (.int(999), "999"), (.int(1000), "1,000"),
    (.int(12345), "12,345"), (.int(1_234_567), "1,234,567"),
    (.int(94_827_419_009_024), "94,827,419,009,024"), (.int(-1_234_567), "-1,234,567"),
    (.float(12.7), "12"), (ulongMaxInt, "18,446,744,073,709,551,615"),
    // '-' + '%d' % 0.5 in python
    (.float(-0.5), "-0"),
]

private let timeNsCases: [(PyNum, String, String)] = [
    (PyNum.int(0), "0 ns", "0 ns"), (.int(1), "1 ns", "1 ns"), (.int(999), "999 ns", "999 ns"),
    (.int(1000), "1 us", "1 us"), (.int(1500), "1.500 us", "1 us 500 ns"),
    (.int(100_000_000), "100 ms", "100 ms"), (.int(1_000_000_000), "1 s", "1 s"),
    (.int(1_500_000_000), "1.500 s", "1 s 500 ms"),
    (.int(59_999_999_999), "60.000 s", "59 s 999 ms 999 us 999 ns"),
    (.int(60_000_000_000), "1 m", "1 m"), (.int(134_000_000_000), "2 m 14 s", "2 m 14 s"),
    (.int(60_098_000_000), "1 m 0.098 s", "1 m 98 ms"),
    (.int(60_098_765_432), "1 m 0.099 s", "1 m 98 ms 765 us 432 ns"),
    (.int(3_600_000_000_000), "1 h", "1 h"), (.int(3_600_000_000_001), "1 h 1 ns", "1 h 1 ns"),
    (.int(1_700_000_000_000_000_000), "472222 h 13 m 20 s", "19,675 d 22 h 13 m 20 s"),
    (.int(86_400_000_000_000), "24 h", "1 d"),
    (.int(90_061_001_001_001), "25 h 1 m 1.001 s", "1 d 1 h 1 m 1 s 1 ms 1 us 1 ns"),
    (.int(-1500), "-1.500 us", "-1 us 500 ns"), (.int(-60_000_000_000), "-1 m", "-1 m"),
    (ulongMaxInt, "max", "max"), (.int(Int128(UInt64.max) + 1), "max", "max"),
    (.int(104_599_000), "104.599 ms", "104 ms 599 us"),
    (.int(539_809_434_100), "8 m 59.809 s", "8 m 59 s 809 ms 434 us 100 ns"),
    (.int(539_914_032_967), "8 m 59.914 s", "8 m 59 s 914 ms 32 us 967 ns"),
    (.float(1.5), "1 ns", "1.500 ns"),
    (.float(539_809_434_100.5), "8 m 59.809 s", "8 m 59 s 809 ms 434 us 100.500 ns"),
    (.float(5e15), "1388 h 53 m 20 s", "57 d 20 h 53 m 20 s"),
]

private let timeRawCases: [(PyNum, String)] = [
    (PyNum.int(0), "0"), (.int(1_500_000_000), "1500000000"), (.float(539_809_434_100.5), "539809434100"),
    (.int(-1500), "-1500"),
]

private let hzCases: [(Double, String)] = [
    (0.0, "0 hz"), (0.6666666, "0.667 hz"), (5.0, "5.000 hz"), (9.9999, "10.000 hz"),
    (10.0, "10 hz"), (12.7, "12 hz"), (12345.6, "12,345 hz"),
]

private let ratioCases: [(Double, String)] = [
    (0.0, "0 %"), (0.125, "12.5 %"), (1.0, "100 %"), (0.5, "50 %"), (0.001, "0.1 %"),
    (0.12345678, "12.345678 %"), (1.0 / 3, "33.3333333 %"), (2.0 / 3, "66.6666667 %"),
    (12.3456, "1,234.56 %"),
]
