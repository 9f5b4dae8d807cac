#if canImport(Glibc)
import Glibc
#endif
import DamoTestSupport
import Foundation
import Testing

/// Record length must not matter to memory: the same report of a record
/// four times longer (same snapshot size) peaks within 10% of the
/// shorter's resident size.  A reader holding the whole record needs
/// about 30 MiB more for the longer one here, and fails this clearly.
/// (A property of memory, not a timing: the sizes only keep it quick.)
@Suite("Reports stream records of any length")
struct StreamingMemoryTests {
    static let regionsPerSnapshot = 200
    static let shortSnapshots = 250

    /// A JSON record of `snapshots` snapshots, written compactly (the
    /// region shape damo's readers take in one pass).
    static func writeRecord(_ path: String, snapshots: Int, snapshotNs: Int = 100_000_000) throws {
        guard let f = fopen(path, "w") else { throw POSIXError(.EIO) }
        defer { fclose(f) }
        var text = "[{\"kdamond_idx\":0,\"context_idx\":0,\"intervals\":{\"sample_us\":\"5000\",\"aggr_us\":\"100000\",\"ops_update_us\":\"1000000\"},\"target_id\":42,\"snapshots\":["
        for s in 0..<snapshots {
            let start = 1_000_000_000 + s * snapshotNs
            text += (s == 0 ? "" : ",") + "{\"start_time\":\(start),\"end_time\":\(start + snapshotNs),\"regions\":["
            for r in 0..<regionsPerSnapshot {
                let a = 4096 * (1000 + r * 16)
                text += (r == 0 ? "" : ",")
                    + "{\"start\":\(a),\"end\":\(a + 4096 * 16),\"nr_accesses\":{\"samples\":\((r * 7 + s) % 21)},\"age\":{\"aggr_intervals\":\((r + s) % 50)}}"
            }
            text += "]}"
            if text.utf8.count > 1 << 20 {
                fputs(text, f)
                text = ""
            }
        }
        text += "]}]"
        fputs(text, f)
    }

    /// The same as `perf script` text of two targets, their snapshots
    /// interleaved (the text `record` converts).
    static func writeTraceText(_ path: String, snapshots: Int) throws {
        guard let f = fopen(path, "w") else { throw POSIXError(.EIO) }
        defer { fclose(f) }
        var text = ""
        for s in 0..<snapshots {
            for target in [42, 43] {
                let ts = 1000 + s / 10
                let head = "kdamond.0  4452 [000] \(ts).\(s % 10)00\(target): damon:damon_aggregated: target_id=\(target) nr_regions=\(regionsPerSnapshot / 2) "
                for r in 0..<regionsPerSnapshot / 2 {
                    let a = 4096 * (1000 + r * 16)
                    text += head + "\(a)-\(a + 4096 * 16): \((r * 7 + s) % 21) \((r + s) % 50)\n"
                }
            }
            if text.utf8.count > 1 << 20 {
                fputs(text, f)
                text = ""
            }
        }
        fputs(text, f)
    }

