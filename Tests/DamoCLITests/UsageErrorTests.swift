import DamoTestSupport
import Foundation
import Testing

/// Mistakes in the command line: one line in argparse's words (exit
/// status 2), unknown commands with the closest one, argparse's handling
/// of repeated options and negative numbers, parameter files that are not
/// files, and long command-line text quoted in one line.
@Suite struct UsageErrorTests {
    static let example = TestPaths.packageRoot + "/examples/damon-6.12-workload.data"
    let tmp = TemporaryDirectory("damo-usage")

    func expectUsageLine(_ run: DamoRun, prefix: String, mentioning words: [String]) {
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.hasPrefix(prefix + ": error: "), "\(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        for w in words { #expect(run.stderr.contains(w), "'\(run.stderr)' lacks '\(w)'") }
        #expect(run.stdout.isEmpty)
    }

    @Test func unknownCommandNamesTheClosest() {
        for args in [["reprot"], ["reprot", "wss", "--input", "F"]] {
            let run = DamoInProcess.run(args)
            expectUsageLine(run, prefix: "damo", mentioning: [
                "argument <command>: invalid choice: 'reprot'", "did you mean 'report'?", "'start'", "'metrics'",
            ])
            #expect(!run.stderr.contains("--input"))
        }
        let sub = DamoInProcess.run(["report", "wsss", "--input", "F"])
        expectUsageLine(sub, prefix: "damo report", mentioning: [
            "argument <report type>: invalid choice: 'wsss'", "did you mean 'wss'?", "'access'", "'heatmap'",
        ])
        // Nothing close: the list only.
        let far = DamoInProcess.run(["zzzzzzzzzz"])
        expectUsageLine(far, prefix: "damo", mentioning: ["'zzzzzzzzzz'", "choose from 'start'"])
        #expect(!far.stderr.contains("did you mean"))
    }

    @Test func missingCommandsAndTopicsListTheChoices() {
        expectUsageLine(DamoInProcess.run([]), prefix: "damo",
                        mentioning: ["the following arguments are required: <command>", "'report'"])
        expectUsageLine(DamoInProcess.run(["help"]), prefix: "damo help",
                        mentioning: ["<topic>", "'damon_param_options'", "'access_format_options'"])
        expectUsageLine(DamoInProcess.run(["help", "damon_param_options"]), prefix: "damo help damon_param_options",
                        mentioning: ["category", "'all'", "'monitoring'", "'damos'"])
        expectUsageLine(DamoInProcess.run(["report", "--input", "F"]), prefix: "damo report",
                        mentioning: ["the following arguments are required: <report type>", "'access'"])
        // Help itself is not an error.
        let help = DamoInProcess.run(["report", "--help"])
        #expect(help.status == 0 && !help.stdout.isEmpty && help.stderr.isEmpty)
    }

    @Test func parserErrorsAreOneArgparseLine() {
        expectUsageLine(DamoInProcess.run(["report", "wss", "--input", Self.example, "--bogus"]),
                        prefix: "damo report wss", mentioning: ["--bogus"])
        expectUsageLine(DamoInProcess.run(["report", "heatmap", "--input"]),
                        prefix: "damo report heatmap", mentioning: ["--input"])
    }

    @Test func negativeNumbersAreValues() {
        // Right after the option, after another value, and several.
        let weights = DamoInProcess.run(["report", "access", "--input", Self.example, "--style", "temperature-percentiles",
                                         "--temperature_weights", "0", "-100", "100"])
        #expect(weights.status == 0, "\(weights.stderr)")
        let both = DamoInProcess.run(["report", "access", "--input", Self.example, "--temperature", "-3000000000", "-100",
                                      "--total_sz_only"])
        let inline = DamoInProcess.run(["report", "access", "--input", Self.example, "--temperature=-3000000000",
                                        "--temperature=-100", "--total_sz_only"])
        #expect(both.status == 0, "\(both.stderr)")
        #expect(both.stdout == inline.stdout && !both.stdout.isEmpty)
        // A one-value option.
        let one = DamoInProcess.run(["validate", "--input", Self.example, "--allow_error", "-1"])
        #expect(one.status == 0, "\(one.stderr)")
    }

