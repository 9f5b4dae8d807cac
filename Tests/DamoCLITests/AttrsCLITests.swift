@testable import DamoCommands
import DamonEmulator
import DamoTestSupport
import Foundation
import Testing

/// `report attrs`: record files with probe hits (and their .kdamonds
/// parameters) reported as damo 3.4.3 reports them, the running DAMON
/// through the emulator, and bad input ending in one line.
@Suite struct AttrsCLITests {
    static let dir = fixtures + "/attrs"
    static let inputs = dir + "/inputs"
    static let cases = CommandCase.load(dir + "/cases.txt", separator: "|")

    static func withoutHeatmaps(_ data: Data) -> [Substring] {
        String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("heatmap: ") && !$0.hasPrefix("# min/max temperatures: ") }
    }

    @Test(arguments: cases)
    func matchesDamo(_ c: CommandCase) throws {
        let run = try Damo.run(c.arguments, in: Self.inputs)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let expected = try #require(FileManager.default.contents(atPath: Self.dir + "/\(c.name).out"))
        if c.name.hasPrefix("approx-") {
            // Whole bytes and hits instead of damo's floats move heatmap
            // digits and temperatures only.
            #expect(Self.withoutHeatmaps(run.stdout) == Self.withoutHeatmaps(expected), "output of \(c.name)")
            #expect(run.stdout != expected, "\(c.name) is exact now; make it an exact case")
        } else {
            #expect(run.stdout == expected, "output of \(c.name) differs from damo 3.4.3's")
        }
    }

    @Test func fixturesCoverEveryCase() { #expect(Self.cases.count == 42) }

    /// Each wrong input is one line on stderr and a failure status, with
    /// nothing on stdout.
    @Test(arguments: [
        (["report", "attrs", "-i", "missing.data"], "--input handling failed (unsupported input (['missing.data']))"),
        (["report", "attrs", "-i", "tried_regions_of", "0", "0"], "wrong number of args for tried_regions_of"),
        (["report", "attrs", "-i", "tried_regions_of", "0", "x", "0"], "tried_regions_of should get only ints"),
        (["report", "attrs", "-i", "attrs.data", "--sort_regions_by", "reverse"], "\"reverse\" at unexpected position (0-th)"),
        (["report", "attrs", "-i", "attrs.data", "--sort_regions_by", "access_rate"], "unsupported input (access_rate)"),
        (["report", "attrs", "-i", "attrs.data", "--style", "simple-boxes"], "--style must be one of"),
        (["report", "attrs", "-i", "attrs.data", "--temperature_weights", "1", "2"], "--temperature_weights takes 3 values"),
        (["report", "attrs", "-i", "attrs.data", "--format", "set", "nowhere", "x"], "wrong --format target area"),
        (["report", "attrs", "-i", "attrs.data", "--adjust_region", "size"], "wrong number of fields (1)"),
        (["report", "attrs", "-i", "attrs.data", "--adjust_region", "size", "df_passed"], "No DAMOS filter?"),
        (["report", "attrs", "-i", "attrs.data", "--adjust_region", "size", "probe_hits_rate", "2"], "probe idx >= 2"),
        (["report", "attrs", "-i", "attrs.data", "--adjust_region", "probe_hits", "x", "df_passed"], "dst probe idx is not number"),
        (["report", "attrs", "-i", "attrs.data", "--adjust_region", "size", "half"], "unsupported adjustment (half)"),
        (["report", "attrs", "-i", "attrs.data", "--style", "recency-sz-hist", "--hist_ranges", "0"], "--hist_ranges takes pairs"),
        (["report", "attrs", "-i", "attrs.data", "--repeat", "1"], "--repeat receives only zero or two arguments"),
    ])
    func badInputIsOneLine(_ arguments: [String], _ message: String) throws {
        let run = try Damo.run(arguments, in: Self.inputs)
        #expect(run.status != 0)
        #expect(run.stdout.isEmpty, "\(String(decoding: run.stdout, as: UTF8.self))")
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].contains(message), "\(run.stderr)")
    }

    /// Parameters that do not fit the record: no .kdamonds, no context of
    /// the record's indices, fewer probes than hits, not JSON.
    @Test func parametersThatDoNotFitAreOneLine() throws {
        let tmp = TemporaryDirectory("damo-attrs")
        let record = tmp.path + "/r.data"
        try FileManager.default.copyItem(atPath: Self.inputs + "/attrs.data", toPath: record)
        func failure() throws -> String {
            let run = try Damo.run(["report", "attrs", "-i", record], in: tmp.path)
            #expect(run.status != 0 && run.stdout.isEmpty)
            let lines = run.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(run.stderr)")
            return run.stderr
        }
        #expect(try failure().contains("r.data.kdamonds file not found"))
        try "[{\"contexts\": 3}]".write(toFile: record + ".kdamonds", atomically: true, encoding: .utf8)
        #expect(try failure().contains("r.data.kdamonds: "))
        try "{not json".write(toFile: record + ".kdamonds", atomically: true, encoding: .utf8)
        #expect(try failure().contains("r.data.kdamonds: "))
        try "[]".write(toFile: record + ".kdamonds", atomically: true, encoding: .utf8)
        #expect(try failure().contains("has no DAMON context 0 of kdamond 0"))
        // One probe for regions with two hits each.
        let one = try String(contentsOfFile: Self.inputs + "/attrs.filtered.kdamonds", encoding: .utf8)
        try one.write(toFile: record + ".kdamonds", atomically: true, encoding: .utf8)
        #expect(try failure().contains("have 2 probe hits but"))
    }

    /// The running DAMON (emulated; no test kernel has probes): a live
    /// snapshot with the kdamonds' parameters, the kernel left as found.
    @Test func theRunningDamonIsReportedAndLeftAsFound() throws {
        let kernel = try EmulatedKernel()
        try kernel.startPaddr(regions: LiveSnapshotCLITests.regions)
        kernel.with { $0.clearWriteLog() }
        let before = kernel.parameters()
        let run = kernel.run(["report", "attrs", "--sort_regions_by", "address"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.text.contains("No probe\nintervals: sample 5 ms aggr 100 ms (max probe hits 20)"), "\(run.text)")
        let regions = run.text.split(separator: "\n").filter { $0.first?.isNumber ?? false }
        #expect(regions.count == 3, "\(run.text)")
        #expect(run.text.contains("total size: 1023.996 MiB"), "\(run.text)")
        #expect(EmulatorDiff.lines(before, kernel.parameters()) == [])
        #expect(kernel.isRunning())
    }

    @Test func triedRegionsOfAMissingSchemeIsOneLine() throws {
        let kernel = try EmulatedKernel()
        try kernel.startPaddr(regions: LiveSnapshotCLITests.regions)
        let run = kernel.run(["report", "attrs", "--input", "tried_regions_of", "0", "0", "3"])
        #expect(run.status != 0)
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
    }

    /// `--adjust_region` rules: the first about size or probe hits counts.
    @Test func adjustmentRulesParse() throws {
        typealias A = AttrsAdjustment
        #expect(try A.parse([]) == nil)
        #expect(try A.parse([["other", "x"], ["size", "df_passed"]]) == .size(.dfPassed))
        #expect(try A.parse([["size", "probe_hits_rate", "1"], ["probe_hits", "0", "df_passed"]]) == .size(.probeHitsRate(1)))
        #expect(try A.parse([["probe_hits", "2", "probe_hits_rate", "0"]]) == .probeHits(2, .probeHitsRate(0)))
        #expect(throws: DamoError.self) { try A.parse([["size", "probe_hits_rate"]]) }
        #expect(throws: DamoError.self) { try A.parse([["size", "probe_hits_rate", "-1"]]) }
        #expect(throws: DamoError.self) { try A.parse([["probe_hits", "0", "probe_hits_rate"]]) }
        #expect(throws: DamoError.self) { try A.parse([["size", "a", "b", "c", "d"]]) }
    }

    /// Every option damo 3.4.3's `report attrs --help` lists is ours.
    @Test func optionsAreDamos() throws {
        func options(_ text: String) -> Set<String> {
            Set(text.split(whereSeparator: { !($0.isLetter || $0 == "_" || $0 == "-") })
                .filter { $0.hasPrefix("--") && $0.count > 2 }.map(String.init))
        }
        let reference = options(try String(contentsOfFile: Self.dir + "/damo-report-attrs-help.txt", encoding: .utf8))
        #expect(reference.count == 16)
        let ours = options(try Damo.run(["report", "attrs", "--help"], in: Self.inputs).text)
        #expect(reference.subtracting(ours).isEmpty, "\(reference.subtracting(ours).sorted())")
    }

    /// A kernel with probes (emulated: 7.2+ and damon/next have them): the
    /// context's probes and the tried regions' hits are read, regions of
    /// different hits are kept apart, and the kernel is left as found.
    @Test func probesOfTheRunningDamonWeighItsHits() throws {
        let kernel = try EmulatedKernel()
        try kernel.startPaddr(regions: [
            EmulatedRegion(start: 4096, end: 1 << 20, nrAccesses: 0, age: 10, probeHits: [0, 0]),
            EmulatedRegion(start: 1 << 20, end: 2 << 20, nrAccesses: 0, age: 10, probeHits: [4, 1]),
            EmulatedRegion(start: 2 << 20, end: 3 << 20, nrAccesses: 5, age: 3, probeHits: [0, 2]),
        ])
        kernel.with {
            $0.setProbes([
                EmulatedProbe(filters: [.init(type: "anon")], weight: 10),
                EmulatedProbe(filters: [.init(type: "memcg", matching: false, allow: false, path: "/workload")],
                              preps: ["set_pgidle"], weight: 1),
            ])
        }
        let before = kernel.parameters()
        let run = kernel.run(["report", "attrs", "--sort_regions_by", "probe_hits_wsum", "reverse"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.text.contains("probes\n- allow anon (weight: 10)\n- prep: set_pgidle, filter: reject non memcg /workload (weight: 1)\n"),
                "\(run.text)")
        let hits = run.text.split(separator: "\n").filter { $0.first?.isNumber ?? false }.map { $0.suffix(3) }
        #expect(hits == ["4 1", "0 2", "0 0"], "\(run.text)")
        let raw = kernel.run(["report", "attrs", "--raw_form"])
        #expect(raw.text.contains("000000100000-000000200000 (1024.000 KiB)    10 4 1"), "\(raw.text)")
        #expect(EmulatorDiff.lines(before, kernel.parameters()) == [])
        #expect(kernel.isRunning())
    }

    /// `--repeat DELAY COUNT`: the same report again, the file read anew.
    @Test func repeatedReportsOfAFile() {
        let input = Self.inputs + "/attrs.data"
        let once = DamoInProcess.run(["report", "attrs", "-i", input, "--total_sz_only"])
        let twice = DamoInProcess.run(["report", "attrs", "-i", input, "--total_sz_only", "--repeat", "0", "2"])
        #expect(once.status == 0 && twice.status == 0, "\(once.stderr)\(twice.stderr)")
        #expect(twice.text == once.text + once.text)
    }
}
