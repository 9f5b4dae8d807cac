import Testing
@testable import DamonModel

// Expected values are python damo 3.4.3's _damo_fmt_str.text_to_*() results,
// written as Python's repr so that int versus float is checked too
// (PyNum.description is str() of Python).

@Suite("UnitParse")
struct UnitParseTests {
    @Test(arguments: bytesCases)
    func bytes(_ text: String, _ expected: String) throws {
        #expect(try UnitParse.bytes(text).description == expected)
    }

    @Test(arguments: ["B", "", "abc", "4X", "1.5.5K", "4k", "0x10", "K4"])
    func bytesErrors(_ text: String) {
        #expect(throws: UnitParseError.self) { try UnitParse.bytes(text) }
    }

    @Test(arguments: nrCases)
    func nr(_ text: String, _ expected: String) throws {
        #expect(try UnitParse.nr(text).description == expected)
    }

    @Test(arguments: ["4K", "min", "", "abc", "0x10", "1.5.5", "1__0", "_1", "1_", "1._5", "1e_5", "_1.5", "1.5_"])
    func nrErrors(_ text: String) {
        #expect(throws: UnitParseError.self) { try UnitParse.nr(text) }
    }

    /// (text, text_to_ns, text_to_us, text_to_ms, text_to_sec)
    @Test(arguments: timesCases)
    func times(_ text: String, _ ns: String, _ us: String, _ ms: String, _ sec: String) throws {
        #expect(try UnitParse.ns(text).description == ns)
        #expect(try UnitParse.us(text).description == us)
        #expect(try UnitParse.ms(text).description == ms)
        #expect(try UnitParse.sec(text).description == sec)
    }

    @Test(arguments: ["abc", "", "5x", "s", "1.5.5s", "ms"])
    func timeErrors(_ text: String) {
        #expect(throws: UnitParseError.self) { try UnitParse.ns(text) }
        #expect(throws: UnitParseError.self) { try UnitParse.us(text) }
        #expect(throws: UnitParseError.self) { try UnitParse.ms(text) }
        #expect(throws: UnitParseError.self) { try UnitParse.sec(text) }
    }

    /// (text, text_to_ratio, text_to_percent, text_to_permil, text_to_bp)
    @Test(arguments: ratiosCases)
    func ratios(_ text: String, _ ratio: String, _ percent: String, _ permil: String, _ bp: String) throws {
        #expect(try UnitParse.ratio(text).description == ratio)
        #expect(try UnitParse.percent(text).description == percent)
        #expect(try UnitParse.permil(text).description == permil)
        #expect(try UnitParse.bp(text).description == bp)
    }

    @Test(arguments: ["abc", "%", "", "50%%", "5x%"])
    func ratioErrors(_ text: String) {
        #expect(throws: UnitParseError.self) { try UnitParse.ratio(text) }
        #expect(throws: UnitParseError.self) { try UnitParse.percent(text) }
        #expect(throws: UnitParseError.self) { try UnitParse.bp(text) }
    }

