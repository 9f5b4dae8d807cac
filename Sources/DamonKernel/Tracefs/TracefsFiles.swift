import DamoPlatform

/// tracefs's files (Documentation/trace/ftrace.rst), relative to where it
/// is mounted: DamonFS's reads and writes, plus the directory operations
/// that make and remove trace instances and the non-blocking read of
/// `trace_pipe`.  Tests give a fake tree whose `makeDirectory` fills the
/// instance as the kernel does.
public protocol TracefsFiles: DamonFS {
    /// Where it is, for messages.
    var root: String { get }
    func makeDirectory(_ path: String) throws(DamonFSError)
    func removeDirectory(_ path: String) throws(DamonFSError)
    /// A descriptor for non-blocking reads (EAGAIN when nothing is there).
    func openForReading(_ path: String) throws(DamonFSError) -> Int32
}

/// The real tracefs at a mount point.
public final class RealTracefs: TracefsFiles {
    let files: RealDamonFS
    public var root: String { files.root }

    public init(root: String) { files = RealDamonFS(root: root) }

    public func read(_ path: String) throws(DamonFSError) -> String { try files.read(path) }
    public func write(_ path: String, _ value: String) throws(DamonFSError) { try files.write(path, value) }
    public func list(_ path: String) throws(DamonFSError) -> [String] { try files.list(path) }
    public func exists(_ path: String) -> Bool { files.exists(path) }
    public func isDirectory(_ path: String) -> Bool { files.isDirectory(path) }

    public func makeDirectory(_ path: String) throws(DamonFSError) {
        if mkdir(files.full(path), 0o755) != 0 {
            throw DamonFSError(path: files.full(path), errno: errno, operation: "creating")
        }
    }

    public func removeDirectory(_ path: String) throws(DamonFSError) {
        if rmdir(files.full(path)) != 0 {
            throw DamonFSError(path: files.full(path), errno: errno, operation: "removing")
        }
    }

    public func openForReading(_ path: String) throws(DamonFSError) -> Int32 {
        let fd = open(files.full(path), O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        if fd < 0 { throw DamonFSError(path: files.full(path), errno: errno, operation: "opening") }
        return fd
    }
}

public enum Tracefs {
    /// DAMON's trace events damo knows, in damo's order.
    public static let damonEvents = [
        "damon:damon_aggregated", "damon:damos_before_apply", "damon:damon_monitor_intervals_tune",
        "damon:damos_esz", "damon:damos_stat_after_apply_interval", "damon:damon_region_aggregated",
    ]

    /// Where tracefs is under a sysfs root ("/sys" on a real system):
    /// kernel/tracing, else the older kernel/debug/tracing; the one with
    /// an events/ directory.  An emulated root thus never reaches the
    /// machine's tracefs.
    public static func locate(sysRoot: String) -> String? {
        let base = sysRoot.hasSuffix("/") ? String(sysRoot.dropLast()) : sysRoot
        for dir in [base + "/kernel/tracing", base + "/kernel/debug/tracing"]
        where ProcFS.isDirectory(dir + "/events") {
            return dir
        }
        return nil
    }

    /// DAMO_TRACEFS where set (a test's tree, or a mount elsewhere), else
    /// `locate(sysRoot:)`.
    public static func mountPoint(sysRoot: String) -> String? {
        if let given = getenv("DAMO_TRACEFS") { return String(cString: given) }
        return locate(sysRoot: sysRoot)
    }

    /// What of tracefs could not be put back, as one line (none when all went back).
    public static func puttingBack(_ problems: [String]) -> [String] {
        problems.isEmpty ? [] : ["putting tracefs back: " + problems.joined(separator: "; ")]
    }

    /// The DAMON events (`damon:NAME`) this kernel has, in damo's order
    /// (unknown ones after, sorted).
    public static func availableDamonEvents(_ fs: TracefsFiles) -> [String] {
        let names = ((try? fs.list("events/damon")) ?? []).filter { fs.isDirectory("events/damon/" + $0) }
        let given = names.map { "damon:" + $0 }
        return damonEvents.filter(given.contains) + given.filter { !damonEvents.contains($0) }
    }
}
