/// Physical address ranges of NUMA nodes, from memory blocks
/// (/sys/devices/system) and /proc/iomem, as damo's pa_layout finds them.
public enum PhysicalMemory {
    struct Range {
        var start: Int
        var end: Int
        var nid: Int?
        var state: String?
        var name: String?
    }

    static let memoryDir = "/sys/devices/system/memory"
    static let nodeDir = "/sys/devices/system/node"

    static func memoryBlockRanges() throws -> [Range] {
        guard let sizeText = ProcFS.read(memoryDir + "/block_size_bytes"),
              let blockSize = Int(sizeText.filter { !$0.isWhitespace }, radix: 16) else {
            throw ProcessError("cannot read \(memoryDir)/block_size_bytes")
        }
        var blocks: [Range] = []
        for node in ProcFS.list(nodeDir) ?? [] where node.hasPrefix("node") {
            guard let nid = Int(node.dropFirst(4)) else { continue }
            for f in ProcFS.list(nodeDir + "/" + node) ?? [] where f.hasPrefix("memory") {
                guard let index = Int(f.dropFirst(6)) else { continue }
                let state = ProcFS.read("\(nodeDir)/\(node)/\(f)/state")?.filter { !$0.isWhitespace }
                blocks.append(Range(start: index * blockSize, end: (index + 1) * blockSize, nid: nid, state: state))
            }
        }
        blocks.sort { ($0.nid ?? 0, $0.start) < ($1.nid ?? 0, $1.start) }
        var merged: [Range] = []
        for b in blocks {
            if let last = merged.last, last.end == b.start, last.nid == b.nid, last.state == b.state {
                merged[merged.count - 1].end = b.end
            } else {
                merged.append(b)
            }
        }
        return merged
    }

    /// iomem entries with the node and state of the memory blocks holding
    /// them; entries crossing a block end are split there.
    static func layout() throws -> [Range] {
        let blocks = try memoryBlockRanges()
        var pending = ProcIomem.entries(try ProcIomem.read()).map {
            Range(start: $0.start, end: $0.end, nid: nil, state: nil, name: $0.name)
        }
        var result: [Range] = []
        var i = 0
        while i < pending.count {
            var r = pending[i]
            for b in blocks {
                if b.start <= r.start && r.end <= b.end {
                    r.nid = b.nid
                    r.state = b.state
                    result.append(r)
                } else if b.start <= r.start && r.start < b.end && b.end < r.end {
                    pending.append(Range(start: b.end, end: r.end, nid: nil, state: nil, name: r.name))
                    r.end = b.end
                    r.nid = b.nid
                    r.state = b.state
                    result.append(r)
                }
            }
            i += 1
        }
        return result.sorted { $0.start < $1.start }
    }

    /// System RAM ranges of the given nodes, contiguous ones merged.
    public static func systemRAMRanges(nodes: [Int]) throws -> [(start: Int, end: Int)] {
        guard ProcFS.isDirectory(memoryDir) else {
            throw ProcessError("\(memoryDir) not found.  You may need CONFIG_MEMORY_HOTPLUG enabled.")
        }
        let all = try layout()
        var ranges: [(start: Int, end: Int)] = []
        for node in nodes {
            var nodeRanges: [(start: Int, end: Int)] = []
            for r in all where r.nid == node && (r.name ?? "").hasPrefix("System RAM") {
                if let last = nodeRanges.last, last.end == r.start {
                    nodeRanges[nodeRanges.count - 1].end = r.end
                } else {
                    nodeRanges.append((r.start, r.end))
                }
            }
            if let last = ranges.last, let first = nodeRanges.first, last.end == first.start {
                ranges[ranges.count - 1].end = first.end
                nodeRanges.removeFirst()
            }
            ranges += nodeRanges
        }
        return ranges
    }
}
