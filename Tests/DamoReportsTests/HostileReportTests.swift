import Testing
@testable import DamonModel
@testable import DamonRecords
@testable import DamoReports

/// Reports on records the readers accept but no workload produces: values
/// at DAMON's limits, overlaps, empty parts, and sizes that made the
/// reports quadratic.  None may trap, hang or take minutes.
@Suite("Hostile records in reports")
struct HostileReportTests {
    static let iv = Intervals(sample: .int(5000), aggr: .int(100_000), opsUpdate: .int(1_000_000))
    static let u32 = RecordLimits.maxCount
    static let half = 1 << 62

    static func snapshots(_ regions: [Region], count: Int = 3, length: Int = 100_000_000) -> [Snapshot] {
        (0..<count).map { Snapshot(startTime: PyNum($0 * length), endTime: PyNum(($0 + 1) * length), regions: regions) }
    }

    /// The largest regions, counts and filter-passed sizes records hold.
    static let extremeRegions = [
        Region(start: 0, end: half, samples: u32, aggrIntervals: u32, szFilterPassed: Int.max),
        Region(start: half, end: Int.max, samples: u32, aggrIntervals: u32, szFilterPassed: Int.max),
    ]

    /// Every report on a record, in both number forms.
    func renderAll(_ input: [Record]) throws {
        var records = input
        _ = RecordGuide.of(records).map { $0.text(raw: false) }
        RawFormReport.render(records, rawNumber: true, to: StringSink())
        var options = HeatmapOptions(resolution: (time: 10, addr: 20))
        for map in try HeatmapReport.maps(records, options) {
            _ = map.heatmap.asciiText(colorset: .flame, showColorset: true)
            map.heatmap.rawText(absoluteTime: true, absoluteAddr: false, to: StringSink())
        }
        options.dfPassed = true
        _ = try HeatmapReport.maps(records, options)
        for (_, values) in try WSSReport.distributions(records, accessThreshold: 1, sizeThreshold: 1, sorted: true, collapse: true) {
            _ = try DistReport.text(metric: "wss", values: values, percentiles: [0, 50, 100], all: false, rawNumber: false, barColumns: 10)
        }
        try AccessReport.check(records)
        AccessReport.completeUnits(&records)
        for style in AccessStyle.allCases {
            for raw in [false, true] {
                var format = AccessReportFormat()
                format.rawNumber = raw
                format.resolve(style: style, edits: [], totalSizeOnly: false, regionBox: raw, records: records)
                AccessReport.render(records, format: format, to: StringSink())
            }
        }
        var adjusted = input
        RecordAdjust.adjust(&adjusted, aggregateIntervalUs: .int(200_000), skip: 0)
        for format in RecordFormat.writable {
            try RecordFile.write(input, to: MemorySink(), format: format, name: "mem")
        }
    }

