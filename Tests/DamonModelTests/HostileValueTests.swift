import Testing
@testable import DamonModel

/// Values no DAMON parameter or record field can hold, from the command
/// line, parameter files or records: refused where they are parsed, so
/// that nothing downstream converts a NaN or an infinity to an integer.
@Suite("Hostile values")
struct HostileValueTests {
    @Test(arguments: ["nan", "inf", "-inf", "Infinity", "1e400", "-1e400", "NaN"])
    func nonFiniteNumbersAreRefused(_ text: String) {
        #expect(throws: UnitParseError.self) { try UnitParse.nr(text) }
        #expect(throws: UnitParseError.self) { try UnitParse.bytes(text) }
        #expect(throws: UnitParseError.self) { try UnitParse.ns(text) }
        #expect(throws: UnitParseError.self) { try UnitParse.us(text) }
        #expect(throws: UnitParseError.self) { try UnitParse.percent(text) }
    }

    /// Finite numbers whose unit pushes them beyond a double.
    @Test(arguments: ["1e300 d", "1e306 s", "1e305s 1e305s"])
    func overflowingTimesAreRefused(_ text: String) {
        #expect(throws: UnitParseError.self) { try UnitParse.ns(text) }
    }

    /// A percent is kept as given, a ratio scaled: 1e308% is 1e310 bp.
    @Test func overflowingRatiosAreRefused() throws {
        #expect(throws: UnitParseError.self) { try UnitParse.bp("1e308%") }
        #expect(throws: UnitParseError.self) { try UnitParse.permil("1e308%") }
        #expect(try UnitParse.percent("1e307") == .float(1e307))
    }

    /// Parameter files: JSON's NaN/Infinity and YAML's .inf reach KVReader
    /// as numbers; a unit field refuses them with the place.
    @Test func parameterFilesRefuseNonFiniteNumbers() throws {
        for value in [Double.nan, .infinity, -.infinity] {
            let reader = KVReader(.dict(KVDict([(key: "sample_us", value: .number(.float(value)))])), path: "intervals")
            #expect(throws: KVError.self) { try reader.required("sample_us").us() }
        }
        let fine = KVReader(.dict(KVDict([(key: "sample_us", value: .number(.float(5.5)))])))
        #expect(try fine.required("sample_us").us() == .float(5.5))
    }
}
