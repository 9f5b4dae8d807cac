import DamoTestSupport
import Foundation
import Testing

/// `report pa_layout` against damo 3.4.3's output for stored machines
/// (Tests/Fixtures/pa_layout: this build machine, a 2-node guest of the
/// 6.12 test kernel, and a made-up layout with split resources), each
/// rebuilt as a `proc/iomem` and `sys/devices/system` tree given with the
/// hidden --machine_root.
@Suite struct PaLayoutTests {
    static let dir = fixtures + "/pa_layout"
    static let machines = ["host", "numa2-6.12", "split"]
    static let cases = CommandCase.load(dir + "/cases.txt", separator: ":")
    static var all: [(String, CommandCase)] { machines.flatMap { m in cases.map { (m, $0) } } }
    let tmp = TemporaryDirectory("pa-layout")

    /// The machine's tree, built as make.sh builds it.
    func tree(_ machine: String) throws -> String {
        let root = tmp.file(machine)
        let fm = FileManager.default
        let system = root + "/sys/devices/system"
        try fm.createDirectory(atPath: root + "/proc", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: system + "/memory", withIntermediateDirectories: true)
        try fm.copyItem(atPath: Self.dir + "/\(machine)/iomem", toPath: root + "/proc/iomem")
        let blocks = try String(contentsOfFile: Self.dir + "/\(machine)/memory_blocks", encoding: .utf8)
        for line in blocks.split(separator: "\n") {
            let w = line.split(separator: " ").map(String.init)
            if w[0] == "block_size_bytes" {
                try (w[1] + "\n").write(toFile: system + "/memory/block_size_bytes", atomically: false, encoding: .utf8)
                continue
            }
            let block = system + "/node/node\(w[0])/memory\(w[1])"
            try fm.createDirectory(atPath: block, withIntermediateDirectories: true)
            try (w[2] + "\n").write(toFile: block + "/state", atomically: false, encoding: .utf8)
        }
        return root
    }

    func run(_ machine: String, _ arguments: [String]) throws -> DamoRun {
        try Damo.run(["report", "pa_layout", "--machine_root", try tree(machine)] + arguments, in: tmp.path)
    }

    @Test(arguments: all)
    func matchesDamo(_ machine: String, _ c: CommandCase) throws {
        let run = try run(machine, c.arguments)
        #expect(run.status == 0, "\(run.stderr)")
        let expected = try #require(FileManager.default.contents(atPath: Self.dir + "/\(machine)/\(c.name).out"))
        #expect(run.text == String(decoding: expected, as: UTF8.self), "\(machine) \(c.name)")
    }

    @Test func fixturesCoverEveryCase() {
        #expect(Self.cases.count == 7)
        #expect(Self.all.count == 21)
    }

    /// damo shows every node for `--numa_node 0` (0 is false to it); ours
    /// shows node 0's ranges only.
    @Test func nodeZeroIsANode() throws {
        let run = try run("split", ["--numa_node", "0"])
        #expect(run.status == 0)
        let rows = run.text.split(separator: "\n").dropFirst().dropLast()
        #expect(rows.count == 7)
        #expect(rows.allSatisfy { $0.split(separator: "\t")[1] == "0" })
    }

    @Test func errorsAreOneLine() throws {
        let root = try tree("split")
        try "00000000-00000000 : Reserved\n00000000-00000000 : System RAM\n"
            .write(toFile: root + "/proc/iomem", atomically: false, encoding: .utf8)
        var run = try Damo.run(["report", "pa_layout", "--machine_root", root], in: tmp.path)
        #expect(run.status == 1)
        #expect(run.stderr == "damo: \(root)/proc/iomem shows no addresses: run as root\n")
        try FileManager.default.removeItem(atPath: root + "/sys/devices/system/memory")
        run = try Damo.run(["report", "pa_layout", "--machine_root", root, "--numa_addr", "0"], in: tmp.path)
        #expect(run.stderr == "damo: \(root)/sys/devices/system/memory not found.  You may need CONFIG_MEMORY_HOTPLUG enabled.\n")
        run = try Damo.run(["report", "pa_layout", "--machine_root", root], in: tmp.path)
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("damo: cannot read \(root)/sys/devices/system/memory/block_size_bytes"))
        run = try Damo.run(["report", "pa_layout", "--numa_node", "-1"], in: tmp.path)
        #expect(run.status == 1)
        #expect(run.stderr == "damo: --numa_node takes a node id, not -1\n")
    }
}
