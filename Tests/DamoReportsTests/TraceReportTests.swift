import Testing
@testable import DamonModel
@testable import DamoReports

/// `report trace`'s line parsing (perf script, perf trace, trace-cmd and
/// trace_pipe columns), value formats and wrapping; expected text as
/// damo 3.4.3 prints the same lines.
@Suite struct TraceReportTests {
    static let all = ["damon:damon_aggregated", "damon:damos_before_apply", "damon:damon_monitor_intervals_tune",
                      "damon:damos_esz", "damon:damos_stat_after_apply_interval", "damon:damon_region_aggregated"]

    func render(_ source: TraceReport.Source, _ lines: [String], maxCols: Int = 100, raw: Bool = false) throws -> [String] {
        var report = TraceReport(source: source, events: Self.all, maxCols: maxCols, raw: raw)
        return try lines.flatMap { try report.render(Substring($0)) }
    }

    @Test func perfTraceLines() throws {
        let out = try render(.perfTrace, [
            "3373.653 kthreadd/129062 damon:damon_aggregated(target_id=0 nr_regions=2 8344580096-8371830784: 0 33)",
            "3373.753 kthreadd/129062 damon:damon_aggregated(target_id=0 nr_regions=2 8371830784-8371834880: 2 1)",
        ])
        #expect(out == [
            "3373.653 kthreadd/129062 damon:damon_aggregated 0 0/2 7.771496 GiB (25.988281 MiB) 0 33",
            "3373.753 kthreadd/129062 damon:damon_aggregated 0 1/2 7.796875 GiB (4.000000 KiB) 2 1",
        ])
    }

    @Test func traceCmdLinesWithAndWithoutFlags() throws {
        let out = try render(.traceCmd, [
            "cpus=2",
            "kdamond.0-129062 [005] ..... 101005.778382: damon_aggregated:     target_id=0 nr_regions=11 8360624128-8371830784: 0 974",
            "<...>-129062 [000] 101029.459185: damon_aggregated:     target_id=0 nr_regions=11 8335224832-8371830784: 0 560",
            "kdamond.0-1 [001] ..... 102.4: damos_esz: ctx_idx=0 scheme_idx=0 esz=123456",
            "kdamond.0-1 [001] ..... 102.7: sched_switch: prev=a next=b",
        ])
        #expect(out == [
            "101005.778382 kdamond.0-129062 damon:damon_aggregated 0 0/11 7.786438 GiB (10.687500 MiB) 0 974",
            "101029.459185 <...>-129062 damon:damon_aggregated 0 1/11 7.762783 GiB (34.910156 MiB) 0 560",
            "102.4 kdamond.0-1 damon:damos_esz ctx_idx=0 scheme_idx=0 esz=123456",
        ])
    }

    @Test func schemeEvents() throws {
        let out = try render(.perfScript, [
            "kdamond.0 1 [001] 102.1: damon:damos_stat_after_apply_interval: ctx_idx=0 scheme_idx=1 nr_tried=1 sz_tried=2 nr_applied=3 sz_applied=4",
            "kdamond.0 1 [001] 102.5: damon:damon_region_aggregated: target_id=0 nr_regions=1 4096-8192: 3 4 probe_hits=0a 1f",
            "kdamond.0 1 [001] 102.6: damon:damon_region_aggregated: target_id=0 nr_regions=1 4096-8192: 3 4 probe_hits=",
        ])
        #expect(out == [
            "102.1 kdamond.0/1 damon:damos_stat_after_apply_interval 0 1 1 2 B 3 4 B -1 B -1 -1",
            "102.5 kdamond.0/1 damon:damon_region_aggregated 0 0/1 4.000000 KiB (4.000000 KiB) 3 4 10 31",
            "102.6 kdamond.0/1 damon:damon_region_aggregated 0 0/1 4.000000 KiB (4.000000 KiB) 3 4 ",
        ])
    }

    @Test func rawLinesComeFirst() throws {
        let line = "kdamond.0 1 [001] 102.4: damon:damos_esz: ctx_idx=0 esz=1"
        #expect(try render(.perfScript, [line], raw: true) == [line, "102.4 kdamond.0/1 damon:damos_esz ctx_idx=0 esz=1"])
    }

    @Test func badValuesNameTheLineAndEvent() throws {
        #expect {
            try render(.perfScript, ["", "kdamond.0 1 [001] 1.0: damon:damos_before_apply: ctx_idx=0 scheme_idx=x"])
        } throws: { "\($0)" == "line 2: invalid scheme_idx in a damon:damos_before_apply event" }
        #expect(throws: ReportError.self) {
            try render(.traceCmd, ["k-1 [0] 1.0: damon_region_aggregated: target_id=0 nr_regions=1 1-2: 3 4 probe_hits=zz"])
        }
    }

    /// damo's wrapping, its quirks included: later lines start with three
    /// spaces, and a word longer than a line is printed alone and again.
    @Test func wrapping() {
        #expect(TraceReport.wrapped("a b c", maxCols: 5) == ["a b c"])
        #expect(TraceReport.wrapped("aaa bbb ccc ddd", maxCols: 8) == ["aaa bbb", "   ccc", "   ddd"])
        #expect(TraceReport.wrapped("abcdefghij k", maxCols: 4) == ["abcdefghij", "   abcdefghij", "   k"])
    }
}
