import DamoTestSupport
import Foundation
import Testing

/// `report pa_layout` against damo 3.4.3's output for stored machines
/// (Tests/Fixtures/pa_layout: this build machine and a made-up layout with
/// split resources), each rebuilt as a `proc/iomem` and
/// `sys/devices/system` tree given with the hidden --machine_root; and a
/// 2-node guest of the 6.12 test kernel, which has no memory hotplug (no
/// memory blocks: damo 3.4.3 fails there with a traceback).
@Suite struct PaLayoutTests {
    static let dir = fixtures + "/pa_layout"
    static let machines = ["host", "split"]
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
        #expect(Self.all.count == 14)
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

    /// Without memory blocks, each node's memory is the span of its zones
    /// (/proc/zoneinfo), all of it online.
    @Test func zoneSpansWithoutMemoryHotplug() throws {
        let root = tmp.file("numa2")
        try FileManager.default.createDirectory(atPath: root + "/proc", withIntermediateDirectories: true)
        for f in ["iomem", "zoneinfo"] {
            try FileManager.default.copyItem(atPath: Self.dir + "/numa2-6.12/" + f, toPath: root + "/proc/" + f)
        }
        var run = try Damo.run(["report", "pa_layout", "--machine_root", root, "--numa_addr", "1"], in: tmp.path)
        #expect(run.status == 0, "\(run.stderr)")
        // Node 1's DMA32 zone: pfn 131072, 131040 pages.
        #expect(run.text == "[512.000 MiB, 1023.875 MiB) (size 511.875 MiB)\n")
        run = try Damo.run(["report", "pa_layout", "--machine_root", root, "--raw_number"], in: tmp.path)
        #expect(run.status == 0, "\(run.stderr)")
        let ram = run.text.split(separator: "\n").filter { $0.contains("System RAM") }
            .map { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ") }
        #expect(ram == ["4096 654336 0 online System RAM 650240",
                        "1048576 536870912 0 online System RAM 535822336",
                        "536870912 1073610752 1 online System RAM 536739840"])
    }

    /// Hostile machine files: numbers beyond any address end in one line
    /// or are left out, never in a trap.
    @Test func hostileMachineFilesNeverTrap() throws {
        let root = tmp.file("hostile")
        let fm = FileManager.default
        try fm.createDirectory(atPath: root + "/proc", withIntermediateDirectories: true)
        try "00001000-0009fbff : System RAM\n".write(toFile: root + "/proc/iomem", atomically: false, encoding: .utf8)
        // Zone spans past 2^63, negative and garbage: left out.
        try """
            Node 0, zone    DMA32
                    spanned  9223372036854775807
              start_pfn:           9223372036854775807
            Node 1, zone    DMA32
                    spanned  -5
              start_pfn:           -1
            Node x, zone Normal
                    spanned  zz
            """.write(toFile: root + "/proc/zoneinfo", atomically: false, encoding: .utf8)
        var run = try Damo.run(["report", "pa_layout", "--machine_root", root], in: tmp.path)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.text.contains("System RAM\t"), "\(run.text)")
        // A memory block index beyond any address, and a block size of 2^64-1.
        let memory = root + "/sys/devices/system/memory"
        try fm.createDirectory(atPath: memory, withIntermediateDirectories: true)
        try fm.createDirectory(atPath: root + "/sys/devices/system/node/node0/memory9223372036854775807",
                               withIntermediateDirectories: true)
        try "8000000\n".write(toFile: memory + "/block_size_bytes", atomically: false, encoding: .utf8)
        run = try Damo.run(["report", "pa_layout", "--machine_root", root], in: tmp.path)
        #expect(run.status == 1)
        #expect(run.stderr == "damo: memory block 9223372036854775807 of node0 lies beyond any address\n")
        try "ffffffffffffffff\n".write(toFile: memory + "/block_size_bytes", atomically: false, encoding: .utf8)
        run = try Damo.run(["report", "pa_layout", "--machine_root", root], in: tmp.path)
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("damo: \(memory)/block_size_bytes holds no block size"), "\(run.stderr)")
    }

    @Test func errorsAreOneLine() throws {
        let root = try tree("split")
        try "00000000-00000000 : Reserved\n00000000-00000000 : System RAM\n"
            .write(toFile: root + "/proc/iomem", atomically: false, encoding: .utf8)
        var run = try Damo.run(["report", "pa_layout", "--machine_root", root], in: tmp.path)
        #expect(run.status == 1)
        #expect(run.stderr == "damo: \(root)/proc/iomem shows no addresses: run as root\n")
        try FileManager.default.removeItem(atPath: root + "/sys/devices/system/memory/block_size_bytes")
        run = try Damo.run(["report", "pa_layout", "--machine_root", root], in: tmp.path)
        #expect(run.status == 1)
        #expect(run.stderr == "damo: cannot read \(root)/sys/devices/system/memory/block_size_bytes (You may need CONFIG_MEMORY_HOTPLUG enabled.)\n")
        try FileManager.default.removeItem(atPath: root + "/sys/devices/system/memory")
        run = try Damo.run(["report", "pa_layout", "--machine_root", root, "--numa_addr", "0"], in: tmp.path)
        #expect(run.status == 1)
        #expect(run.stderr == "damo: \(root)/sys/devices/system/memory not found and \(root)/proc/zoneinfo unreadable.  You may need CONFIG_MEMORY_HOTPLUG enabled.\n")
        run = try Damo.run(["report", "pa_layout", "--numa_node=-1"], in: tmp.path)
        #expect(run.status == 1)
        #expect(run.stderr == "damo: --numa_node takes a node id, not -1\n")
    }
}
