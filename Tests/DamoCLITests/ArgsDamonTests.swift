import DamoTestSupport
import DamonModel
import DamonRecords
import Foundation
import Testing

/// The cases of Tests/Fixtures/args_damon/cases.txt: `<name>: <arguments>`.
enum ArgsDamonCase {
    static let dir = fixtures + "/args_damon"

    static func load() -> [CommandCase] { CommandCase.load(dir + "/cases.txt", separator: ":") }

    /// The case's arguments with its input files' paths made absolute (the
    /// commands run in this process, whose directory is not the cases').
    static func arguments(_ c: CommandCase) -> [String] {
        c.arguments.map { $0.hasPrefix("inputs/") ? dir + "/" + $0 : $0 }
    }
}

/// python damo 3.4.3, when it is here and can run `args damon` (root).
enum ReferenceDamo {
    static let path = TestPaths.referenceDamo
    static var usable: Bool { FileManager.default.isExecutableFile(atPath: path) && getuid() == 0 }

    static func argsDamon(_ arguments: [String], in dir: String) throws -> Data {
        try run(["args", "damon"] + arguments, in: dir)
    }

    /// Its standard output (its errors dropped).
    static func run(_ arguments: [String], in dir: String) throws -> Data {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = arguments
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return data
    }
}

/// damo 3.4.3 prints `target_pid [1]`-like debugging lines on stdout when
/// per-target options are fewer than the targets; we do not.
func withoutPythonDebugLines(_ data: Data) -> Data {
    var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    while let first = lines.first,
          ["target_pid [", "regions [", "numa_node ["].contains(where: { first.hasPrefix($0) }) {
        lines.removeFirst()
    }
    return Data(lines.joined(separator: "\n").utf8)
}

func yamlData(_ data: Data) throws -> KV {
    try KVYAML.parse(String(decoding: data, as: UTF8.self))
}

@Suite struct ArgsDamonTests {
    static let cases = ArgsDamonCase.load()

    @Test func fixturesCoverEveryCase() {
        #expect(ArgsDamonTests.cases.count >= 100)
        for c in ArgsDamonTests.cases {
            #expect(FileManager.default.fileExists(atPath: ArgsDamonCase.dir + "/\(c.name).out"), "\(c.name)")
        }
    }

