import DamoTestSupport
import Foundation
import Testing

/// Trace text (perf script, trace-cmd report) read a snapshot at a time,
/// in passes: what python damo 3.4.3 reads from the same text, whatever
/// the targets' interleaving, and the same from a pipe as from a file.
@Suite struct TraceTextStreamingTests {
    let tmp = TemporaryDirectory("damo-trace-stream")

    static func line(_ ts: String, _ target: Int, _ nr: Int, _ range: String, _ accesses: Int, _ age: Int) -> String {
        "kdamond.0  4452 [000] \(ts): damon:damon_aggregated: target_id=\(target) nr_regions=\(nr) \(range): \(accesses) \(age)"
    }

    /// Traces whose snapshots damo puts together in its particular ways.
    static let traces: [(name: String, lines: [String])] = [
        // Two targets, interleaved, with snapshots of different sizes.
        ("interleaved", [
            line("10.000100", 1, 2, "4096-8192", 3, 1), line("10.000100", 1, 2, "8192-16384", 0, 4),
            line("10.000200", 2, 1, "65536-131072", 7, 2),
            line("10.100100", 1, 3, "4096-8192", 2, 2), line("10.100100", 1, 3, "8192-12288", 1, 0),
            line("10.100100", 1, 3, "12288-16384", 5, 9),
            line("10.100200", 2, 1, "65536-131072", 6, 3),
            line("10.200100", 1, 1, "4096-16384", 4, 1),
            line("10.200200", 2, 2, "65536-98304", 1, 4), line("10.200200", 2, 2, "98304-131072", 0, 8),
        ]),
        // A single snapshot with the placeholder trace writers add.
        ("placeholder", [
            line("20.500000", 7, 2, "4096-8192", 3, 1), line("20.500000", 7, 2, "8192-16384", 0, 4),
            line("20.600000", 7, 1, "0-0", -1, -1),
        ]),
        // damo estimates no start after a target of one snapshot (and
        // then fails to print the start it left unset: not asked of it).
        ("estimation-stops", [
            line("30.000000", 3, 1, "4096-8192", 3, 1),
            line("30.000100", 4, 1, "8192-16384", 2, 2),
            line("30.100100", 4, 1, "8192-16384", 1, 3),
            line("30.200100", 4, 1, "8192-16384", 0, 4),
        ]),
        // A region of target 2 while target 1's snapshot is open joins
        // target 2's newest snapshot, already complete.
        ("late-region", [
            line("40.000000", 1, 1, "4096-8192", 3, 1),
            line("40.000100", 2, 1, "8192-16384", 2, 2),
            line("40.100000", 1, 2, "4096-8192", 3, 1),
            line("40.100100", 2, 1, "16384-20480", 1, 1),
            line("40.100000", 1, 2, "8192-12288", 4, 1),
            line("40.200100", 2, 1, "8192-16384", 5, 2),
            line("40.300000", 1, 1, "4096-8192", 6, 1),
        ]),
    ]

    func write(_ name: String, _ lines: [String]) throws -> String {
        let path = tmp.file(name)
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func rawForm(_ input: String) throws -> String {
        let run = try Damo.run(["report", "access", "--raw_form", "--input", input], in: tmp.path)
        #expect(run.status == 0, "\(run.stderr)")
        return run.text
    }

    @Test(.enabled(if: TestPaths.haveDamo, "needs python damo 3.4.3 (DAMO_REFERENCE)"),
          arguments: traces.map(\.name).filter { $0 != "estimation-stops" })
    func readsLikePythonDamo(_ name: String) throws {
        let path = try write(name, Self.traces.first { $0.name == name }!.lines)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.damo)
        process.arguments = ["report", "access", "--raw_form", "--input", path]
        process.currentDirectoryURL = URL(fileURLWithPath: tmp.path)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let expected = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let ours = try rawForm(path)
        #expect(ours == expected, "ours:\n\(ours)\npython damo:\n\(expected)")
    }

    /// A pipe is read once, copied for the later passes; a byte order mark
    /// is skipped in every pass.
    @Test func pipesAndByteOrderMarksReadLikeFiles() throws {
        for trace in Self.traces {
            let path = try write(trace.name, trace.lines)
            let expected = try rawForm(path)
            let converted = tmp.file(trace.name + ".piped")
            let piped = try Damo.run(["convert_record_format", "--record_file", "/dev/stdin", "--format", "json",
                                      "--output_file", converted],
                                     in: tmp.path, input: Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(piped.status == 0, "\(piped.stderr)")
            #expect(try rawForm(converted) == expected, "\(trace.name) from a pipe")
            let marked = tmp.file(trace.name + ".bom")
            try (Data([0xef, 0xbb, 0xbf]) + Data(contentsOf: URL(fileURLWithPath: path))).write(to: URL(fileURLWithPath: marked))
            #expect(try rawForm(marked) == expected, "\(trace.name) with a byte order mark")
        }
    }

    /// Trace text converted a snapshot at a time reads back the same, in
    /// each format damo writes (a lone snapshot's placeholder included).
    @Test(arguments: ["json", "json_compressed", "perf_script"])
    func conversionKeepsEverySnapshot(_ format: String) throws {
        // A lone snapshot's placeholder makes a second snapshot, so damo
        // estimates the next target's start after it: not the same record.
        for trace in Self.traces where !(format == "perf_script" && trace.name == "estimation-stops") {
            let path = try write(trace.name, trace.lines)
            let converted = tmp.file(trace.name + "." + format)
            let run = try Damo.run(["convert_record_format", "--record_file", path, "--format", format,
                                    "--output_file", converted], in: tmp.path)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(try rawForm(converted) == rawForm(path), "\(trace.name) as \(format)")
        }
    }
}
