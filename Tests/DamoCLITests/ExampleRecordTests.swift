import DamoTestSupport
import Foundation
import Testing

/// The README's example record (examples/damon-6.12-workload.data, made by
/// our own `record` on Linux 6.12): every report the README lists works on
/// it, as a new user would try them.
@Suite struct ExampleRecordTests {
    static let example = TestPaths.packageRoot + "/examples/damon-6.12-workload.data"
    let tmp = TemporaryDirectory("damo-example")

    /// The reports of the README's command list that read a record (the
    /// footprints and profile reports read other files that `record`
    /// writes beside it), each in its usual forms.
    static let reports: [[String]] = [
        ["report", "access"],
        ["report", "access", "--style", "simple-boxes"],
        ["report", "access", "--style", "temperature-sz-hist"],
        ["report", "access", "--style", "recency-sz-hist"],
        ["report", "access", "--style", "cold-memory-tail"],
        ["report", "access", "--style", "recency-percentiles"],
        ["report", "access", "--style", "idle-time-percentiles"],
        ["report", "access", "--style", "temperature-percentiles"],
        ["report", "access", "--style", "cold"],
        ["report", "access", "--style", "hot"],
        ["report", "access", "--raw_form"],
        ["report", "access", "--json"],
        ["report", "access", "--sort_regions_by", "temperature", "--snapshot_idx", "100", "100"],
        ["report", "access", "--access_rate", "50%", "100%", "--total_sz_only"],
        ["report", "heatmap"],
        ["report", "heatmap", "--output", "raw"],
        ["report", "heatmap", "--sort_temperature"],
        ["report", "heatmap", "--guide"],
        ["report", "record_info"],
        ["report", "wss"],
        ["report", "wss", "--per_target"],
        ["report", "nr_regions"],
        ["report", "times", "--access_rate", "50%", "100%"],
        ["report", "raw"],
        ["report", "heats"],
        ["validate"],
    ]

    @Test(arguments: reports)
    func reportWorks(_ report: [String]) throws {
        let run = try Damo.run(report + ["--input", Self.example], in: tmp.path)
        #expect(run.status == 0, "\(report): \(run.stderr)")
        // (validate prints nothing for a valid record.)
        #expect(!run.stdout.isEmpty || report == ["validate"], "\(report) printed nothing")
        #expect(run.stderr.isEmpty || report.contains("raw") || report.contains("heats"), "\(report): \(run.stderr)")
    }

    /// The reports that write files.  (`report holistic`, `footprints`
    /// and `profile` also read the `.mem_footprint` and `.profile` files
    /// that `record` writes beside a record; the example ships without.)
    @Test func reportsWithFiles() throws {
        for args in [["report", "heatmap", "--input", Self.example, "--output", "heatmap.png"],
                     ["report", "wss", "--input", Self.example, "--plot", "wss.svg"],
                     ["adjust", "--input", Self.example, "--aggregate_interval", "1000000", "--output", "adjusted.data"],
                     ["convert_record_format", "--record_file", Self.example, "--format", "json",
                      "--output_file", "example.json"]] {
            let run = try Damo.run(args, in: tmp.path)
            #expect(run.status == 0, "\(args): \(run.stderr)")
        }
        for file in ["heatmap.png", "wss.svg", "adjusted.data", "example.json"] {
            #expect(FileManager.default.fileExists(atPath: tmp.file(file)), "\(file) missing")
        }
    }

    /// The heatmap's axes for people (seconds, MiB offsets from the drawn
    /// range), and damo's nanoseconds and bytes with --raw_number.
    @Test(arguments: [
        ([String](), [">Time (s)<", ">Address offset (MiB)<", ">16<", ">30<", ">Access frequency (hz)<"]),
        (["--abs_addr"], [">Address offset from 0x7f42ee200000 (MiB)<"]),
        (["--sort_temperature"], [">Size (MiB)<"]),
        (["--raw_number"], [">Time (ns)<", ">Address (bytes)<", ">1e+10<", ">8e+07<", ">Access frequency (hz)<"]),
    ])
    func heatmapAxes(extra: [String], labels: [String]) throws {
        let svg = tmp.file("axes-\(extra.joined()).svg")
        let run = try Damo.run(["report", "heatmap", "--input", Self.example, "--output", svg] + extra, in: tmp.path)
        #expect(run.status == 0, "\(run.stderr)")
        let document = try String(contentsOfFile: svg, encoding: .utf8)
        for label in labels { #expect(document.contains(label), "\(extra): \(label)") }
        #expect(document.contains("e+") == extra.contains("--raw_number"))
    }

    /// What the example is: two targets of 30 s with monitoring intervals.
    @Test func exampleIsWhatTheReadmeSays() throws {
        let info = try Damo.run(["report", "record_info", "--input", Self.example], in: tmp.path)
        #expect(info.text.components(separatedBy: "target_id:").count - 1 == 2)
        #expect(info.text.contains("(30.067 s)"))
        let size = try FileManager.default.attributesOfItem(atPath: Self.example)[.size] as? Int ?? .max
        #expect(size < 1 << 20)
    }
}
