import Testing
@testable import DamonModel
@testable import DamoReports

/// `report attrs`' parsers and formatters on small inputs; the whole
/// reports are golden-tested against damo 3.4.3 (AttrsCLITests).
@Suite struct AttrsReportTests {
    static let intervals = Intervals(sample: .int(5000), aggr: .int(100_000))
    static let probes = [
        DamonProbe(filters: [DamonProbeFilter(filterType: .anon, allow: true)], weight: 10),
        DamonProbe(filters: [DamonProbeFilter(filterType: .memcg, matching: false, path: "/workload")], weight: 1),
    ]

    static func region(_ start: Int, _ size: Int, hits: [Int], age: Int) -> Region {
        var r = Region(start: start, end: start + size, samples: 0, aggrIntervals: age, probeHits: hits)
        r.addUnsetUnits(intervals, maxSamples: intervals.aggr / intervals.sample)
        return r
    }

    @Test func sortPassesTakeReverseAfterAKey() throws {
        let passes = try AttrsReportFormat.sortPasses(["size", "age", "reverse", "probe_hits_wsum"]).get()
        #expect(passes.map(\.key) == [.size, .age, .probeHitsWsum])
        #expect(passes.map(\.descending) == [false, true, false])
        #expect(throws: ReportError.self) { try AttrsReportFormat.sortPasses(["reverse"]).get() }
        #expect(throws: ReportError.self) { try AttrsReportFormat.sortPasses(["age", "reverse", "reverse"]).get() }
        #expect(throws: ReportError.self) { try AttrsReportFormat.sortPasses(["access_rate"]).get() }
    }

    @Test func temperatureWeighsProbeHitsAndIsNegativeWithoutHits() {
        let weights = [Int](Self.probes.map(\.weight))
        let hot = Self.region(0, 4096, hits: [3, 2], age: 5)
        // (3 * 10 + 2 * 1) * 100 + 500 ms * 100 + size * 0
        #expect(AttrsMetrics.hitsWsum(hot, weights) == .int(32))
        #expect(AttrsMetrics.temperature(hot, weights, AttrsReportFormat.defaultWeights) == .int(3200 + 50_000_000))
        let cold = Self.region(4096, 8192, hits: [0, 0], age: 40)
        #expect(AttrsMetrics.temperature(cold, weights, [.int(1), .int(1), .int(1)]) == .int(-(4_000_000 + 8192)))
        #expect(AttrsMetrics.idleTime(hot, aggrUs: .int(100_000)) == .int(0))
        #expect(AttrsMetrics.idleTime(cold, aggrUs: .int(100_000)) == .int(4_100_000))
    }

    @Test func sortingIsStableAndPerPass() {
        let regions = [Self.region(0, 2, hits: [1, 0], age: 1), Self.region(2, 1, hits: [0, 5], age: 1),
                       Self.region(3, 2, hits: [0, 0], age: 9)]
        var format = AttrsReportFormat()
        format.sortBy = [(.size, true), (.probeHitsWsum, false)]
        let sorted = AttrsMetrics.sorted(regions, format, Self.probes.map(\.weight))
        #expect(sorted.map(\.start) == [3, 2, 0])
    }

    @Test func probesAreDescribedAsDamoDoes() {
        #expect(AttrsKeywords.probesText([], raw: false) == "No probe")
        #expect(AttrsKeywords.probesText([Self.probes[0]], raw: false) == "probe allow anon (weight: 10)")
        #expect(AttrsKeywords.probesText(Self.probes, raw: false)
                == "probes\n- allow anon (weight: 10)\n- reject non memcg /workload (weight: 1)")
    }

    @Test func legendFollowsMinimumWidths() {
        var format = AttrsReportFormat()
        #expect(format.legendLine(false) == "#   size         address       age           probe_hits")
        #expect(format.legendLine(true) == "#   size         address       df-passed    age           probe_hits")
        // The first width of a keyword counts, as in damo.
        format.base.minChars.insert(("<size>", 4), at: 0)
        #expect(format.legendLine(false) == "#   size  address       age           probe_hits")
    }

    @Test func rawFormListsProbeHits() {
        let record = Record(intervals: Self.intervals, targetId: TargetID(0), snapshots: [
            Snapshot(startTime: .int(1_000_000_000), endTime: .int(1_100_000_000),
                     regions: [Self.region(4096, 4096, hits: [3, 0], age: 10), Self.region(1 << 20, 1 << 20, hits: [], age: 0)]),
        ])
        let sink = StringSink()
        AttrsReport.renderRaw([record], rawNumber: false, to: sink)
        #expect(sink.text == """
            base_time_absolute: 1 s
            data source: unknown

            monitoring_start:                0 ns
            monitoring_end:                100 ms
            monitoring_duration:           100 ms
            target_id: 0
            nr_regions: 2
            # start_addr     end_addr        length    age probe_hits
            000000001000-000000002000 (   4.000 KiB)    10 3 0
            000000100000-000000200000 (1024.000 KiB)     0 \n

            """)
    }

    @Test func recordsWithoutParametersForTheirHitsAreRefused() {
        let record = Record(kdamondIdx: 0, contextIdx: 1, intervals: Self.intervals, snapshots: [
            Snapshot(startTime: .int(0), endTime: .int(1), regions: [Self.region(0, 4096, hits: [1, 1, 1], age: 1)]),
        ])
        let context = DamonContext(probes: Self.probes)
        let noContext = AttrsRecords(kdamonds: [Kdamond(contexts: [context])], records: [record], source: "p")
        #expect(throws: ReportError.self) { try AttrsReport.check([noContext]) }
        let fewProbes = AttrsRecords(kdamonds: [Kdamond(contexts: [context, context])], records: [record], source: "p")
        #expect(throws: ReportError.self) { try AttrsReport.check([fewProbes]) }
        var fitting = fewProbes
        fitting.kdamonds[0].contexts[1].probes.append(Self.probes[0])
        #expect(throws: Never.self) { try AttrsReport.check([fitting]) }
    }
}
