import Foundation
import Testing
import DamonEmulator
@testable import DamonKernel
import DamonModel
import DamonRecords

/// The tracefs recorder against a fake tracefs tree: the instance it
/// works in, the main buffer where there are no instances, the lines it
/// keeps, and tracefs put back as found on every way out.
@Suite struct TracefsRecorderTests {
    let dir = NSTemporaryDirectory() + "damo-tracefs-\(UUID().uuidString)"
    var root: String { dir + "/tracing" }
    var output: String { dir + "/out.trace" }

    /// trace_pipe lines as Linux 6.1 prints them (4 flag columns) and a
    /// newer kernel (5), with a comm of two words and a lost-events note.
    static let pipeLines = [
        "       kdamond.0-1234    [001] ....   100.100000: damon_aggregated: target_id=0 nr_regions=2 4096-8192: 0 5",
        "       kdamond.0-1234    [001] ....   100.100000: damon_aggregated: target_id=0 nr_regions=2 8192-16384: 9 1",
        "CPU:1 [LOST 7 EVENTS]",
        "  my worker-1234    [001] .....   100.200000: damon_aggregated: target_id=0 nr_regions=2 4096-8192: 1 6",
        "  my worker-1234    [001] .....   100.200000: damon_aggregated: target_id=0 nr_regions=2 8192-16384: 8 2",
    ]

    func cleanUp() { try? FileManager.default.removeItem(atPath: dir) }

    @Test func recordsInAnInstanceAndRemovesIt() throws {
        defer { cleanUp() }
        let fs = try FakeTracefs(root: root, pipeLines: Self.pipeLines)
        let before = fs.state()
        let recorder = try TracefsRecorder(fs: fs, events: ["damon:damon_aggregated"], output: output, instance: "damo-t")
        // Enabled in the instance only; the main buffer untouched.
        #expect(try fs.read("instances/damo-t/events/damon/damon_aggregated/enable") == "1")
        #expect(try TracefsSettings.selected(fs.read("instances/damo-t/trace_clock")) == "mono")
        #expect(try fs.read("events/damon/damon_aggregated/enable") == "0")
        try recorder.drain()
        #expect(recorder.stop() == [])
        #expect(recorder.lines == 4)
        #expect(recorder.lostEvents == 7)
        #expect(fs.state() == before)
        let text = try String(contentsOfFile: output, encoding: .utf8)
        #expect(!text.contains("LOST"))
        // The kept lines are trace text the record parser reads.
        let records = try RecordFile.read(bytes: Array(text.utf8), name: "t")
        #expect(records.count == 1)
        #expect(records[0].snapshots.count == 2)
        #expect(records[0].snapshots[1].regions.map(\.samples) == [1, 8])
    }

    @Test func mainBufferSettingsGoBackAsFound() throws {
        defer { cleanUp() }
        let fs = try FakeTracefs(root: root, instances: false, pipeLines: Self.pipeLines)
        try fs.write("tracing_on", "0")
        let before = fs.state()
        let recorder = try TracefsRecorder(fs: fs, events: ["damon:damon_aggregated", "damon:damos_before_apply"],
                                           output: output, instance: "damo-t")
        #expect(try fs.read("tracing_on") == "1")
        #expect(try fs.read("events/damon/damos_before_apply/enable") == "1")
        #expect(recorder.stop() == [])
        #expect(fs.state() == before)
    }

    @Test func aFailedStartPutsBackWhatItChanged() throws {
        defer { cleanUp() }
        let fs = try FakeTracefs(root: root, instances: false)
        let before = fs.state()
        fs.failing = ["events/damon/damos_before_apply/enable"]
        #expect {
            try TracefsRecorder(fs: fs, events: ["damon:damon_aggregated", "damon:damos_before_apply"],
                                output: output, instance: "damo-t")
        } throws: { "\($0)".contains("damos_before_apply/enable") && "\($0)".contains("busy") }
        #expect(fs.state() == before)
        // In an instance: removed again.
        let withInstances = try FakeTracefs(root: dir + "/t2")
        let before2 = withInstances.state()
        withInstances.failing = ["instances/damo-t/events/damon/damon_aggregated/enable"]
        #expect(throws: DamonFSError.self) {
            try TracefsRecorder(fs: withInstances, events: ["damon:damon_aggregated"], output: output, instance: "damo-t")
        }
        #expect(withInstances.state() == before2)
    }

    @Test func aMissingEventIsNamed() throws {
        defer { cleanUp() }
        let fs = try FakeTracefs(root: root, events: ["damon_aggregated"])
        let before = fs.state()
        #expect {
            try TracefsRecorder(fs: fs, events: ["damon:damos_before_apply"], output: output, instance: "damo-t")
        } throws: { "\($0)" == "\(root) has no damon:damos_before_apply event (this kernel does not trace it)" }
        #expect(fs.state() == before)
        #expect(Tracefs.availableDamonEvents(fs) == ["damon:damon_aggregated"])
    }

    /// Linux allocates the main buffer on the first event enabled, in an
    /// instance too; its size goes back to what it was ("expanded" stays,
    /// as the kernel keeps that flag).
    @Test func theMainBufferTheKernelAllocatedIsGivenBack() throws {
        defer { cleanUp() }
        let fs = try FakeTracefs(root: root)
        try "7 (expanded: 1408)\n".write(toFile: root + "/buffer_size_kb", atomically: false, encoding: .utf8)
        let recorder = try TracefsRecorder(fs: fs, events: ["damon:damon_aggregated"], output: output, instance: "i")
        #expect(try fs.read("buffer_size_kb") == "1408")
        #expect(recorder.stop() == [])
        #expect(try fs.read("buffer_size_kb") == "7")
    }

    @Test func aFailedRestoreIsTold() throws {
        defer { cleanUp() }
        let fs = try FakeTracefs(root: root, instances: false)
        let recorder = try TracefsRecorder(fs: fs, events: ["damon:damon_aggregated"], output: output, instance: "x")
        fs.failing = ["events/damon/damon_aggregated/enable"]
        let problems = recorder.stop()
        #expect(problems.count == 1 && problems[0].contains("damon_aggregated/enable"), "\(problems)")
    }

    @Test func locatesTracefsUnderARoot() throws {
        defer { cleanUp() }
        #expect(Tracefs.locate(sysRoot: dir) == nil)
        _ = try FakeTracefs(root: dir + "/kernel/debug/tracing")
        #expect(Tracefs.locate(sysRoot: dir) == dir + "/kernel/debug/tracing")
        _ = try FakeTracefs(root: dir + "/kernel/tracing")
        #expect(Tracefs.locate(sysRoot: dir + "/") == dir + "/kernel/tracing")
        #expect(TracefsSettings.selected("[local] global mono") == "local")
    }
}