    /// Region ends of 2^63-1, 32-bit counts, filter-passed sizes of 2^63-1:
    /// products and sums that overflowed 64 bits.
    @Test func valuesAtTheLimits() throws {
        try renderAll([Record(intervals: Self.iv, targetId: TargetID(1), snapshots: Self.snapshots(Self.extremeRegions))])
        try renderAll([Record(intervals: Self.iv, targetId: TargetID(1), snapshots: [
            Snapshot(startTime: .int(0), endTime: PyNum(Int.max), regions: Self.extremeRegions),
            Snapshot(startTime: PyNum(Int.max), endTime: PyNum(Int.max), regions: Self.extremeRegions),
        ])])
        // Several targets of such regions, collapsed into one distribution.
        let targets = (0..<3).map { Record(intervals: Self.iv, targetId: TargetID($0), snapshots: Self.snapshots(Self.extremeRegions)) }
        #expect(throws: ReportError.self) {
            try WSSReport.distributions(targets, accessThreshold: 1, sizeThreshold: 1, sorted: true, collapse: true)
        }
    }

    /// Intervals a record may carry that make rates beyond any double's
    /// integer (a sampling interval far above the aggregation interval):
    /// the computed units stay within DAMON's ranges.
    @Test func ratesFromExtremeIntervals() throws {
        for intervals in [Intervals(sample: PyNum(RecordLimits.maxIntervalUs), aggr: .int(1), opsUpdate: .int(0)),
                          Intervals(sample: .int(1), aggr: PyNum(RecordLimits.maxIntervalUs), opsUpdate: .int(0)),
                          Intervals(sample: .float(1e-300), aggr: .float(1e-300), opsUpdate: .int(0))] {
            let record = Record(intervals: intervals, targetId: TargetID(1), snapshots: Self.snapshots(Self.extremeRegions))
            try renderAll([record])
            var region = Region(start: 0, end: 4096, samples: Self.u32, aggrIntervals: nil)
            region.usec = .float(9e18)
            region.addUnsetUnits(intervals)
            #expect(RecordLimits.problem(region) == nil)
        }
    }

    /// A later record without snapshots, and filters that leave none.
    @Test func recordsWithoutSnapshots() throws {
        let full = Record(intervals: Self.iv, targetId: TargetID(1), snapshots: Self.snapshots([Region(start: 0, end: 4096, samples: 1, aggrIntervals: 1)]))
        let empty = Record(intervals: Self.iv, targetId: TargetID(2), snapshots: [])
        try renderAll([full, empty])
        try renderAll([empty, full])
        var filtered = [full, full]
        RecordFilter(snapshotTimeRanges: [(.int(0), .int(1))]).apply(&filtered)
        try renderAll(filtered + [full])
    }

    @Test func invertedAndHugeHeatmapRanges() throws {
        let records = [Record(intervals: Self.iv, targetId: TargetID(1), snapshots: Self.snapshots([Region(start: 0, end: 4096, samples: 1, aggrIntervals: 1)]))]
        var options = HeatmapOptions(resolution: (time: 10, addr: 10))
        options.timeRange = ["10", "5"]
        #expect(throws: ReportError.self) { try HeatmapReport.maps(records, options) }
        options.timeRange = nil
        options.addressRanges = [["100", "50"]]
        #expect(throws: ReportError.self) { try HeatmapReport.maps(records, options) }
        options.addressRanges = nil
        options.resolution = (time: 1 << 20, addr: 1 << 20)
        #expect(throws: ReportError.self) { try HeatmapReport.maps(records, options) }
        // An empty range is drawn (as nothing).
        options.resolution = (time: 10, addr: 10)
        options.addressRanges = [["100", "100"]]
        #expect(try HeatmapReport.maps(records, options).count == 1)
    }

    /// 20,000 identical regions over the whole map took minutes; the heat
    /// is what damo's pass region by region adds up to.
    @Test(.timeLimit(.minutes(1))) func overlappingRegionsCostLinearWork() throws {
        let n = 20_000
        let regions = Array(repeating: Region(start: 0, end: 1 << 30, samples: 10, aggrIntervals: 0), count: n)
        let records = [Record(intervals: Self.iv, targetId: TargetID(1), snapshots: Self.snapshots(regions, count: 1))]
        let maps = try HeatmapReport.maps(records, HeatmapOptions(resolution: (time: 200, addr: 200)))
        // 10 samples per 100 ms: 100 hz per region.
        for row in maps[0].heatmap.heats {
            for heat in row {
                let h = try #require(heat)
                #expect(abs(h - Double(n) * 100) < 1e-6 * Double(n) * 100)
            }
        }
    }

    /// A few overlapping regions still get damo's exact arithmetic.
    @Test func fewOverlapsAreExact() throws {
        let regions = [Region(start: 0, end: 8192, samples: 3, aggrIntervals: 0),
                       Region(start: 4096, end: 12288, samples: 7, aggrIntervals: 0)]
        let records = [Record(intervals: Self.iv, targetId: TargetID(1), snapshots: Self.snapshots(regions, count: 2))]
        let map = try HeatmapReport.maps(records, HeatmapOptions(resolution: (time: 4, addr: 6)))[0].heatmap
        var exact = Heatmap(timeRange: (map.timeStart, map.timeStart + map.timeUnit * .int(4)),
                            addrRange: (map.addrStart, map.addrStart + map.addrUnit * .int(6)),
                            resolution: (time: 4, addr: 6), heatUnit: "hz")
        var last: Snapshot? = nil
        for s in records[0].snapshots {
            let terms = Heatmap.SnapshotTerms(snapshot: s, last: last, aggrNs: .int(100_000_000), aggrUs: .int(100_000),
                                              mapAddrEnd: exact.addrStart + exact.addrUnit * .int(6), dfPassed: false)
            for r in s.regions { if let span = exact.span(r, terms) { exact.addExactly(span, s) } }
            last = s
        }
        #expect(map.heats == exact.heats)
    }

    /// Overlapping regions made one inverted gap each (and 20,000 of them
    /// took minutes to narrow); holes of their union are the gaps.
    @Test(.timeLimit(.minutes(1))) func guidesOfOverlapsAndHoles() throws {
        let identical = Array(repeating: Region(start: 4096, end: 1 << 20, samples: 1, aggrIntervals: 0), count: 20_000)
        var guide = RecordGuide.of([Record(intervals: Self.iv, targetId: TargetID(1), snapshots: Self.snapshots(identical, count: 2))])
        #expect(guide[0].ranges.map { [$0.start, $0.end] } == [[4096, 1 << 20]])
        let unordered = [Region(start: 100, end: 200, samples: 1, aggrIntervals: 0),
                         Region(start: 10, end: 50, samples: 1, aggrIntervals: 0),
                         Region(start: 300, end: 400, samples: 1, aggrIntervals: 0)]
        guide = RecordGuide.of([Record(intervals: Self.iv, targetId: TargetID(1), snapshots: Self.snapshots(unordered))])
        #expect(guide[0].ranges.map { [$0.start, $0.end] } == [[10, 50], [100, 200], [300, 400]])
        // 2,000 holes: 2,000 ranges, their heats, and one map each (each
        // map was built once per range: 4 million maps).
        let holes = (0..<2000).map { Region(start: (2 * $0 + 1) * 4096, end: (2 * $0 + 2) * 4096, samples: $0 % 3, aggrIntervals: 1) }
        let records = [Record(intervals: Self.iv, targetId: TargetID(1), snapshots: Self.snapshots(holes, count: 10))]
        guide = RecordGuide.of(records)
        #expect(guide[0].ranges.count == 2000)
        #expect(guide[0].ranges[1].heats == Int128(4096 * 10))
        let text = try HolisticReport.short(HolisticReport.Inputs(records: records, footprints: FootprintReport.Series(), profile: nil))
        #expect(text.components(separatedBy: "# target 1, address range").count == 2001)
    }

    @Test func percentilesBeyondTheValues() throws {
        #expect(throws: ReportError.self) {
            try DistReport.text(metric: "wss", values: [1, 2, 3], percentiles: [0, 150], all: false, rawNumber: true, barColumns: 0)
        }
        #expect(throws: ReportError.self) { try DistReport.points(values: [1], percentiles: [101], all: false) }
        #expect(DistReport.index(percentile: Int.max, count: 10) == nil)
        // Python's negative indices, as damo's list indexing.
        #expect(DistReport.index(percentile: -50, count: 10) == 5)
        #expect(DistReport.index(percentile: 100, count: 10) == 9)
        let record = Record(targetId: TargetID(1), snapshots: Self.snapshots([], count: 30))
        #expect(throws: ReportError.self) { try NrRegionsReport.text([record], percentiles: [200], sorted: true) }
    }

    /// Footprints of 1e308 or inf pages are refused by the reader; sums
    /// beyond 64 bits by the report.
    @Test func footprints() throws {
        for value in ["1e308", "Infinity", "-1", "2251799813685248"] {
            let text = #"[{"time": 1.0, "footprints": [{"pid": 1, "footprint": {"size": \#(value), "resident": 1, "shared": 0, "trs": 0, "lrs": 0, "drs": 0, "dt": 0}}]}]"#
            #expect(throws: KVError.self) { try SystemSnapshotsJSON.readMemFootprints(text) }
        }
        #expect(throws: KVError.self) { try SystemSnapshotsJSON.readMemFootprints(#"[{"time": Infinity, "footprints": []}]"#) }
        let max = ProcMemFootprint(size: SystemSnapshotsJSON.maxFootprint, resident: SystemSnapshotsJSON.maxFootprint)
        let snapshot = MemFootprintsSnapshot(time: 1, processes: [(1, max), (2, max)], system: SysMemFootprint())
        #expect(throws: ReportError.self) { try FootprintReport.values([snapshot], metric: .vsz, sorted: true) }
        let one = MemFootprintsSnapshot(time: 1, processes: [(1, max)], system: SysMemFootprint(total: 1, free: 5))
        #expect(try FootprintReport.values([one], metric: .rss, sorted: true) == [SystemSnapshotsJSON.maxFootprint * 4096])
        #expect(try FootprintReport.values([one], metric: .sysUsed, sorted: true) == [-4096])
    }

    /// DAMON_STAT's idle times: a large time with steps below its
    /// precision never ended; close times made rows without bound.
    @Test(.timeLimit(.minutes(1))) func idleTimeRows() throws {
        // Steps of 0.1 s cannot move 9e15 s (doubles are 2 apart there).
        let large = (0...100).map { 9e15 + Double($0) }
        #expect(try IdleTimeReport.memorySize(large, lines: 1000, raw: true).split(separator: "\n").count <= 1012)
        let close = (0...100).map { 1.0 + Double($0) * 1e-9 }
        #expect(throws: ReportError.self) { try IdleTimeReport.memorySize(close, lines: 10, raw: true) }
        let fine = (0...100).map { Double($0) }
        for lines in [0, -5, 2_000_000] {
            #expect(throws: ReportError.self) { try IdleTimeReport.memorySize(fine, lines: lines, raw: true) }
        }
        #expect(try IdleTimeReport.memorySize(fine, lines: 10, raw: true).split(separator: "\n").count == 11)
        #expect(throws: ReportError.self) { try IdleTimeReport.fromPairs(["0", "inf", "100", "5"]) }
        #expect(throws: ReportError.self) { try IdleTimeReport.fromKernel(String(repeating: "1,", count: 100) + "99999999999999999999") }
    }

    /// Overlapping regions laid out by temperature past 2^63.
    @Test func temperatureLayoutBeyondTheAddressSpace() throws {
        // Two regions of 2^62-1 bytes (their sizes add up within 2^63-1,
        // as a record's must), laid out from 2^62.
        let regions = [Region(start: Self.half, end: Int.max, samples: 1, aggrIntervals: 0),
                       Region(start: Self.half, end: Int.max, samples: 2, aggrIntervals: 0)]
        #expect(RecordLimits.problem(Snapshot(startTime: .int(0), endTime: .int(1), regions: regions)) == nil)
        let records = [Record(intervals: Self.iv, targetId: TargetID(1), snapshots: Self.snapshots(regions))]
        var options = HeatmapOptions(resolution: (time: 10, addr: 10))
        options.sortTemperature = true
        options.addressRanges = [[String(Self.half), String(Int.max)]]
        #expect(throws: ReportError.self) { try HeatmapReport.maps(records, options) }
    }

    /// `--raw_number` of an access rate of 2^32-1 samples per 1 us
    /// aggregation: damo 3.4.3 prints 4294967295000000.000000 hz; the fast
    /// formatter's fraction overflowed into 15322669899384.025088.
    @Test func rawAccessRateNearTwoToThe32() throws {
        let iv = Intervals(sample: .int(1), aggr: .int(1), opsUpdate: .int(0))
        let region = Region(start: 0, end: 4096, samples: Self.u32, aggrIntervals: 0)
        var records = [Record(intervals: iv, targetId: TargetID(1), snapshots: Self.snapshots([region], count: 1))]
        AccessReport.completeUnits(&records)
        var format = AccessReportFormat()
        format.rawNumber = true
        format.resolve(style: .detailed, edits: [AccessFormatEdit(append: false, area: .region, template: "<access hz>")],
                       totalSizeOnly: false, regionBox: false, records: records)
        let sink = StringSink()
        AccessReport.render(records, format: format, to: sink)
        #expect(sink.text.contains("\n4294967295000000.000000\n"), "\(sink.text)")
    }

    /// `--raw_number` of rates near 2^32 samples: large values with
    /// decimals were cut to 64 bits in the fast formatter.
    @Test(arguments: [42_949_672_950.0, 4.294967295e11, 1.8e13, 9.0e14, 8.99e15, 123_456_789_012.345])
    func fixedFormatOfLargeValues(_ value: Double) {
        for precision in [0, 3, 6, 9] {
            #expect(PyFormat.fixed(value, precision) == PyFormat.cFormat("%.*f", Int32(precision), value))
        }
    }
}
