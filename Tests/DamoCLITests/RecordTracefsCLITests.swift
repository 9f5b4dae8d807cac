import DamonEmulator
import DamoTestSupport
import Foundation
import Testing

/// `damo record` on a kernel without tried regions (the emulated 6.1) and
/// without perf: DAMON's tracepoint read from tracefs (a fake tree given
/// by DAMO_TRACEFS), which is left as found; a tracefs giving nothing or
/// text that is not DAMON's is an error naming it.
@Suite struct RecordTracefsCLITests {
    let tmp = TemporaryDirectory("damo-record-tracefs")
    var dir: String { tmp.path }
    var tracing: String { dir + "/tracing" }

    static let lines = (0..<10).flatMap { t in
        ["1048576-2097152: 0 5", "2097152-3145728: 18 2", "3145728-67108864: 1 9"].map {
            "       kdamond.0-4452    [000] ....   \(100 + t).000000: damon_aggregated: target_id=42 nr_regions=3 \($0)"
        }
    }

    /// A tracefs tree without instances (so the main buffer's settings are
    /// written and put back) and without trace_clock.
    func fakeTracefs(_ pipe: [String]) throws -> FakeTracefs {
        let fs = try FakeTracefs(root: tracing, instances: false, pipeLines: pipe)
        try FileManager.default.removeItem(atPath: tracing + "/trace_clock")
        try fs.write("tracing_on", "0")
        return fs
    }

    func trimmed(_ state: [String: String]) -> [String: String] {
        state.mapValues { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    func record(_ kernel: EmulatedKernel, _ extra: [String] = []) throws -> DamoRun {
        try Damo.run(["record", "--interface_root", kernel.root, "--timeout", "1.5", "--do_record", "access"] + extra,
                     in: dir, environment: ["PATH": "/nonexistent", "DAMO_TRACEFS": tracing])
    }

    func emulated61() throws -> EmulatedKernel {
        let kernel = try EmulatedKernel(.v6_1)
        try kernel.startPaddr(start: 1 << 20, end: 64 << 20, regions: [])
        return kernel
    }

    @Test func withoutPerfTheTracepointIsReadFromTracefs() throws {
        let kernel = try emulated61()
        let fs = try fakeTracefs(Self.lines)
        let before = trimmed(fs.state())
        let run = try record(kernel)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.text.contains("perf ('perf') is not installed; recording DAMON's tracepoints from tracefs (\(tracing))"),
                "\(run.text)")
        #expect(trimmed(fs.state()) == before)
        let raw = try Damo.run(["report", "access", "--raw_form", "--input", dir + "/damon.data"], in: dir)
        #expect(raw.status == 0, "\(raw.stderr)")
        #expect(raw.text.contains("target_id: 42"), "\(raw.text)")
        #expect(raw.text.contains("000000200000-000000300000"))
        // Asked for by name too, and the raw text kept with damon_trace_events.
        let named = try record(kernel, ["--damon_tracer", "tracefs", "-o", "named.data", "--do_record", "access",
                                        "damon_trace_events"])
        #expect(named.status == 0, "\(named.stderr)")
        #expect(!named.text.contains("not installed"))
        let kept = try String(contentsOfFile: dir + "/named.data.trace", encoding: .utf8)
        #expect(kept.split(separator: "\n").count == Self.lines.count)
        #expect(trimmed(fs.state()) == before)
    }

    @Test func aTracefsThatGivesNothingIsAnError() throws {
        let kernel = try emulated61()
        let fs = try fakeTracefs([])
        let before = trimmed(fs.state())
        let run = try record(kernel)
        #expect(run.status == 1)
        #expect(run.stderr.contains("tracefs recorded no DAMON event in"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/damon.data"))
        #expect(trimmed(fs.state()) == before)
    }

    @Test func unreadableTracefsTextIsAnErrorNamingIt() throws {
        let kernel = try emulated61()
        let fs = try fakeTracefs([
            "       kdamond.0-4452    [000] ....   100.000000: damon_aggregated: target_id=42 nr_regions=3 1048576-2097152: x 5",
        ])
        let before = trimmed(fs.state())
        let run = try record(kernel)
        #expect(run.status == 1)
        #expect(run.stderr.contains("reading what tracefs recorded failed") && run.stderr.contains("nr_accesses"),
                "\(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/damon.data"))
        #expect(trimmed(fs.state()) == before)
    }

    /// A trace-cmd that does not end on SIGINT, with its events enabled
    /// and a partial file: killed after 5 s without progress, its file
    /// dropped (no record, an error naming it), tracefs put back.
    @Test func aStuckTraceCmdIsKilledAndItsPartialFileDropped() throws {
        let kernel = try emulated61()
        let fs = try fakeTracefs([])
        let before = trimmed(fs.state())
        let script = """
            #!/bin/bash
            [ "$1 $2 $3 $4" = "record -C mono -o" ] || { echo "unexpected: $*"; exit 3; }
            trap '' INT
            echo 1 > $DAMO_TRACEFS/tracing_on; echo 1 > $DAMO_TRACEFS/events/damon/damon_aggregated/enable
            echo partial > "$5"; echo partial > "$5.cpu0"
            exec sleep 600
            """
        let path = try tmp.program("trace-cmd", script: script)
        let run = try Damo.run(["record", "--interface_root", kernel.root, "--timeout", "1", "--do_record", "access",
                                "--damon_tracer", "trace-cmd"],
                               in: dir, environment: ["PATH": path, "DAMO_TRACEFS": tracing])
        #expect(run.status == 1)
        #expect(run.stderr.contains("trace-cmd failed: it did not end after SIGINT (5.0 seconds without progress); it was killed and its output dropped"),
                "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/damon.data"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(".") } == [])
        #expect(trimmed(fs.state()) == before)
    }

    @Test func tracerChoicesAreChecked() throws {
        let kernel = try emulated61()
        let bogus = try record(kernel, ["--damon_tracer", "ftrace"])
        #expect(bogus.status != 0)
        #expect(bogus.stderr.contains("--damon_tracer must be one of perf, trace-cmd, tracefs ('ftrace' given)"), "\(bogus.stderr)")
        let perfData = try record(kernel, ["--damon_tracer", "tracefs", "--output_type", "perf_data"])
        #expect(perfData.status != 0)
        #expect(perfData.stderr.contains("--output_type perf_data needs --damon_tracer perf"), "\(perfData.stderr)")
        let traceCmd = try record(kernel, ["--damon_tracer", "trace-cmd"])
        #expect(traceCmd.status != 0)
        #expect(traceCmd.stderr.contains("--damon_tracer (trace-cmd) is unavailable"), "\(traceCmd.stderr)")
        // No tracefs beside an emulated root: said, nothing recorded.
        let none = try Damo.run(["record", "--interface_root", kernel.root, "--timeout", "1", "--do_record", "access"],
                                in: dir, environment: ["PATH": "/nonexistent"])
        #expect(none.status == 1)
        #expect(none.stderr.contains("tracefs, which records DAMON's tracepoints without perf, is not mounted"), "\(none.stderr)")
    }
}
