import DamoTestSupport
import Foundation
import Testing

/// `report access` options that the golden cases do not reach.
@Suite struct AccessCLITests {
    let tmp = TemporaryDirectory("damo-access")
    var dir: String { tmp.path }
    let input = fixtures + "/compat/inputs/damon.data.snapshot.anon"

    static let hasPython = ["/usr/bin/python3", "/usr/local/bin/python3"].contains { FileManager.default.isExecutableFile(atPath: $0) }
        || (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/python3")
        }

    @Test(.enabled(if: AccessCLITests.hasPython, "needs python3 for --exec")) func execRunsTheScriptWithTheRecords() throws {
        let script = dir + "/show.py"
        try """
            def main(records, cmd_fields):
                print(cmd_fields[1:])
                r = records[0]
                s = r.snapshots[0]
                reg = s.regions[0]
                reg.nr_accesses.add_unset_unit(r.intervals)
                reg.age.add_unset_unit(r.intervals)
                print(r.intervals.sample, r.intervals.aggr, len(s.regions), reg.start, reg.size(),
                      reg.nr_accesses.percent, reg.age.usec, reg.sz_filter_passed)
            """.write(toFile: script, atomically: true, encoding: .utf8)
        let run = try Damo.run(["report", "access", "--input", input, "--exec", script + " a b"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        // damo 3.4.3 prints the same for this record.
        #expect(run.text == "['a', 'b']\n150000 3000000 105 4294967296 2079408128 0 0 149974679\n")
    }

    @Test func execNeedsAFile() throws {
        let run = try Damo.run(["report", "access", "--input", input, "--exec", "missing.py"], in: dir)
        #expect(run.status == 1)
        #expect(run.stderr == "damo: format_script handling fail (first token is not file)\n")
    }

    @Test func wrongFormatAreaIsAnError() throws {
        let run = try Damo.run(["report", "access", "--input", input, "--format", "set", "regions", "x"], in: dir)
        #expect(run.status == 1)
        #expect(run.stderr == "damo: format setting failed (wrong --format target area (['set', 'regions', 'x']))\n")
    }

    @Test func recordsWithoutIntervalsAreRefused() throws {
        let input = fixtures + "/compat/inputs/damon.data"
        let run = try Damo.run(["report", "access", "--input", input], in: dir)
        #expect(run.status == 1)
        #expect(run.stderr == "damo: \(input): some records lack the intervals information\n")
    }
}
