import DamoPlatform
import DamonModel

/// Physical address ranges of NUMA nodes, from memory blocks
/// (/sys/devices/system) and /proc/iomem, as damo's pa_layout finds them.
public enum PhysicalMemory {
    /// A range of the physical address space: an iomem resource, with the
    /// node and hotplug state of the memory blocks holding it.
    public struct Range: Sendable, Equatable {
        public var start: Int
        public var end: Int
        public var nid: Int?
        public var state: String?
        public var name: String?
    }

    /// Where the machine's files are: `/` normally, a directory holding
    /// `proc/iomem` and `sys/devices/system` for tests.
    public struct Files: Sendable {
        public var sys: String
        public var proc: String

        public init(root: String? = nil) {
            let base = root.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? ""
            sys = base + "/sys"
            proc = base + "/proc"
        }

        public static let system = Files()
        var memoryDir: String { sys + "/devices/system/memory" }
        var nodeDir: String { sys + "/devices/system/node" }
        var iomem: String { proc + "/iomem" }
        var zoneinfo: String { proc + "/zoneinfo" }
    }

    /// Each node's memory: its memory blocks where the kernel has memory
    /// hotplug, else the span of its zones.
    static func nodeRanges(_ files: Files) throws -> [Range] {
        if ProcFS.isDirectory(files.memoryDir) { return try memoryBlockRanges(files) }
        guard let zoneinfo = ProcFS.read(files.zoneinfo) else {
            throw ProcessError("\(files.memoryDir) not found and \(files.zoneinfo) unreadable.  \(noMemoryDirHint)")
        }
        return zoneSpans(zoneinfo, pageSize: Int(getpagesize()))
    }

    /// Nodes' spans from /proc/zoneinfo (`Node N, zone Z` sections with
    /// `spanned` pages from `start_pfn`); memory that cannot be hotplugged
    /// is online.
    static func zoneSpans(_ text: String, pageSize: Int) -> [Range] {
        var spans: [Int: (start: Int, end: Int)] = [:]
        var node: Int? = nil
        var spanned: Int? = nil
        for line in text.split(separator: "\n") {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "," || $0 == ":" })
            guard let first = words.first else { continue }
            if first == "Node", words.count > 1 {
                node = Int(words[1])
                spanned = nil
            } else if first == "spanned", words.count > 1 {
                spanned = Int(words[1])
            } else if first == "start_pfn", words.count > 1, let nid = node, let pages = spanned, pages > 0,
                      let pfn = Int(words[1]), pfn >= 0, pfn <= Int.max / pageSize - pages {
                let start = pfn * pageSize, end = (pfn + pages) * pageSize
                let old = spans[nid] ?? (start, end)
                spans[nid] = (min(old.start, start), max(old.end, end))
            }
        }
        return spans.keys.sorted().map { Range(start: spans[$0]!.start, end: spans[$0]!.end, nid: $0, state: "online") }
    }

    /// Memory blocks of every node, contiguous ones of one node and state
    /// merged, by node then address.
    static func memoryBlockRanges(_ files: Files) throws -> [Range] {
        let sizePath = files.memoryDir + "/block_size_bytes"
        guard let sizeText = ProcFS.read(sizePath) else {
            throw ProcessError("cannot read \(sizePath) (\(noMemoryDirHint))")
        }
        guard let blockSize = Int(sizeText.filter { !$0.isWhitespace }, radix: 16), blockSize > 0 else {
            throw ProcessError("\(sizePath) holds no block size ('\(sizeText.filter { !$0.isNewline })')")
        }
        var blocks: [Range] = []
        for node in ProcFS.list(files.nodeDir) ?? [] where node.hasPrefix("node") {
            guard let nid = Int(node.dropFirst(4)) else { continue }
            for f in ProcFS.list(files.nodeDir + "/" + node) ?? [] where f.hasPrefix("memory") {
                // memory_failure and other files are no blocks.
                guard let index = Int(f.dropFirst(6)), index >= 0 else { continue }
                let (start, overflow) = index.multipliedReportingOverflow(by: blockSize)
                guard !overflow, start <= Int.max - blockSize else {
                    throw ProcessError("memory block \(index) of \(node) lies beyond any address")
                }
                let state = ProcFS.read("\(files.nodeDir)/\(node)/\(f)/state")?.trimmingWhitespace()
                blocks.append(Range(start: start, end: start + blockSize, nid: nid, state: state))
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

    static let noMemoryDirHint = "You may need CONFIG_MEMORY_HOTPLUG enabled."

    /// Every iomem resource (nested ones too) with the node and state of
    /// the memory block (or node span) holding it, in address order; a resource crossing
    /// a block's end is split there, and the parts outside every block are
    /// left out.
    public static func layout(_ files: Files = .system) throws -> [Range] {
        let blocks = try nodeRanges(files)
        guard let iomem = ProcFS.read(files.iomem) else {
            throw ProcessError("cannot read \(files.iomem)")
        }
        let entries = ProcIomem.entries(iomem)
        // Without root, the kernel shows every address as zero.
        if !entries.isEmpty && entries.allSatisfy({ $0.start == 0 && $0.end == 1 }) {
            throw ProcessError("\(files.iomem) shows no addresses: run as root")
        }
        var pending = entries.map { Range(start: $0.start, end: $0.end, nid: nil, state: nil, name: $0.name) }
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
        // Stable, as damo's sort: split parts stay after their resource.
        return result.enumerated().sorted { ($0.element.start, $0.offset) < ($1.element.start, $1.offset) }
            .map(\.element)
    }

    /// System RAM ranges of the given nodes, contiguous ones merged.
    public static func systemRAMRanges(nodes: [Int], _ files: Files = .system) throws -> [(start: Int, end: Int)] {
        let all = try layout(files)
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

    /// The default paddr monitoring region: from the first System RAM to
    /// the end of the last (/proc/iomem).
    public static func systemRAMSpan(_ files: Files = .system) throws -> (start: Int, end: Int)? {
        guard let text = ProcFS.read(files.iomem) else { throw ProcessError("cannot read \(files.iomem)") }
        return ProcIomem.systemRAMSpan(text)
    }
}