    @Test func lastOccurrenceOfAStoreOptionWins() {
        let both = DamoInProcess.run(["report", "access", "--input", Self.example, "--access_rate", "100%", "10",
                                      "--access_rate", "5%", "100%", "--total_sz_only"])
        let last = DamoInProcess.run(["report", "access", "--input", Self.example, "--access_rate", "5%", "100%",
                                      "--total_sz_only"])
        #expect(both.status == 0, "\(both.stderr)")
        #expect(both.stdout == last.stdout)
        let ranges = DamoInProcess.run(["report", "wss", "--input", Self.example, "--range", "0", "50", "10",
                                        "--range", "0", "101", "25"])
        #expect(ranges.status == 0, "\(ranges.stderr)")
        #expect(ranges.text.contains("100 "))
    }

    @Test func oddHistRangesFailOnlyWhereAHistogramIsDrawn() {
        let detailed = DamoInProcess.run(["report", "access", "--input", Self.example, "--hist_ranges", "0", "100", "20",
                                          "--snapshot_idx", "0", "0"])
        #expect(detailed.status == 0, "\(detailed.stderr)")
        let histogram = DamoInProcess.run(["report", "access", "--input", Self.example, "--style", "temperature-sz-hist",
                                           "--hist_ranges", "0", "100", "20"])
        #expect(histogram.status == 1)
        #expect(histogram.stderr.hasPrefix("damo: --hist_ranges takes pairs"), "\(histogram.stderr)")
        let pairs = DamoInProcess.run(["report", "access", "--input", Self.example, "--style", "temperature-sz-hist",
                                       "--hist_ranges", "0", "100", "100", "200"])
        #expect(pairs.status == 0, "\(pairs.stderr)")
    }

    @Test func reportTimesTakesOneRecord() {
        let input = DamoInProcess.run(["report", "times", "--input", Self.example, "--access_rate", "50%", "100%"])
        #expect(input.status == 0, "\(input.stderr)")
        #expect(!input.stdout.isEmpty)
        let inputs = DamoInProcess.run(["report", "times", "--inputs", Self.example, "--access_rate", "50%", "100%"])
        #expect(inputs.stdout == input.stdout)
        let three = DamoInProcess.run(["report", "times", "--inputs", "a", "b", "c"])
        #expect(three.status == 1 && three.stderr.contains("--inputs"), "\(three.stderr)")
    }

    @Test func parameterFilesThatAreNotFiles() throws {
        let cases: [([String], String)] = [
            (["args", "damon", "--kdamonds", "/nonexistent/params.json"], "/nonexistent/params.json: no such file"),
            (["args", "damon", "--kdamonds", "params.yaml"], "params.yaml: no such file"),
            (["args", "damon", "--kdamonds", tmp.path], "is a directory"),
            (["args", "damon", "--kdamonds", "/dev/null"], "/dev/null: not a regular file"),
            (["schemes", "-c", "/nonexistent.json", "--interface_root", tmp.path], "/nonexistent.json: no such file"),
            (["report", "damon", "--input_file", "nothere"], "nothere: no such file"),
        ]
        for (args, message) in cases {
            let run = DamoInProcess.run(args)
            #expect(run.status == 1, "\(args)")
            #expect(run.stderr.contains(message) && run.stderr.split(separator: "\n").count == 1, "\(args): \(run.stderr)")
        }
        // Inline text is still text.
        let inline = DamoInProcess.run(["args", "damon", "--kdamonds", #"{"kdamonds": []}"#])
        #expect(!inline.stderr.contains("no such file"), "\(inline.stderr)")
    }

    @Test func longCommandLineTextIsQuotedInOneLine() {
        let text = String(repeating: "not a target nor parameters\n", count: 245)
        let run = DamoInProcess.run(["args", "damon", text])
        #expect(run.status == 1)
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        #expect(run.stderr.count < 300, "\(run.stderr)")
        #expect(run.stderr.contains("(245 lines)"), "\(run.stderr)")
    }

    @Test func yamlErrorsAreOneLine() {
        let run = DamoInProcess.run(["args", "damon", "--kdamonds", "kdamonds:\n  - contexts: [\n    {"])
        #expect(run.status == 1)
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
    }
}