    /// Peak resident size (KiB) of damo running `arguments`, output
    /// discarded.  Linux counts the peak of the memory a process had
    /// before exec in its ru_maxrss, so a child spawned straight from this
    /// (large) test process would report the test's own size: damo is
    /// started from /usr/bin/time, a small process, which reads damo's
    /// ru_maxrss with wait4 and writes it to a file.
    static func peakRSS(_ arguments: [String], in dir: TemporaryDirectory) throws -> (status: Int32, kib: Int) {
        let binary = ProcessInfo.processInfo.environment["DAMO_STREAM_TEST_BINARY"] ?? Damo.binary
        let timeTool = "/usr/bin/time", report = dir.file("rss")
        guard access(timeTool, X_OK) == 0 else {
            Issue.record("\(timeTool) (GNU time) is needed to read damo's peak memory")
            return (-1, 0)
        }
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argStrings: [String] = [timeTool, "-f", "%M", "-o", report, binary] + arguments
        let argv: [UnsafeMutablePointer<CChar>?] = argStrings.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        let envStrings: [String] = ["DAMO_INTERFACE_ROOT=" + Damo.noDamonRoot, "PATH=/usr/bin:/bin"]
        let envp: [UnsafeMutablePointer<CChar>?] = envStrings.map { strdup($0) } + [nil]
        defer { for p in envp { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, timeTool, &actions, nil, argv, envp)
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EIO) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOfFile: report, encoding: .utf8)) ?? ""
        // The last line: GNU time puts a note on a failed command first.
        let kib = text.split(separator: "\n").last.flatMap { Int($0) } ?? 0
        return (status, kib)
    }

    @Test(arguments: [["report", "wss"], ["report", "nr_regions"], ["report", "access", "--raw_form"], ["report", "access"]])
    func peakMemoryDoesNotGrowWithLength(_ report: [String]) throws {
        let dir = TemporaryDirectory("damo-stream")
        let short = dir.file("short.json"), long = dir.file("long.json")
        try Self.writeRecord(short, snapshots: Self.shortSnapshots)
        try Self.writeRecord(long, snapshots: Self.shortSnapshots * 4)
        let a = try Self.peakRSS(report + ["--input", short], in: dir)
        let b = try Self.peakRSS(report + ["--input", long], in: dir)
        #expect(a.status == 0 && b.status == 0 && a.kib > 0)
        #expect(Double(b.kib) <= Double(a.kib) * 1.1,
                "\(report.joined(separator: " ")): \(a.kib) KiB for \(Self.shortSnapshots) snapshots, \(b.kib) KiB for 4x as many")
    }

    /// Trace text is read in passes, and written (what `record` does with
    /// its tracer's text) a snapshot at a time.
    @Test(arguments: [["report", "wss", "--input"],
                      ["convert_record_format", "--format", "json_compressed", "--output_file", "/dev/null", "--record_file"],
                      ["convert_record_format", "--format", "perf_script", "--output_file", "/dev/null", "--record_file"]])
    func traceTextPeakMemoryDoesNotGrowWithLength(_ command: [String]) throws {
        let dir = TemporaryDirectory("damo-stream")
        let short = dir.file("short.txt"), long = dir.file("long.txt")
        try Self.writeTraceText(short, snapshots: Self.shortSnapshots)
        try Self.writeTraceText(long, snapshots: Self.shortSnapshots * 4)
        let a = try Self.peakRSS(command + [short], in: dir)
        let b = try Self.peakRSS(command + [long], in: dir)
        #expect(a.status == 0 && b.status == 0 && a.kib > 0)
        #expect(Double(b.kib) <= Double(a.kib) * 1.1,
                "\(command.joined(separator: " ")): \(a.kib) KiB for \(Self.shortSnapshots) snapshots, \(b.kib) KiB for 4x as many")
    }

    /// `replay` plans from the record in two passes (snapshots of a
    /// microsecond, so the replay itself is quick).
    @Test func replayPeakMemoryDoesNotGrowWithLength() throws {
        let dir = TemporaryDirectory("damo-stream")
        let short = dir.file("short.json"), long = dir.file("long.json")
        try Self.writeRecord(short, snapshots: Self.shortSnapshots, snapshotNs: 1000)
        try Self.writeRecord(long, snapshots: Self.shortSnapshots * 4, snapshotNs: 1000)
        let a = try Self.peakRSS(["replay", short, "--nr_threads", "1"], in: dir)
        let b = try Self.peakRSS(["replay", long, "--nr_threads", "1"], in: dir)
        #expect(a.status == 0 && b.status == 0 && a.kib > 0)
        #expect(Double(b.kib) <= Double(a.kib) * 1.1,
                "replay: \(a.kib) KiB for \(Self.shortSnapshots) snapshots, \(b.kib) KiB for 4x as many")
    }

    /// A `.mem_footprint` file of `snapshots` items (one a second), two
    /// processes and the system each, compact.
    static func writeFootprints(_ path: String, snapshots: Int) throws {
        guard let f = fopen(path, "w") else { throw POSIXError(.EIO) }
        defer { fclose(f) }
        var text = "["
        for s in 0..<snapshots {
            let processes = [1000, 1001].map { pid in
                "{\"pid\":\(pid),\"footprint\":{\"size\":\(70000 + s % 977),\"resident\":\(9000 + s % 311),\"shared\":1,\"trs\":2,\"lrs\":0,\"drs\":3,\"dt\":0}}"
            }
            let system = "{\"pid\":null,\"footprint\":{\"total\":16000000,\"free\":\(4000000 + s % 7919),\"available\":9000000,\"buffers\":1000,\"cached\":200000}}"
            text += (s == 0 ? "" : ",") + "{\"time\":\(1_700_000_000 + s).5,\"footprints\":[\(processes[0]),\(processes[1]),\(system)]}"
            if text.utf8.count > 1 << 20 {
                fputs(text, f)
                text = ""
            }
        }
        fputs(text + "]", f)
    }

    /// `report footprints` keeps three numbers per snapshot, not the file
    /// (10,000 snapshots: 3.7 MB; the parsed file would be several times that).
    @Test func footprintsPeakMemoryDoesNotGrowWithLength() throws {
        let dir = TemporaryDirectory("damo-stream")
        let short = dir.file("short.mem_footprint"), long = dir.file("long.mem_footprint")
        try Self.writeFootprints(short, snapshots: 10_000)
        try Self.writeFootprints(long, snapshots: 40_000)
        let a = try Self.peakRSS(["report", "footprints", "all", "--input", short], in: dir)
        let b = try Self.peakRSS(["report", "footprints", "all", "--input", long], in: dir)
        #expect(a.status == 0 && b.status == 0 && a.kib > 0)
        #expect(Double(b.kib) <= Double(a.kib) * 1.1,
                "report footprints: \(a.kib) KiB for 10,000 snapshots, \(b.kib) KiB for 4x as many")
    }
}
