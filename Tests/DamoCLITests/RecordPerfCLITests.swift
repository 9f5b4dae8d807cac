#if canImport(Glibc)
import Glibc
#endif
import DamonEmulator
import DamoTestSupport
import Foundation
import Testing

/// `damo record` on a kernel without tried regions (the emulated 6.1):
/// DAMON's tracepoint through perf (a stand-in that writes perf script
/// text), or a clear error without perf.
@Suite struct RecordPerfCLITests {
    let tmp = TemporaryDirectory("damo-record-perf")
    var dir: String { tmp.path }

    func emulatedWithHotspot(_ layout: SysfsLayout) throws -> EmulatedKernel {
        let kernel = try EmulatedKernel(layout)
        try kernel.startPaddr(start: 1 << 20, end: 64 << 20, regions: [])
        kernel.with { $0.setRegions(provider: RecordCLITests.movingHotspot) }
        return kernel
    }

    func rawForm(_ path: String) throws -> DamoRun {
        try Damo.run(["report", "access", "--raw_form", "--input", path], in: dir)
    }

    /// A stand-in for perf: `record -o FILE` writes damon_aggregated events
    /// as perf script text until SIGINT; `script -i FILE` prints them.
    static func fakePerf(in dir: String) throws -> String {
        let path = dir + "/fakeperf"
        let script = """
            #!/bin/bash
            cmd=$1; shift
            out=""; input=""
            while [ $# -gt 0 ]; do
                case $1 in -o) out=$2; shift;; -i) input=$2; shift;; esac
                shift
            done
            if [ "$cmd" = script ]; then cat "$input"; exit 0; fi
            trap 'exit 0' INT TERM
            : > "$out"
            t=100
            while true; do
                for r in "1048576-2097152: 0 5" "2097152-3145728: 18 2" "3145728-67108864: 1 9"; do
                    echo "kdamond.0  4452 [000] $t.000000: damon:damon_aggregated: target_id=42 nr_regions=3 $r" >> "$out"
                done
                t=$((t + 1))
                sleep 0.1
            done
            """
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return path
    }

    @Test func linux61RecordsTheTracepointThroughPerf() throws {
        let kernel = try emulatedWithHotspot(.v6_1)
        let before = kernel.parameters()
        let perf = try Self.fakePerf(in: dir)
        let run = try Damo.run(["record", "--interface_root", kernel.root, "--timeout", "1.5", "--perf_path", perf,
                                "--do_record", "access", "cpu_profile"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let raw = try rawForm(dir + "/damon.data")
        #expect(raw.status == 0, "\(raw.stderr)")
        #expect(raw.text.contains("target_id: 42"), "\(raw.text)")
        #expect(raw.text.contains("000000200000-000000300000"))
        #expect(FileManager.default.fileExists(atPath: dir + "/damon.data.profile"))
        #expect(EmulatorDiff.lines(before, kernel.parameters()) == [])
        // perf_data keeps perf's own file.
        let keep = try Damo.run(["record", "--interface_root", kernel.root, "--timeout", "1", "--perf_path", perf,
                                 "--do_record", "access", "--output_type", "perf_data", "-o", "perf.data"], in: dir)
        #expect(keep.status == 0, "\(keep.stderr)")
        let text = try String(contentsOfFile: dir + "/perf.data", encoding: .utf8)
        #expect(text.contains("damon:damon_aggregated"))
    }

    @Test func linux61WithoutPerfSaysSo() throws {
        let kernel = try emulatedWithHotspot(.v6_1)
        let run = try Damo.run(["record", "--interface_root", kernel.root, "--timeout", "1", "--do_record", "access"],
                               in: dir, environment: ["PATH": "/nonexistent"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("tried regions") && run.stderr.contains("perf"), "\(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
    }
}
