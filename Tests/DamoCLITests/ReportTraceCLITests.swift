import DamonEmulator
import DamoTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `damo report trace`: stored traces against damo 3.4.3's outputs
/// (Tests/Fixtures/report_trace, made by its make.sh; perf's own file
/// against the reference damo itself where it and perf are installed),
/// and live tracing of a fake tracefs tree.
@Suite struct ReportTraceCLITests {
    static let fixtures = TestPaths.fixture("report_trace")
    let tmp = TemporaryDirectory("damo-report-trace")
    var dir: String { tmp.path }

    static func cases() throws -> [(name: String, arguments: [String])] {
        try String(contentsOfFile: fixtures + "/cases.txt", encoding: .utf8).split(separator: "\n")
            .filter { !$0.hasPrefix("#") && $0.contains(":") }
            .map { line in
                let parts = line.split(separator: ":", maxSplits: 1)
                return (String(parts[0]), parts[1].split(separator: " ").map(String.init))
            }
    }

    /// trace-cmd's own files, read through `trace-cmd report`.
    static func isTraceCmdFile(_ c: (name: String, arguments: [String])) -> Bool {
        c.arguments.first?.hasSuffix(".dat") == true
    }

    static let traceCmdInstalled = ["/usr/bin/trace-cmd", "/usr/local/bin/trace-cmd"]
        .contains(where: FileManager.default.isExecutableFile)

    /// Each case's text against damo 3.4.3's (<name>.out).
    static func expectAsDamo343(_ cases: [(name: String, arguments: [String])]) throws {
        for c in cases {
            let run = try Damo.run(["report", "trace", "--input"] + c.arguments, in: fixtures)
            let expected = try String(contentsOfFile: fixtures + "/\(c.name).out", encoding: .utf8)
            #expect(run.status == 0, "\(c.name): \(run.stderr)")
            #expect(run.text == expected, "\(c.name)")
            #expect(!expected.isEmpty, "\(c.name)")
        }
    }

    @Test func storedTracesAsDamo343ShowsThem() throws {
        let cases = try Self.cases().filter { !Self.isTraceCmdFile($0) }
        #expect(cases.count >= 6)
        try Self.expectAsDamo343(cases)
    }

    /// A file trace-cmd 3.1.6 recorded in the 6.1 test guest (its
    /// `trace-cmd report` text has no flags column).
    @Test(.enabled(if: traceCmdInstalled, "trace-cmd is not installed (scripts/test.sh installs it)"))
    func traceCmdFilesAsDamo343ShowsThem() throws {
        let cases = try Self.cases().filter(Self.isTraceCmdFile)
        #expect(cases.count >= 2)
        try Self.expectAsDamo343(cases)
    }