    /// Our output against damo 3.4.3's stored one: JSON and report text
    /// byte for byte, YAML as data.
    @Test(arguments: cases)
    func matchesDamo(_ c: CommandCase) throws {
        let run = DamoInProcess.run(["args", "damon"] + ArgsDamonCase.arguments(c))
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let expected = withoutPythonDebugLines(
            try #require(FileManager.default.contents(atPath: ArgsDamonCase.dir + "/\(c.name).out")))
        if c.arguments.contains("yaml") {
            #expect(try yamlData(run.stdout) == yamlData(expected), "\(c.name)")
        } else {
            #expect(run.text == String(decoding: expected, as: UTF8.self), "\(c.name)")
        }
    }

    /// Lines whose output depends on this machine (/proc/iomem, pids),
    /// compared with python damo live.
    static var liveCases: [[String]] {
        let pid = String(getpid())
        return [
            ["paddr"], ["--ops", "paddr"], ["paddr", "--damos_action", "pageout", "--damos_access_rate", "0", "0"],
            ["--ops", "paddr", "--format", "report"], ["--target_pid", pid], [pid],
            [pid, "--damos_action", "stat"], ["--ops", "paddr", "--numa_node", "0"],
            ["--nr_ctxs", "2", "--ops", "paddr", "--ops", "vaddr", "--target_pid", pid, "--target_pid", pid,
             "--nr_targets", "1", "1"],
            ["--damon_ctx", "--damon_target", "--ops", "paddr", "--damos_scheme", "--damos_action", "stat",
             "--damos_filter", "allow", "anon", "--damon_ctx", "--damon_target", "--ops", "paddr"],
            ["--format", "yaml", "paddr"],
        ]
    }

    @Test(.enabled(if: ReferenceDamo.usable, "needs python damo 3.4.3 (DAMO_REFERENCE, set by scripts/test.sh) and root"), arguments: liveCases)
    func matchesLiveDamo(_ arguments: [String]) throws {
        let dir = ArgsDamonCase.dir
        let expected = withoutPythonDebugLines(try ReferenceDamo.argsDamon(arguments, in: dir))
        let run = DamoInProcess.run(["args", "damon"] + arguments)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        if arguments.contains("yaml") {
            #expect(try yamlData(run.stdout) == yamlData(expected))
        } else {
            #expect(run.text == String(decoding: expected, as: UTF8.self))
        }
    }

    func json(_ arguments: [String]) throws -> KV {
        let run = DamoInProcess.run(["args", "damon"] + arguments)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        return try KVJSON.parse(run.text)
    }

    @Test func paddrDefaultRegionIsSystemRAM() throws {
        let kv = try json(["paddr"])
        let iomem = try String(contentsOfFile: "/proc/iomem", encoding: .utf8)
        var start: Int? = nil, end = 0
        for line in iomem.split(separator: "\n") where line.split(separator: ":").count == 2 {
            let fields = line.split(separator: ":")
            guard fields[1].trimmingCharacters(in: .whitespaces).hasPrefix("System RAM") else { continue }
            let addrs = fields[0].trimmingCharacters(in: .whitespaces).split(separator: "-")
            if start == nil { start = Int(addrs[0], radix: 16) }
            end = Int(addrs[1], radix: 16)! + 1
        }
        let region = kv["kdamonds"]?[0]?["contexts"]?[0]?["targets"]?[0]?["regions"]?[0]
        #expect(region?["start"] == .string(UnitFormat.nr(start ?? 0)))
        #expect(region?["end"] == .string(UnitFormat.nr(end)))
    }

    /// damo 3.4.3 fails on more than one --damos_filter per scheme; we
    /// take each in order, in either syntax.
    @Test func severalFiltersPerScheme() throws {
        let kv = try json(["--target_pid", "1", "--damos_action", "stat", "--damos_filter", "allow", "anon",
                           "--damos_filter", "memcg", "nomatching", "/a", "--damos_filter", "reject", "young"])
        guard case .list(let filters)? = kv["kdamonds"]?[0]?["contexts"]?[0]?["schemes"]?[0]?["filters"] else {
            Issue.record("no filters")
            return
        }
        #expect(filters.map { $0["filter_type"] } == [.string("anon"), .string("memcg"), .string("young")])
        #expect(filters.map { $0["allow"] } == [.bool(true), .bool(false), .bool(false)])
        #expect(filters[1]["matching"] == .bool(false))
        #expect(filters[1]["memcg_path"] == .string("/a"))
    }

    @Test func commandTargetIsStarted() throws {
        let kv = try json(["sleep 0.5"])
        guard case .number(let pid)? = kv["kdamonds"]?[0]?["contexts"]?[0]?["targets"]?[0]?["pid"] else {
            Issue.record("no pid")
            return
        }
        #expect(pid > .int(0))
        #expect(kv["kdamonds"]?[0]?["contexts"]?[0]?["ops"] == .string("vaddr"))
    }

    @Test func outWritesTheFile() throws {
        let dir = TemporaryDirectory()
        // (damo reads the default access rate maximum, 2^64-1 %, back as a
        // float: 2^64 %; an explicit one stays.)
        let params = ["--target_pid", "1", "--damos_action", "stat", "--damos_access_rate", "0%", "100%"]
        let printed = DamoInProcess.run(["args", "damon"] + params)
        let saved = DamoInProcess.run(["args", "damon"] + params + ["--out", dir.file("p.json")])
        #expect(saved.status == 0 && saved.stdout.isEmpty)
        let file = try #require(FileManager.default.contents(atPath: dir.file("p.json")))
        #expect(file + Data("\n".utf8) == printed.stdout)
        // The file reads back to the same parameters, in JSON or YAML.
        let again = DamoInProcess.run(["args", "damon", "--kdamonds", dir.file("p.json")])
        #expect(again.stdout == printed.stdout)
        let yaml = DamoInProcess.run(["args", "damon", "--kdamonds", dir.file("p.json"), "--format", "yaml",
                                      "--out", dir.file("p.yaml")])
        #expect(yaml.status == 0)
        let fromYAML = DamoInProcess.run(["args", "damon", dir.file("p.yaml")])
        #expect(fromYAML.stdout == printed.stdout, "\(fromYAML.stderr)")
    }

    static let errorCases: [(arguments: [String], message: String)] = [
        (["--target_pid", "1", "--damos_action", "stat", "--damos_sz_region", "8K", "4K"], "min 8K > max 4K"),
        (["--target_pid", "1", "--damos_action", "stat", "--damos_access_rate", "50%", "10%"], "min 50% > max 10%"),
        (["--target_pid", "1", "--damos_action", "stat", "--damos_age", "5s", "1s"], "min 5s > max 1s"),
        (["--target_pid", "1", "--monitoring_nr_regions_range", "100", "10"], "min 100 > max 10"),
        (["--target_pid", "1", "--damos_action", "stat", "--damos_filter", "allow", "addr", "8K", "4K"], "start 8K > end 4K"),
        (["--target_pid", "1", "--damos_action", "fly"], "wrong damos action: fly"),
        (["--ops", "xaddr"], "invalid choice: 'xaddr'"),
        (["--target_pid", "1", "--damos_action", "pageout", "--damos_quotas", "0", "0", "1s",
          "--damos_quota_goal", "cpu_bp", "10"], "unsupported DAMOS quota goal metric 'cpu_bp'"),
        (["--target_pid", "1", "--damos_action", "stat", "--damos_filter", "allow", "fancy"], "unsupported filter type 'fancy'"),
        (["--target_pid", "2147483646"], "2147483646: no such process"),
        (["2147483646"], "target process 2147483646 does not exist"),
        (["not-a-thing"], "target 'not-a-thing' is not supported"),
        (["--kdamonds", "{\"kdamonds\": [}"], "invalid JSON at line 1, column 15"),
        (["--kdamonds", "{\"kdamonds\": [{\"contexts\": [{\"ops\": \"vaddr\"}]}]}"],
         "kdamonds[0].contexts[0]: 'targets' is missing"),
        (["inputs/bad.yaml"], "invalid YAML at line 4, column 4"),
        (["--damos_quotas", "1s"], "'damos_action' not specified"),
        (["--target_pid", "1", "--damos_action", "stat", "--damos_quota_goal", "user_input", "1", "2"],
         "'reset_interval_ms' not specified"),
        (["--target_pid", "1", "--damos_action", "migrate_hot", "x"], "action require a numeric target_nid"),
        (["--ops", "paddr", "--regions", "2G-1G"], "start >= end"),
        (["--ops", "paddr", "--regions", "1G-3G 2G-4G"], "regions overlap"),
        (["--target_pid", "1", "--damos_action", "stat", "--damos_wmarks", "cpu", "1s", "1", "1", "1"], "wrong watermark metric (cpu)"),
        (["--target_pid", "1", "--format", "report", "--out", "x"], "--out and report format cannot be used together"),
    ]

    @Test(arguments: errorCases.indices)
    func rejectsBadInput(_ i: Int) throws {
        let c = ArgsDamonTests.errorCases[i]
        let run = DamoInProcess.run(["args", "damon"] + c.arguments.map {
            $0.hasPrefix("inputs/") ? ArgsDamonCase.dir + "/" + $0 : $0
        })
        #expect(run.status != 0, "\(c.arguments) was accepted")
        #expect(run.stderr.contains(c.message), "\(c.arguments): \(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count == 1 || run.stderr.hasPrefix("Error:"), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }
}
