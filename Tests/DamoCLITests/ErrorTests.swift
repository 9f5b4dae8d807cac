import DamoTestSupport
import Foundation
import Testing

/// Bad input gets one clear line on stderr naming what is wrong, exit
/// status 1, and no output file.
@Suite struct ErrorTests {
    let tmp = TemporaryDirectory("damo-cli")
    var dir: String { tmp.path }

    func expectOneLineError(_ run: DamoRun, mentioning words: [String]) {
        #expect(run.status == 1)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(run.stderr)")
        for w in words { #expect(run.stderr.contains(w), "stderr '\(run.stderr)' lacks '\(w)'") }
        #expect(!run.stderr.contains("Fatal error"))
    }

    @Test func missingFile() throws {
        let run = try Damo.run(["report", "wss", "--input", "nothere.data"], in: dir)
        expectOneLineError(run, mentioning: ["nothere.data", "no such file"])
        #expect(run.stdout.isEmpty)
    }

    @Test func defaultInputMissing() throws {
        let run = try Damo.run(["report", "access", "--raw_form"], in: dir)
        expectOneLineError(run, mentioning: ["damon.data"])
    }

    @Test func emptyFile() throws {
        _ = FileManager.default.createFile(atPath: dir + "/empty.data", contents: Data())
        let run = try Damo.run(["report", "heatmap", "--input", "empty.data"], in: dir)
        expectOneLineError(run, mentioning: ["empty.data", "empty"])
    }

    @Test func invalidJSON() throws {
        _ = FileManager.default.createFile(atPath: dir + "/bad.json", contents: Data("[{\"snapshots\": [}]".utf8))
        let run = try Damo.run(["report", "nr_regions", "--input", "bad.json"], in: dir)
        expectOneLineError(run, mentioning: ["bad.json", "line 1"])
    }

    @Test func wrongTypes() throws {
        let text = #"[{"target_id": 1, "snapshots": [{"start_time": 0, "end_time": 100, "regions": [{"start": "abc", "end": 5}]}]}]"#
        _ = FileManager.default.createFile(atPath: dir + "/types.json", contents: Data(text.utf8))
        let run = try Damo.run(["report", "access", "--raw_form", "--input", "types.json"], in: dir)
        expectOneLineError(run, mentioning: ["types.json", "start"])
    }

    @Test func emptyRecordList() throws {
        _ = FileManager.default.createFile(atPath: dir + "/none.json", contents: Data("[]".utf8))
        for report in ["heatmap", "wss", "nr_regions", "access"] {
            let run = try Damo.run(["report", report, "--raw_form", "--input", "none.json"].filter { report == "access" || $0 != "--raw_form" }, in: dir)
            expectOneLineError(run, mentioning: ["none.json", "no snapshot"])
        }
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: fixtures + "/compat/inputs/damon.data"),
                   "needs Tests/Fixtures/compat/inputs/damon.data"))
    func truncatedAndBitFlippedRecords() throws {
        let original = try #require(FileManager.default.contents(atPath: fixtures + "/compat/inputs/damon.data"))
        for cut in [1, 2, 100, original.count / 2, original.count - 5] {
            _ = FileManager.default.createFile(atPath: dir + "/cut.data", contents: original.prefix(cut))
            let run = try Damo.run(["report", "wss", "--input", "cut.data"], in: dir)
            expectOneLineError(run, mentioning: ["cut.data"])
        }
        for offset in [10, 500, original.count / 3, original.count - 10] {
            var flipped = original
            flipped[offset] ^= 0x5a
            _ = FileManager.default.createFile(atPath: dir + "/flip.data", contents: flipped)
            let run = try Damo.run(["report", "access", "--raw_form", "--input", "flip.data"], in: dir)
            expectOneLineError(run, mentioning: ["flip.data"])
        }
    }

    @Test func badOptionValues() throws {
        let input = fixtures + "/compat/inputs/damon.data"
        expectOneLineError(try Damo.run(["report", "heatmap", "--input", input, "--stdout_colorset", "pink"], in: dir),
                           mentioning: ["--stdout_colorset"])
        expectOneLineError(try Damo.run(["report", "heatmap", "--input", input, "--output", "map.bmp"], in: dir),
                           mentioning: ["map.bmp"])
        expectOneLineError(try Damo.run(["report", "times", "--inputs", input, "x", "--access_rate", "lots", "5%"], in: dir),
                           mentioning: ["lots"])
        expectOneLineError(try Damo.run(["adjust", "--input", input, "--output_type", "xml"], in: dir),
                           mentioning: ["xml"])
    }

    @Test func failedWriteLeavesNoFile() throws {
        let input = fixtures + "/compat/inputs/damon.data"
        let run = try Damo.run(["adjust", "--input", input, "--output", dir + "/no/such/dir/out.data"], in: dir)
        expectOneLineError(run, mentioning: ["out.data"])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains("out.data") }
        #expect(leftovers.isEmpty)
    }
}