    /// Without trace-cmd its file is one line naming what is missing; as
    /// a record (`report access`, which damo 3.4.3 does not read from it
    /// either) one line and status 1.
    @Test func traceCmdFileWithoutTraceCmdOrAsARecord() throws {
        let bin = try tmp.subdirectory("empty-bin")
        let run = try Damo.run(["report", "trace", "--input", Self.fixtures + "/trace-cmd.dat"], in: dir,
                               environment: ["PATH": bin])
        #expect(run.status == 1)
        #expect(run.stderr == "damo: \(Self.fixtures)/trace-cmd.dat is trace-cmd's file, which needs trace-cmd (not installed) to be read\n")
        let access = try Damo.run(["report", "access", "--input", Self.fixtures + "/trace-cmd.dat"], in: dir)
        #expect(access.status == 1)
        #expect(access.stderr.split(separator: "\n").count == 1, "\(access.stderr)")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: ReferenceDamo.path)
                   && ["/usr/bin/perf", "/usr/local/bin/perf"].contains(where: FileManager.default.isExecutableFile)))
    func perfsFileAsTheReferenceShowsIt() throws {
        for extra in [[], ["--max_cols", "60", "--event", "all", "--no_event", "damon:damos_esz"]] {
            let arguments = ["report", "trace", "--input", TestPaths.fixture("damon.perf.data")] + extra
            let ours = try Damo.run(arguments, in: dir)
            let theirs = try ReferenceDamo.run(arguments, in: dir)
            #expect(ours.status == 0, "\(ours.stderr)")
            #expect(ours.text == String(decoding: theirs, as: UTF8.self), "\(extra)")
            #expect(ours.text.split(separator: "\n").count > 1000)
        }
    }

    @Test func badInputsAreOneLine() throws {
        try "hello\n".write(toFile: dir + "/plain.txt", atomically: true, encoding: .utf8)
        try "damo_report_trace_output_format_version: 0\nx: 1\ndamo_report_trace_output_tracer: ftrace\n"
            .write(toFile: dir + "/tracer.txt", atomically: true, encoding: .utf8)
        try ("damo_report_trace_output_format_version: 0\nx: 1\ndamo_report_trace_output_tracer: trace-cmd\n"
            + "kdamond.0-1 [000] ..... 1.0: damon_aggregated: target_id=0 nr_regions=x 1-2: 0 0\n")
            .write(toFile: dir + "/column.txt", atomically: true, encoding: .utf8)
        let expectations = [
            (["--input", "plain.txt"], "cannot read plain.txt as perf's or trace-cmd's file or a 'report trace --output' file (no header)"),
            (["--input", "tracer.txt"], "(unsupported tracer (ftrace))"),
            (["--input", "column.txt"], "line 4: invalid nr_regions in a damon:damon_aggregated event"),
            (["--input", "missing.txt"], "cannot read missing.txt"),
            (["--input", "column.txt", "--event", "damon:nothing"], "--event: invalid choice: 'damon:nothing'"),
            (["--input", "column.txt", "--max_cols", "0"], "--max_cols must be positive"),
        ]
        for (arguments, message) in expectations {
            let run = try Damo.run(["report", "trace"] + arguments, in: dir)
            #expect(run.status != 0, "\(arguments)")
            #expect(run.stderr.contains(message), "\(arguments): \(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1, "\(arguments): \(run.stderr)")
        }
    }

    /// Live: tracefs read (a tree without instances, as damo's process
    /// cannot fill one; the instance is TracefsRecorderTests') until SIGINT, the
    /// events the kernel lacks named, the output file damo reads back,
    /// and tracefs as found afterwards.
    @Test func liveFromTracefs() throws {
        let lines = [
            "       kdamond.0-1234    [001] .....   100.100000: damon_aggregated: target_id=0 nr_regions=2 4096-8192: 0 5",
            "       kdamond.0-1234    [001] .....   100.100000: damon_aggregated: target_id=0 nr_regions=2 8192-16384: 9 1",
            "       kdamond.0-1234    [001] .....   100.200000: damos_before_apply: ctx_idx=0 scheme_idx=0 target_idx=0 nr_regions=2 4096-8192: 0 5",
        ]
        let tracefs = try FakeTracefs(root: dir + "/tracing", instances: false, pipeLines: lines)
        try FileManager.default.removeItem(atPath: dir + "/tracing/trace_clock")
        try tracefs.write("tracing_on", "0")
        func state() -> [String: String] { tracefs.state().mapValues { $0.trimmingCharacters(in: .whitespacesAndNewlines) } }
        let before = state()
        let damo = try BackgroundDamo(["report", "trace", "--output", dir + "/saved.trace"], in: dir,
                                      environment: ["DAMO_TRACEFS": dir + "/tracing"])
        #expect(damo.waitForOutput("damos_before_apply 0 0 0"))
        damo.signal(SIGINT)
        let run = damo.wait()
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr == "damo: this kernel lacks damon:damon_monitor_intervals_tune, damon:damos_esz, "
                + "damon:damos_stat_after_apply_interval, damon:damon_region_aggregated; tracing damon:damon_aggregated, "
                + "damon:damos_before_apply\n")
        #expect(run.text == """
            100.100000 kdamond.0-1234 damon:damon_aggregated 0 0/2 4.000000 KiB (4.000000 KiB) 0 5
            100.100000 kdamond.0-1234 damon:damon_aggregated 0 1/2 8.000000 KiB (8.000000 KiB) 9 1
            100.200000 kdamond.0-1234 damon:damos_before_apply 0 0 0 2 4.000000 KiB (4.000000 KiB) 0 5
            signal 2 received

            """)
        #expect(state() == before)
        // The saved trace reads back as it was shown.
        let again = try Damo.run(["report", "trace", "--input", "saved.trace"], in: dir)
        #expect(again.text + "signal 2 received\n" == run.text, "\(again.stderr)")
    }

    /// Live through `--tracer trace-cmd`: `trace-cmd stream` asked only for
    /// the events this (fake) kernel has, which are named; the main buffer
    /// the stand-in trace-cmd expanded (as enabling an event does) given
    /// back.
    @Test func liveThroughTraceCmdStream() throws {
        let tracefs = try FakeTracefs(root: dir + "/tracing", instances: false)
        try tracefs.write("buffer_size_kb", "7 (expanded: 1408)")
        let before = tracefs.state()
        let script = """
            #!/bin/bash
            [ "$*" = "stream -e damon:damon_aggregated -e damon:damos_before_apply" ] || { echo "unexpected: $*"; exit 3; }
            echo 1410 > "$DAMO_TRACEFS/buffer_size_kb"
            trap 'exit 0' INT TERM
            echo "       kdamond.0-96    [001]   120.100000: damon_aggregated:     target_id=0 nr_regions=1 4096-8192: 3 1"
            while true; do sleep 0.1; done
            """
        let path = try tmp.program("trace-cmd", script: script)
        let damo = try BackgroundDamo(["report", "trace", "--tracer", "trace-cmd"], in: dir,
                                      environment: ["PATH": path, "DAMO_TRACEFS": dir + "/tracing"])
        #expect(damo.waitForOutput("damon:damon_aggregated 0 0/1"))
        damo.signal(SIGINT)
        let run = damo.wait()
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.hasPrefix("damo: this kernel lacks damon:damon_monitor_intervals_tune, "))
        #expect(run.text == """
            120.100000 kdamond.0-96 damon:damon_aggregated 0 0/1 4.000000 KiB (4.000000 KiB) 3 1
            signal 2 received

            """)
        #expect(tracefs.state()["buffer_size_kb"]?.hasPrefix("7") == true)
        #expect(tracefs.state().filter { $0.key != "buffer_size_kb" } == before.filter { $0.key != "buffer_size_kb" })
    }

    /// A trace-cmd that does not end on SIGINT (as `trace-cmd stream`'s
    /// parent alone did on Linux 6.1, and the whole group often does) and
    /// leaves its events enabled: damo kills it after 5 s without progress,
    /// says so in one line, and puts tracefs back as found.  A stream
    /// writes no file, so the kill loses nothing and the exit is damo's
    /// usual one after SIGINT.
    @Test func stuckTraceCmdIsKilledAndTracefsPutBack() throws {
        let tracefs = try FakeTracefs(root: dir + "/tracing", instances: false)
        try tracefs.write("buffer_size_kb", "7 (expanded: 1408)")
        try tracefs.write("tracing_on", "0")
        let before = tracefs.state()
        let script = """
            #!/bin/bash
            trap '' INT
            t=$DAMO_TRACEFS
            echo 1410 > $t/buffer_size_kb; echo 1 > $t/tracing_on
            echo 1 > $t/events/damon/damon_aggregated/enable; echo 1 > $t/events/damon/damos_before_apply/enable
            echo "       kdamond.0-96    [001]   120.100000: damon_aggregated:     target_id=0 nr_regions=1 4096-8192: 3 1"
            exec sleep 600
            """
        let path = try tmp.program("trace-cmd", script: script)
        let damo = try BackgroundDamo(["report", "trace", "--tracer", "trace-cmd"], in: dir,
                                      environment: ["PATH": path, "DAMO_TRACEFS": dir + "/tracing"])
        #expect(damo.waitForOutput("damon:damon_aggregated 0 0/1"))
        let start = Date()
        damo.signal(SIGINT)
        let run = damo.wait()
        #expect(Date().timeIntervalSince(start) < 20)
        #expect(run.status == 0)
        #expect(run.stderr.hasSuffix("\ndamo: trace-cmd did not end after SIGINT (5.0 seconds without progress); it was killed\n"),
                "\(run.stderr)")
        #expect(run.text.hasPrefix("120.100000 kdamond.0-96 damon:damon_aggregated 0 0/1 "))
        #expect(run.text.hasSuffix("\nsignal 2 received\n"))
        // (the size's "(expanded: N)" note is the kernel's, which damo cannot write)
        func settings(_ state: [String: String]) -> [String: String] {
            state.mapValues { String($0.split(separator: " ").first ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        }
        #expect(settings(tracefs.state()) == settings(before))
    }

    /// Live through `--tracer perf`: `perf trace --libtraceevent_print`'s
    /// lines (a stand-in perf that prints them until SIGINT).
    @Test func liveThroughPerfTrace() throws {
        let script = """
            #!/bin/bash
            [ "$1 $2" = "trace --libtraceevent_print" ] || { echo "unexpected: $*" >&2; exit 3; }
            trap 'exit 0' INT TERM
            echo "3373.653 kdamond.0/764 damon:damon_aggregated(target_id=0 nr_regions=1 8344580096-8371830784: 0 33)"
            echo "3373.700 kdamond.0/764 damon:damos_esz(ctx_idx=0 scheme_idx=0 esz=4096)"
            while true; do sleep 0.1; done
            """
        let path = try tmp.program("perf", script: script)
        let damo = try BackgroundDamo(["report", "trace", "--tracer", "perf", "--no_event", "damon:damos_esz"], in: dir,
                                      environment: ["PATH": path])
        #expect(damo.waitForOutput("damon:damon_aggregated 0 0/1"))
        damo.signal(SIGINT)
        let run = damo.wait()
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.text == """
            3373.653 kdamond.0/764 damon:damon_aggregated 0 0/1 7.771496 GiB (25.988281 MiB) 0 33
            signal 2 received

            """)
    }
}
