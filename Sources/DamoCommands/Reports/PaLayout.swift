import DamonKernel
import DamonModel

/// `damo report pa_layout`: the physical address space as /proc/iomem and
/// the NUMA nodes' memory blocks lay it out, in damo's table (read-only).
public protocol ReportPaLayoutCommand {
    var numaNode: Int? { get }
    var numaAddr: Int? { get }
    var rawNumber: Bool { get }
    /// Tests: a directory holding `proc/iomem` and `sys/devices/system`.
    var machineRoot: String? { get }
}

extension ReportPaLayoutCommand {
    public func run(in env: DamoEnvironment) throws {
        let files = PhysicalMemory.Files(root: machineRoot)
        for (name, node) in [("--numa_node", numaNode), ("--numa_addr", numaAddr)] {
            if let node, node < 0 { throw DamoError("\(name) takes a node id, not \(node)") }
        }
        func sz(_ n: Int) -> String { UnitFormat.size(n, raw: rawNumber) }
        if let node = numaAddr {
            let ranges = try PhysicalMemory.systemRAMRanges(nodes: [node], files)
            if ranges.isEmpty { return }
            try env.show(ranges.map { "[\(sz($0.start)), \(sz($0.end))) (size \(sz($0.end - $0.start)))" }
                .joined(separator: "\n"))
            return
        }
        var lines = ["#" + PyFormat.padLeft("start", 14) + " " + PyFormat.padLeft("end", 14) + "\tnode\tstate\tresource\tsize"]
        // damo shows every node for `--numa_node 0` (0 is false to it);
        // we show node 0's.
        for r in try PhysicalMemory.layout(files) where numaNode == nil || r.nid == numaNode {
            lines.append(PyFormat.padLeft(sz(r.start), 15) + " " + PyFormat.padLeft(sz(r.end), 15) + "\t"
                + (r.nid.map { UnitFormat.nr($0, raw: rawNumber) } ?? "None") + "\t" + (r.state ?? "None") + "\t"
                + (r.name ?? "None") + "\t" + sz(r.end - r.start))
        }
        if let span = try PhysicalMemory.systemRAMSpan(files) {
            lines.append("Default paddr monitoring range: [\(sz(span.start)), \(sz(span.end))) "
                + "(size \(sz(span.end - span.start)))")
        } else {
            lines.append("Default paddr monitoring range: none (no System RAM in \(files.proc)/iomem)")
        }
        try env.show(lines.joined(separator: "\n"))
    }
}
