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

/// Where DAMON's files are: under the root given (damo's hidden
/// --interface_root), else DAMO_INTERFACE_ROOT, else /sys; `open` gives
/// the files under a root (real ones; tests give an emulator).
public struct DamonFiles {
    public var open: (String) -> DamonFS
    /// The root when none is given (DAMO_INTERFACE_ROOT).
    public var environmentRoot: String?
    /// Where debugfs is mounted, when not under /sys.
    public var debugfsMount: () -> String?

    public init(open: @escaping (String) -> DamonFS, environmentRoot: String?, debugfsMount: @escaping () -> String?) {
        self.open = open
        self.environmentRoot = environmentRoot
        self.debugfsMount = debugfsMount
    }

    /// The machine's files.
    public static var system: DamonFiles {
        DamonFiles(open: { RealDamonFS(root: $0) },
                   environmentRoot: getenv("DAMO_INTERFACE_ROOT").map { String(cString: $0) },
                   debugfsMount: { Mounts.current()["debugfs"] })
    }

    /// The files under `root` (or the default root), as they are.
    public func fs(root: String?) -> DamonFS { open(root ?? environmentRoot ?? "/sys") }

    /// DAMON's control through the chosen interface; with `debug`, every
    /// file access is logged as damo's --debug_damon does.
    public func control(root: String?, choice: DamonInterfaceChoice = .auto, debug: Bool = false,
                        log: @escaping (String) -> Void) -> DamonControl {
        let path = root ?? environmentRoot ?? "/sys"
        func logged(_ fs: DamonFS, _ root: String) -> DamonFS {
            let shown = root.hasSuffix("/") ? String(root.dropLast()) : root
            return debug ? LoggingDamonFS(fs, shownPath: { shown + "/" + $0 }, output: log) : fs
        }
        let fs = logged(open(path), path)
        var debugfs = DebugfsControl(fs: fs)
        // debugfs mounted somewhere other than /sys/kernel/debug.
        if root == nil && environmentRoot == nil && !debugfs.present, let mount = debugfsMount() {
            debugfs = DebugfsControl(fs: logged(open(mount), mount), root: "damon")
        }
        return DamonControl(fs: fs, interface: choice, debugfs: debugfs)
    }
}
