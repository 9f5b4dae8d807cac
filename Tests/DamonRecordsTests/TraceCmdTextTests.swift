import Testing
@testable import DamonModel
@testable import DamonRecords

/// `trace-cmd report` text as `record --damon_tracer trace-cmd` reads it:
/// trace-cmd 3.1's layout (a latency flags column before the time stamp)
/// and 3.2's (without it, which made damo write empty records) give the
/// same records; its header and empty-CPU lines are skipped, lost events
/// are an error naming trace-cmd.
@Suite struct TraceCmdTextTests {
    /// Two snapshots of two regions of target 0, in trace-cmd 3.1's layout.
    static let layout31 = """
        version = 6
        cpus=2
        CPU 0 is empty
               kdamond.0-96    [001] .....   120.100000: damon_aggregated:     target_id=0 nr_regions=2 4096-8192: 3 1
               kdamond.0-96    [001] .....   120.100001: damon_aggregated:     target_id=0 nr_regions=2 8192-16384: 0 7
               kdamond.0-96    [001] .....   120.200000: damon_aggregated:     target_id=0 nr_regions=2 4096-12288: 20 2
               kdamond.0-96    [001] .....   120.200001: damon_aggregated:     target_id=0 nr_regions=2 12288-16384: 0 8

        """

    /// The same events as trace-cmd 3.2 prints them: no flags column.
    static var layout32: String {
        layout31.replacingOccurrences(of: "[001] .....   ", with: "[001]   ")
    }

    func read(_ text: String) throws -> [Record] {
        let dir = TempDir()
        let path = dir.file("trace-cmd-report.txt")
        try writeText(text, path)
        return try RecordFile.read(path: path)
    }

    @Test func bothLayoutsGiveTheSameRecords() throws {
        #expect(Self.layout32 != Self.layout31)
        #expect(!Self.layout32.contains("....."))
        for text in [Self.layout31, Self.layout32] {
            let records = try read(text)
            #expect(records.count == 1)
            let snapshots = records.first?.snapshots ?? []
            #expect(snapshots.map { $0.regions.map(\.start) } == [[4096, 8192], [4096, 12288]])
            #expect(snapshots.map { $0.regions.map(\.samples) } == [[3, 0], [20, 0]])
            #expect(snapshots.map { $0.regions.map(\.aggrIntervals) } == [[1, 7], [2, 8]])
            #expect(snapshots.map(\.endTime) == [.int(120_100_000_000), .int(120_200_000_000)])
        }
    }

    /// Only the exact "CPU N is empty" line is a header: anything else of
    /// that look is not trace text.
    @Test func emptyCPULinesOnlyAsTraceCmdPrintsThem() throws {
        let dir = TempDir()
        let path = dir.file("trace")
        try writeText(Self.layout31.replacingOccurrences(of: "CPU 0 is empty", with: "CPU zero is empty"), path)
        #expect(expectRecordFileError(path) == "\(path): line 3: not a trace event line (perf script or trace-cmd report text)")
    }

    @Test func lostEventsAreAnErrorNamingTraceCmd() throws {
        let dir = TempDir()
        let path = dir.file("trace")
        var lines = Self.layout32.split(separator: "\n", omittingEmptySubsequences: false)
        lines.insert("CPU:1 [12 EVENTS DROPPED]", at: 5)
        try writeText(lines.joined(separator: "\n"), path)
        #expect(expectRecordFileError(path) == "\(path): line 6: trace-cmd lost events here (CPU:1 [12 EVENTS DROPPED])")
    }
}
