import DamoPlatform

/// /proc/iomem: the physical address map.
public enum ProcIomem {
    public struct Entry: Sendable, Equatable {
        /// `[start, end)`: iomem's closed ranges, made half-open.
        public var start: Int
        public var end: Int
        public var name: String
    }

    /// Every `start-end : name` line, nested ones included.
    public static func entries(_ text: String) -> [Entry] {
        var result: [Entry] = []
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let addrs = line[..<colon].split(separator: "-", omittingEmptySubsequences: false)
            guard addrs.count == 2,
                  let start = Int(addrs[0].trimmingCharacters(), radix: 16),
                  let last = Int(addrs[1].trimmingCharacters(), radix: 16) else { continue }
            let name = line[line.index(after: colon)...].trimmingCharacters()
            result.append(Entry(start: start, end: last + 1, name: name))
        }
        return result
    }

    /// The range from the first to the end of the last "System RAM", the
    /// default region of paddr monitoring as damo sets it (lines with one
    /// ':' only, as damo reads them).  nil without any System RAM.
    public static func systemRAMSpan(_ text: String) -> (start: Int, end: Int)? {
        var span: (start: Int, end: Int)? = nil
        for line in text.split(separator: "\n") where line.filter({ $0 == ":" }).count == 1 {
            guard let e = entries(String(line)).first, e.name.hasPrefix("System RAM") else { continue }
            span = (span?.start ?? e.start, e.end)
        }
        return span
    }

    public static func read() throws -> String {
        guard let text = ProcFS.read("/proc/iomem") else {
            throw ProcessError("cannot read /proc/iomem (\(String(cString: strerror(errno))))")
        }
        return text
    }
}

extension Substring {
    func trimmingCharacters() -> String {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}
