import Testing
@testable import DamonModel
@testable import DamoReports

/// The text report's region lines written as bytes (AccessRegionField,
/// AccessTemplate.write) against the keywords' String texts they replace.
@Suite struct AccessRegionFieldTests {
    static func text(_ body: (inout [UInt8]) -> Void) -> String {
        var bytes: [UInt8] = []
        body(&bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whole units, thousandths, ties at the third decimal, each unit's
    /// edges, fractions of a nanosecond, floats, and what takes the
    /// String path (a minute and more, negative, NaN).
    @Test func agesAreTimeNs() {
        var times: [PyNum] = [.int(0), .int(1), .int(999), .int(1000), .int(1001), .float(-0.0), .float(0.5),
                              .float(999.9999), .int(59_999_999_999), .int(60_000_000_000), .int(-5),
                              .float(.nan), .float(.infinity), .float(1.0625e6), .float(1.1875e6), .int(1 << 62)]
        for unit in [1, 1000, 1_000_000, 1_000_000_000] {
            for k in [1, 7, 999, 1000, 1001, 59_999] where k * unit < 70_000_000_000 {
                times += [.int(Int128(k * unit)), .int(Int128(k * unit + 1)), .int(Int128(k * unit - 1))]
                times.append(.float(Double(k * unit) + 0.5))
            }
        }
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20_000 { times.append(.int(Int128(Int.random(in: 0...61_000_000_000, using: &rng)))) }
        for _ in 0..<5_000 { times.append(.float(Double.random(in: 0...61e9, using: &rng))) }
        var written = 0
        for t in times {
            var bytes: [UInt8] = []
            guard UnitFormat.appendTimeNsUnderAMinute(t, to: &bytes) else {
                #expect(bytes.isEmpty)
                continue
            }
            written += 1
            let got = String(decoding: bytes, as: UTF8.self)
            if got != UnitFormat.timeNs(t) {
                Issue.record("\(t): \(got) != \(UnitFormat.timeNs(t))")
                break
            }
        }
        #expect(written > 20_000)
        #expect(Self.text { _ = UnitFormat.appendTimeNsUnderAMinute(.int(14_900_000_000), to: &$0) } == "14.900 s")
        var none: [UInt8] = []
        #expect(!UnitFormat.appendTimeNsUnderAMinute(.int(60_000_000_000), to: &none))
    }

    @Test func hzIsUnitFormatHz() {
        var values: [Double] = [0, -0.0, 0.0005, 0.6666666, 5, 9.9994, 9.9995, 9.9999, 10, 12.7, 999.99, 1000,
                                12345.6, 1e15, 8.9e15, 9.1e15, 1e300, -0.5, -9.99, -10, -12345.6, .nan, .infinity,
                                -.infinity]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20_000 { values.append(Double.random(in: 0...20, using: &rng)) }
        for _ in 0..<5_000 { values.append(Double.random(in: -1e6...1e7, using: &rng)) }
        for raw in [false, true] {
            for v in values {
                let got = Self.text { AccessRegionField.appendHz(v, raw: raw, to: &$0) }
                if got != UnitFormat.hz(v, raw: raw) {
                    Issue.record("\(v) raw \(raw): \(got) != \(UnitFormat.hz(v, raw: raw))")
                    break
                }
            }
        }
    }

    @Test func indexesAreNr() {
        for n in [0, 1, 999, 1000, 1001, 12_345, 999_999, 1_000_000, 123_456_789, Int.max, -1, -1000, -123_456, Int.min + 1] {
            for raw in [false, true] {
                #expect(Self.text { AccessRegionField.appendNr(n, raw: raw, to: &$0) } == UnitFormat.nr(n, raw: raw), "\(n)")
            }
        }
    }

    /// Every region keyword, in templates with and without byte forms,
    /// widths, raw numbers and regions of every shape: the bytes are the
    /// String template's text, and a text meeting the template (`<` in
    /// a probe hit list cannot; an unknown keyword stays) still defers.
    @Test func linesAreTheTemplatesText() {
        let all = AccessKeywords.region.map(\.name)
        let templates = [
            "<index> addr <start address> size <size> access <access hz> age <age>",
            all.joined(separator: " | "),
            "\\n" + all.joined() + "\\n",
            "<index> <unknown> <size>\\n<<index>> <size><size> tail \\",
            "<end address>-<start address>: <access rate> <temperature> <probe hits>",
            "no keyword at all",
        ]
        var regions = AccessReportTests.record().snapshots[0].regions
        regions += [
            Region(start: 0, end: 0, samples: 0, aggrIntervals: 0),
            Region(start: 1 << 53, end: Int.max, samples: 20, aggrIntervals: 3_000_000, probeHits: [1, 2]),
            Region(start: 4096, end: 8192, samples: nil, aggrIntervals: nil),
            Region(start: 1 << 40, end: (1 << 40) + 4097, samples: 7, aggrIntervals: 601),
            // (hostile: negative sizes)
            Region(start: 8192, end: 4096, samples: 1, aggrIntervals: 1),
            Region(start: Int.max, end: 0, samples: 1, aggrIntervals: 1),
        ]
        for raw in [false, true] {
            var format = AccessReportFormat()
            format.rawNumber = raw
            format.minChars = [("<index>", 4), ("<start address>", 25), ("<size>", 3), ("<age>", 40), ("<access hz>", 9)]
            var c = AccessTemplateTests.context(format)
            var line: [UInt8] = []
            for template in templates {
                let compiled = AccessTemplate(template, AccessKeywords.region, format: format, regionFields: true)
                for (i, r) in regions.enumerated() {
                    var region = r
                    region.addUnsetUnits(c.intervals, maxSamples: c.intervals.aggr / c.intervals.sample)
                    c.region = region
                    c.index = i * 499
                    let expected = compiled.expand(c)
                    #expect(expected == AccessKeywords.expand(template, AccessKeywords.region, c))
                    if compiled.write(c, region, to: &line) {
                        #expect(String(decoding: line, as: UTF8.self) == expected, "\(template) \(region)")
                    } else {
                        // Only a keyword without a byte form whose text
                        // is empty or meets the template defers.
                        let defers = compiled.pieces.contains {
                            guard case .keyword(let k, _, nil) = $0 else { return false }
                            let text = k.text(c)
                            return text.isEmpty || text.contains("<") || text.contains(">") || text.contains("\\")
                        }
                        #expect(defers, "\(template) \(region)")
                    }
                }
            }
        }
    }

    /// DAMON's regions come in address order; sorting by address (the
    /// default) keeps them, and other orders are still sorted.
    @Test func addressOrderIsKept() {
        let regions = [Region(start: 0, end: 10), Region(start: 10, end: 20), Region(start: 10, end: 15),
                       Region(start: 30, end: 40)]
        var format = AccessReportFormat()
        #expect(AccessMetrics.sorted(regions, format).map(\.end) == [10, 20, 15, 40])
        #expect(AccessMetrics.sorted(regions.reversed(), format).map(\.end) == [10, 15, 20, 40])
        format.sortDescending = ["address"]
        #expect(AccessMetrics.sorted(regions, format).map(\.end) == [40, 20, 15, 10])
    }
}
