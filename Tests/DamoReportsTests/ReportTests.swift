import Testing
@testable import DamonModel
@testable import DamoReports

/// Report renderers on small records; expected text from damo 3.4.3.
@Suite struct ReportTests {
    func record(intervals: Intervals? = nil) -> Record {
        Record(intervals: intervals, targetId: TargetID(42), snapshots: (0..<30).map { i in
            Snapshot(startTime: PyNum(i * 100), endTime: PyNum(i * 100 + 100), regions: [
                Region(start: 4096, end: 8192, samples: i % 5, aggrIntervals: 1),
                Region(start: 8192, end: 8192 + (i + 1) * 4096, samples: 1, aggrIntervals: 2),
                Region(start: 1 << 20, end: (1 << 20) + 4096, samples: 0, aggrIntervals: 3),
            ])
        })
    }

    @Test func rawFormLayout() {
        let sink = StringSink()
        let one = Record(targetId: TargetID(7), snapshots: [Snapshot(startTime: .int(1_000_000_000), endTime: .int(1_100_000_000), regions: [
            Region(start: 0x1000, end: 0x3000, samples: 3, aggrIntervals: nil),
        ])])
        RawFormReport.render([one], rawNumber: false, to: sink)
        // pr_records_raw_form() of damo 3.4.3 for the same record:
        let expected = "base_time_absolute: 1 s\ndata source: unknown\n\nmonitoring_start:                0 ns\n"
            + "monitoring_end:                100 ms\nmonitoring_duration:           100 ms\ntarget_id: 7\n"
            + "nr_regions: 1\n# start_addr     end_addr        length  nr_accesses   age\n"
            + "000000001000-000000003000 (   8.000 KiB)           3    -1\n\n"
        #expect(sink.text == expected)
    }

    @Test func nrRegionsSkipsTheFirstTwentySnapshots() throws {
        let text = try NrRegionsReport.text([record()], percentiles: [0, 50, 100], sorted: true)
        #expect(text == "# <percentile> <# regions>\n# target_id\t42\n# avr:\t3\n0\t3\n50\t3\n100\t3")
    }

    @Test func wssDistribution() throws {
        let dists = try WSSReport.distributions([record()], accessThreshold: 1, sizeThreshold: 1, sorted: true, collapse: true)
        #expect(dists.count == 1 && dists[0].0 == "0")
        #expect(dists[0].1.first == 4096 && dists[0].1.last == 4096 + 30 * 4096)
        let text = try DistReport.text(metric: "wss", values: [4096, 8192], percentiles: [0, 50, 100], all: false,
                                   rawNumber: false, barColumns: 4)
        #expect(text == """
            # <percentile> <wss>
            # avr:\t6.000 KiB
              0       4.000 KiB |**  |
             50       8.000 KiB |****|
            100       8.000 KiB |****|
            """)
    }

    /// A long record's per-snapshot lists are moved through sorting and
    /// collapsing, not copied (each copy would be 8 bytes a snapshot more
    /// of peak memory): the result is the first list's own buffer.
    @Test func wssDistributionsMoveTheirLists() throws {
        func address(_ list: [Int]) -> UInt { list.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) } }
        for sorted in [false, true] {
            let first = (0..<5000).map { ($0 * 7919) % 5000 }
            // Shorter, so that the sums fit in the first list's buffer.
            let second = Array(repeating: 1, count: 4000)
            let firstAddress = address(first)
            let expected = (sorted ? first.sorted() : first).enumerated().map { $0.offset < 4000 ? $0.element + 1 : $0.element }
            let dists = try WSSReport.distributions([("1", consume first), ("2", second)], sorted: sorted, collapse: true)
            #expect(dists.count == 1 && dists[0].1 == expected)
            #expect(address(dists[0].1) == firstAddress)
        }
    }

    @Test func timesJoinsContiguousSnapshots() {
        let r = Record(snapshots: [
            Snapshot(startTime: .int(1_000_000_000), endTime: .int(2_000_000_000), regions: [Region(start: 0, end: 1)]),
            Snapshot(startTime: .int(2_000_000_000), endTime: .int(3_000_000_000), regions: [Region(start: 0, end: 1)]),
            Snapshot(startTime: .int(3_000_000_000), endTime: .int(4_000_000_000), regions: []),
            Snapshot(startTime: .int(5_000_000_000), endTime: .int(6_500_000_000), regions: [Region(start: 0, end: 1)]),
        ])
        #expect(TimesReport.text([r]) == "1.000000-3.000000\n# (seconds)\n5.000000-6.500000\n# (seconds)")
    }

    @Test func guideFindsContiguousRangesAndHottest() throws {
        let guides = RecordGuide.of([record()])
        let g = try #require(guides.first)
        #expect(g.ranges.map { [$0.start, $0.end] } == [[4096, 8192 + 30 * 4096], [1 << 20, (1 << 20) + 4096]])
        #expect(g.hottest?.start == 4096)
        #expect(g.text(raw: true).hasPrefix("kdamond_idx: 0\ncontext_idx: 0\ntarget_id: 42\ntime: [0, 3000) (3000)"))
    }

    @Test func heatmapOfSamplesWithoutIntervals() throws {
        var options = HeatmapOptions(resolution: (time: 3, addr: 2))
        options.addressRanges = [["4096", "12288"]]
        let maps = try HeatmapReport.maps([record()], options)
        let map = try #require(maps.first).heatmap
        #expect(map.heatUnit == "samples")
        let sink = StringSink()
        map.rawText(absoluteTime: false, absoluteAddr: false, to: sink)
        // Rows of 1000 ns, columns of 4 KiB; the first column averages
        // samples 0..4 of the first region over each row's ten snapshots.
        // heatmap_from_records() of damo 3.4.3 gives exactly this.
        #expect(sink.text == "0\t0\t2.0\n0\t4096\t1.0\n1000\t0\t2.0\n1000\t4096\t1.0\n2000\t0\t2.0\n2000\t4096\t1.0")
        #expect(map.asciiText(colorset: .gray, showColorset: false).contains("# resolution: 2x3"))
    }

    @Test func colorsetSamples() {
        #expect(AsciiColorset.gray.start(0) == "\u{1b}[48;5;232m\u{1b}[38;5;237m")
        #expect(AsciiColorset.flame.samples.hasSuffix("9\u{1b}[0m"))
    }
}
