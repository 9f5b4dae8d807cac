import Testing
@testable import DamonModel
@testable import DamoReports

/// The text report's region lines written in place (AccessRegionField,
/// AccessTemplate.write) against the keywords' String texts they replace.
@Suite struct AccessRegionFieldTests {
    /// What a writer put at a pointer; nil when it wrote nothing.
    static func text(_ body: (UnsafeMutablePointer<UInt8>) -> Int) -> String? {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: AccessRegionField.room)
        defer { p.deallocate() }
        let n = body(p)
        #expect(n <= AccessRegionField.room)
        return n == 0 ? nil : String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }

    /// Whole units, thousandths, ties at the third decimal, each unit's
    /// edges, fractions of a nanosecond, floats, and what takes the
    /// String path (a minute and more, negative, NaN).
    @Test func agesAreTimeNs() {
        var times: [Double] = [0, 1, 999, 1000, 1001, -0.0, 0.5, 999.9999, 59_999_999_999, 60e9, -5, .nan,
                               .infinity, 1.0625e6, 1.1875e6, 0x1p62]
        for unit in [1, 1000, 1_000_000, 1_000_000_000] {
            for k in [1, 7, 999, 1000, 1001, 59_999] where k * unit < 70_000_000_000 {
                times += [Double(k * unit), Double(k * unit + 1), Double(k * unit - 1), Double(k * unit) + 0.5]
            }
        }
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20_000 { times.append(Double(Int.random(in: 0...61_000_000_000, using: &rng))) }
        for _ in 0..<5_000 { times.append(Double.random(in: 0...61e9, using: &rng)) }
        var written = 0
        for t in times {
            guard let got = Self.text({ AccessRegionField.timeUnderAMinute(t, to: $0) }) else {
                #expect(!(t >= 0 && t < 60e9), "\(t)")
                continue
            }
            written += 1
            if got != UnitFormat.timeNs(.float(t)) {
                Issue.record("\(t): \(got) != \(UnitFormat.timeNs(.float(t)))")
                break
            }
        }
        #expect(written > 20_000)
        #expect(Self.text { AccessRegionField.timeUnderAMinute(14_900_000_000, to: $0) } == "14.900 s")
    }

    @Test func hzIsUnitFormatHz() {
        var values: [Double] = [0, -0.0, 0.0005, 0.6666666, 1, 5, 9.9994, 9.9995, 9.9999, 10, 12.7, 999.99, 1000,
                                12345.6, 1e15, 8.9e15, 9.1e15, 1e300, -0.5, -1, -9.99, -10, -12345.6, .nan, .infinity,
                                -.infinity]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20_000 { values.append(Double.random(in: 0...20, using: &rng)) }
        for _ in 0..<5_000 { values.append(Double.random(in: -1e6...1e7, using: &rng)) }
        var written = 0
        for v in values {
            guard let got = Self.text({ AccessRegionField.hz(v, to: $0) }) else { continue }
            written += 1
            if got != UnitFormat.hz(v) {
                Issue.record("\(v): \(got) != \(UnitFormat.hz(v))")
                break
            }
        }
        #expect(written > 20_000)
    }

    @Test func fixed3IsPythons() {
        var values: [Double] = [1, 1.0005, 1.0015, 1.0625, 1.1875, 9.9995, 0x1p52 - 1, 0x1p52, 0.5, -1.0625, -3.14159]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20_000 { values.append(Double.random(in: 1...1e6, using: &rng)) }
        for v in values {
            guard let got = Self.text({ RegionLine.fixed3(v, to: $0) }) else {
                #expect(!(v.magnitude >= 1 && v.magnitude < 0x1p52), "\(v)")
                continue
            }
            if got != PyFormat.fixed(v, 3) {
                Issue.record("\(v): \(got) != \(PyFormat.fixed(v, 3))")
                break
            }
        }
        #expect(Self.text { RegionLine.fixed3(1.0625, to: $0) } == "1.062")
    }

    @Test func indexesAreNr() {
        for n in [0, 1, 999, 1000, 1001, 12_345, 999_999, 1_000_000, 123_456_789, Int.max, -1, -1000, -123_456, Int.min] {
            for raw in [false, true] {
                #expect(Self.text { AccessRegionField.nr(n, raw: raw, to: $0) } == UnitFormat.nr(n, raw: raw), "\(n)")
            }
        }
    }

    /// Every region keyword, in templates with and without byte forms,
    /// widths, raw numbers and regions of every shape: the bytes are the
    /// String template's text, and only a keyword without a byte form
    /// whose text meets the template (an empty probe hit list) defers.
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
        let batch = ByteBatch()
        var wrote = 0, deferred = 0
        for raw in [false, true] {
            var format = AccessReportFormat()
            format.rawNumber = raw
            format.minChars = [("<index>", 4), ("<start address>", 25), ("<size>", 3), ("<age>", 40), ("<access hz>", 9)]
            var c = AccessTemplateTests.context(format)
            for template in templates {
                let compiled = AccessTemplate(template, AccessKeywords.region, format: format, regionFields: true)
                for (i, r) in regions.enumerated() {
                    var region = r
                    region.addUnsetUnits(c.intervals, maxSamples: c.intervals.aggr / c.intervals.sample)
                    c.region = region
                    c.index = i * 499
                    let expected = compiled.expand(c)
                    #expect(expected == AccessKeywords.expand(template, AccessKeywords.region, c))
                    if let texts = compiled.stringTexts(c) {
                        let sink = StringSink()
                        compiled.write(c, region, texts: texts, to: batch, sink)
                        batch.flush(to: sink)
                        #expect(sink.text == expected, "\(template) \(region)")
                        wrote += 1
                    } else {
                        let defers = compiled.pieces.contains {
                            guard case .keyword(let k, _, nil) = $0 else { return false }
                            let text = k.text(c)
                            return text.isEmpty || text.contains("<") || text.contains(">") || text.contains("\\")
                        }
                        #expect(defers, "\(template) \(region)")
                        deferred += 1
                    }
                }
            }
        }
        #expect(wrote > 0 && deferred > 0)
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