    @Test func bools() throws {
        for t in ["y", "Yes", "TRUE"] { #expect(try UnitParse.bool(t) == true) }
        for t in ["n", "No", "false"] { #expect(try UnitParse.bool(t) == false) }
        for t in ["maybe", "", "1"] { #expect(throws: UnitParseError.self) { try UnitParse.bool(t) } }
    }

    @Test func errorDescriptionNamesTextAndKind() {
        do {
            _ = try UnitParse.bytes("4X")
            Issue.record("no error")
        } catch let e as UnitParseError {
            #expect(e.description == "'4X' is not a valid size")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    /// Parsing what the formatters print gives the value back (to their
    /// precision), as damo's record files rely on.
    @Test(arguments: [0, 1, 999, 1500, 60_098_765_432, 539_809_434_100, 90_061_001_001_001])
    func exactTimeRoundTrip(_ ns: Int) throws {
        let text = UnitFormat.timeNsExact(.int(Int128(ns)))
        #expect(try UnitParse.ns(text) == .int(Int128(ns)))
    }

    @Test(arguments: [0, 1, 4096, 94_827_419_009_024])
    func groupedNumberRoundTrip(_ n: Int) throws {
        #expect(try UnitParse.bytes(UnitFormat.nr(n)) == .int(Int128(n)))
        #expect(try UnitParse.nr(UnitFormat.nr(n)) == .int(Int128(n)))
    }
}

// MARK: cases

private let bytesCases: [(String, String)] = [
    ("4K", "4096"), ("1.5GiB", "1610612736"), ("2M", "2097152"), ("4096", "4096"),
    ("1,234", "1234"), ("4 KiB", "4096"), ("4KiB", "4096"), ("4KB", "4096"),
    ("143.027 MiB", "149974679"), ("min", "0"), ("max", "18446744073709551615"),
    ("1.5", "1.5"), ("0", "0"), ("1E", "1152921504606846976"),
    ("16E", "18446744073709551615"), ("100B", "100"), ("-4K", "-4096"), (" 12 ", "12"),
    ("1_000", "1000"), ("1e3", "1000.0"), ("1e3K", "1024000"),
]

private let nrCases: [(String, String)] = [
    ("4096", "4096"), ("1,234", "1234"), ("94,827,419,009,024", "94827419009024"),
    ("max", "18446744073709551615"), ("1.5", "1.5"), (" 12 ", "12"), ("1_000", "1000"),
    ("1e3", "1000.0"), ("-7", "-7"), ("1_0.5", "10.5"), ("1.5e1_0", "15000000000.0"),
    (".5", "0.5"), ("5.", "5.0"), ("+.5e-3", "0.0005"), ("-0", "0"), ("-0.0", "-0.0"),
]

private let timesCases: [(String, String, String, String, String)] = [
    ("5s", "5000000000", "5000000.0", "5000.0", "5.0"),
    ("100ms", "100000000", "100000.0", "100.0", "0.1"),
    ("2 m 14 s", "134000000000", "134000000.0", "134000.0", "134.0"),
    ("1 m 0.098 s", "60098000000.0", "60098000.0", "60098.0", "60.098"),
    ("1,000", "1000", "1000", "1000", "1000"),
    ("1.5s", "1500000000.0", "1500000.0", "1500.0", "1.5"),
    ("10m", "600000000000", "600000000.0", "600000.0", "600.0"),
    ("1h", "3600000000000", "3600000000.0", "3600000.0", "3600.0"),
    ("1d", "86400000000000", "86400000000.0", "86400000.0", "86400.0"),
    ("5us", "5000", "5.0", "0.005", "5e-06"),
    ("7ns", "7", "0.007", "7e-06", "7e-09"),
    ("min", "0", "0", "0", "0"),
    ("max", "18446744073709551615", "18446744073709551615", "18446744073709551615", "18446744073709551615"),
    ("1.5", "1.5", "1.5", "1.5", "1.5"),
    ("100 ms", "100000000", "100000.0", "100.0", "0.1"),
    ("8 m 59.809 s", "539809000000.0", "539809000.0", "539809.0", "539.809"),
    ("1 d 1 h 1 m 1 s 1 ms 1 us 1 ns", "90061001001001", "90061001001.001", "90061001.001001", "90061.001001001"),
    ("5 s 3", "5000000003", "5000000.003", "5000.000002999999", "5.000000002999999"),
]

private let ratiosCases: [(String, String, String, String, String)] = [
    ("50%", "0.5", "50.0", "500.0", "5000.0"),
    ("0.5", "0.5", "0.5", "0.5", "0.5"),
    ("min", "0.0", "0", "0", "0"),
    ("max", "18446744073709551615", "18446744073709551615", "18446744073709551615", "18446744073709551615"),
    ("12.5%", "0.125", "12.5", "125.0", "1250.0"),
    ("100%", "1.0", "100.0", "1000.0", "10000.0"),
    ("1,000%", "10.0", "1000.0", "10000.0", "100000.0"),
]
