import DamoTestSupport
import Foundation
import Testing

/// Commands that write records or images, checked through our own reports.
@Suite struct CommandTests {
    let tmp = TemporaryDirectory("damo-cmd")
    var dir: String { tmp.path }
    let input = fixtures + "/compat/inputs/damon.data"

    func rawForm(_ path: String) throws -> Data {
        let run = try Damo.run(["report", "access", "--raw_form", "--input", path], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        return run.stdout
    }

    @Test func convertKeepsEveryRegion() throws {
        let original = try rawForm(input)
        for format in ["json", "json_compressed", "perf_script"] {
            let out = dir + "/converted.\(format)"
            let run = try Damo.run(["convert_record_format", "--record_file", input, "--format", format,
                                    "--output_file", out], in: dir)
            #expect(run.status == 0, "\(run.stderr)")
            let converted = try rawForm(out)
            if format == "perf_script" {
                // perf script keeps times in microseconds (as damo writes
                // it); every region must survive.
                let regionLines = { (d: Data) in
                    String(decoding: d, as: UTF8.self).split(separator: "\n").filter { !$0.hasPrefix("monitoring_") }
                }
                #expect(regionLines(converted) == regionLines(original))
            } else {
                #expect(converted == original, "\(format) round trip changed the record")
            }
        }
    }

    /// The raw form reads every file whole before it prints (damo writes
    /// `data_source` after the snapshots): a region broken in the last
    /// snapshot of the second file fails the command with nothing printed.
    @Test func rawFormFindsErrorsBeforePrinting() throws {
        let json = dir + "/d.json", bad = dir + "/bad.json"
        let run = try Damo.run(["convert_record_format", "--record_file", input, "--format", "json",
                                "--output_file", json], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        var text = try String(contentsOfFile: json, encoding: .utf8)
        let last = try #require(text.range(of: "\"end\": \"", options: .backwards))
        text.insert(contentsOf: "1\", \"x\": \"", at: last.upperBound)
        try text.write(toFile: bad, atomically: true, encoding: .utf8)
        let failed = try Damo.run(["report", "access", "--raw_form", "--input", json, bad], in: dir)
        #expect(failed.status != 0)
        #expect(failed.stdout.isEmpty)
        #expect(failed.stderr.split(separator: "\n").count == 1 && failed.stderr.hasPrefix("damo: \(bad)"), "\(failed.stderr)")
        #expect(try rawForm(json) == (try rawForm(input)))
    }

    @Test func adjustAggregatesSnapshots() throws {
        let out = dir + "/adjusted.data"
        let run = try Damo.run(["adjust", "--input", input, "--output", out, "--aggregate_interval", "1000000",
                                "--skip", "0"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let attrs = try FileManager.default.attributesOfItem(atPath: out)
        #expect((attrs[.posixPermissions] as? Int) == 0o600)
        let nr = try Damo.run(["report", "nr_regions", "--input", out, "-r", "0", "101", "100"], in: dir)
        #expect(nr.status == 0)
        // 543 snapshots of ~100 ms each become ~55 one-second ones.
        let original = try Damo.run(["report", "access", "--raw_form", "--input", input], in: dir).text
        let adjusted = try rawForm(out)
        let count = { (t: String) in t.components(separatedBy: "monitoring_start:").count - 1 }
        #expect(count(original) == 543)
        #expect((50...56).contains(count(String(decoding: adjusted, as: UTF8.self))))
    }

    @Test func validateAcceptsRealRecord() throws {
        let run = try Damo.run(["validate", "--input", input, "--nr_accesses", "0", "100"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let strict = try Damo.run(["validate", "--input", input, "--nr_regions", "1000", "2000"], in: dir)
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("nr_regions"))
    }

    @Test(arguments: ["png", "svg", "pdf"])
    func imagesAreWritten(_ ext: String) throws {
        let map = dir + "/map.\(ext)", wss = dir + "/wss.\(ext)"
        #expect(try Damo.run(["report", "heatmap", "--input", input, "--output", map, "--resol", "50", "50"], in: dir).status == 0)
        #expect(try Damo.run(["report", "wss", "--input", input, "--plot", wss], in: dir).status == 0)
        for path in [map, wss] {
            let data = try #require(FileManager.default.contents(atPath: path))
            let magic: [UInt8] = ext == "png" ? [0x89, 0x50, 0x4e, 0x47] : ext == "pdf" ? Array("%PDF".utf8) : Array("<svg".utf8)
            #expect(Array(data.prefix(4)) == magic)
        }
    }

    @Test func version() throws {
        #expect(try Damo.run(["version"], in: dir).text == "3.4.3\n")
    }
}

/// perf.data records are read through the real `perf script`.
@Suite struct PerfDataTests {
    static let perfPresent = ["/usr/bin/perf", "/usr/local/bin/perf", "/bin/perf"].contains {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    @Test(.enabled(if: perfPresent, "needs perf"))
    func perfDataReadsLikeItsScript() throws {
        let dir = TemporaryDirectory.scratchPath("damo-perf")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let data = fixtures + "/damon.perf.data"
        let fromData = try Damo.run(["report", "access", "--raw_form", "--input", data], in: dir)
        #expect(fromData.status == 0, "\(fromData.stderr)")
        #expect(fromData.text.contains("nr_regions: 2694"))
        // The same events as perf script text, detected by content.
        let script = Process()
        script.executableURL = URL(fileURLWithPath: "/bin/sh")
        script.arguments = ["-c", "perf script -i '\(data)' > '\(dir)/events.txt' 2>/dev/null"]
        try script.run()
        script.waitUntilExit()
        let fromText = try Damo.run(["report", "access", "--raw_form", "--input", "events.txt"], in: dir)
        #expect(fromText.stdout == fromData.stdout)
    }
}
