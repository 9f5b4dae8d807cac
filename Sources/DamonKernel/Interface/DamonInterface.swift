import DamoPlatform

/// Which of DAMON's user interfaces damo drives (damo's hidden
/// `--damon_interface_DEPRECATED`): sysfs, debugfs, or sysfs when the
/// kernel has it and debugfs otherwise.
public enum DamonInterfaceChoice: String, CaseIterable, Sendable {
    case sysfs, debugfs, auto
}

/// A DamonFS that prints every read and write as damo's `--debug_damon`
/// does (`read 'PATH': 'CONTENT'`, `write 'CONTENT' to 'PATH'`).
public final class LoggingDamonFS: DamonFS {
    public let base: DamonFS
    let shownPath: (String) -> String
    let output: (String) -> Void

    public init(_ base: DamonFS, shownPath: @escaping (String) -> String = { $0 },
                output: @escaping (String) -> Void = { print($0) }) {
        self.base = base
        self.shownPath = shownPath
        self.output = output
    }

    static func stripped(_ s: String) -> String {
        String(s.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }

    public func read(_ path: String) throws(DamonFSError) -> String {
        let text = try base.read(path)
        output("read '\(shownPath(path))': '\(Self.stripped(text))'")
        return text
    }

    public func write(_ path: String, _ value: String) throws(DamonFSError) {
        output("write '\(Self.stripped(value))' to '\(shownPath(path))'")
        try base.write(path, value)
    }

    public func list(_ path: String) throws(DamonFSError) -> [String] { try base.list(path) }
    public func exists(_ path: String) -> Bool { base.exists(path) }
    public func isDirectory(_ path: String) -> Bool { base.isDirectory(path) }
}

/// Where debugfs is mounted, from /proc/mounts (nil when it is not).
func debugfsMountPoint() -> String? {
    guard let mounts = try? RealDamonFS(root: "/proc").read("mounts") else { return nil }
    for line in mounts.split(separator: "\n") {
        let fields = line.split(separator: " ")
        if fields.count >= 3, fields[2] == "debugfs" { return String(fields[1]) }
    }
    return nil
}
