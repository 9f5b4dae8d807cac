import DamoPlatform
import DamonKernel
import Foundation

/// A tracefs tree in a plain directory, for tests of what damo does to
/// tracefs (never the machine's): the top-level files, DAMON's events,
/// and `instances/` whose new directories are filled as the kernel fills
/// them.  `trace_pipe` is a plain file of the lines a test stores; writes
/// to the files in `failing` fail with EBUSY.
public final class FakeTracefs: TracefsFiles {
    public let root: String
    let files: RealTracefs
    public let events: [String]
    public var failing: Set<String> = []
    public var pipeLines: [String]

    /// `events`: DAMON's events without the `damon:` prefix.
    public init(root: String, events: [String] = ["damon_aggregated", "damos_before_apply"],
                instances: Bool = true, pipeLines: [String] = []) throws {
        self.root = root
        self.events = events
        self.pipeLines = pipeLines
        files = RealTracefs(root: root)
        try Self.populate(root, events: events, pipe: pipeLines)
        if instances { try FileManager.default.createDirectory(atPath: root + "/instances", withIntermediateDirectories: true) }
    }

    static func populate(_ dir: String, events: [String], pipe: [String]) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "1\n".write(toFile: dir + "/tracing_on", atomically: false, encoding: .utf8)
        try "[local] global counter uptime perf mono mono_raw boot\n".write(toFile: dir + "/trace_clock", atomically: false, encoding: .utf8)
        try "1408\n".write(toFile: dir + "/buffer_size_kb", atomically: false, encoding: .utf8)
        try pipe.map { $0 + "\n" }.joined().write(toFile: dir + "/trace_pipe", atomically: false, encoding: .utf8)
        for event in events {
            try fm.createDirectory(atPath: dir + "/events/damon/" + event, withIntermediateDirectories: true)
            try "0\n".write(toFile: dir + "/events/damon/\(event)/enable", atomically: false, encoding: .utf8)
        }
    }

    /// Every file's content under the tree, for before/after comparisons.
    public func state() -> [String: String] {
        var all: [String: String] = [:]
        let fm = FileManager.default
        for case let path as String in fm.enumerator(atPath: root) ?? FileManager.DirectoryEnumerator() {
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: root + "/" + path, isDirectory: &isDir) {
                all[path] = isDir.boolValue ? "<dir>" : ((try? String(contentsOfFile: root + "/" + path, encoding: .utf8)) ?? "")
            }
        }
        return all
    }

    public func read(_ path: String) throws(DamonFSError) -> String { try files.read(path) }
    public func write(_ path: String, _ value: String) throws(DamonFSError) {
        if failing.contains(path) { throw DamonFSError(path: root + "/" + path, errno: EBUSY, operation: "writing '\(value)' to") }
        // As the kernel keeps them: a value read back with its newline,
        // and trace_clock a list with the chosen clock bracketed.
        if path.hasSuffix("trace_clock") {
            let clocks = ((try? files.read(path)) ?? "").split(separator: " ").map { $0.trimmingCharacters(in: ["[", "]"]) }
            guard clocks.contains(value) else { throw DamonFSError(path: root + "/" + path, errno: EINVAL, operation: "writing '\(value)' to") }
            try files.write(path, clocks.map { $0 == value ? "[\($0)]" : $0 }.joined(separator: " ") + "\n")
        } else {
            try files.write(path, value + "\n")
        }
        // Enabling an event allocates the main buffer in full, once.
        if path.hasSuffix("/enable"), value == "1", let size = try? files.read("buffer_size_kb"),
           let expanded = size.split(separator: " ").last, size.contains("expanded") {
            try files.write("buffer_size_kb", expanded.dropLast() + "\n")
        }
    }
    public func list(_ path: String) throws(DamonFSError) -> [String] { try files.list(path) }
    public func exists(_ path: String) -> Bool { files.exists(path) }
    public func isDirectory(_ path: String) -> Bool { files.isDirectory(path) }

    /// An instance comes with its own files, events disabled.
    public func makeDirectory(_ path: String) throws(DamonFSError) {
        try files.makeDirectory(path)
        do { try Self.populate(root + "/" + path, events: events, pipe: pipeLines) } catch {
            throw DamonFSError(path: root + "/" + path, errno: EIO, operation: "filling")
        }
    }

    /// The kernel removes an instance with everything in it.
    public func removeDirectory(_ path: String) throws(DamonFSError) {
        guard path.hasPrefix("instances/"), files.isDirectory(path) else {
            throw DamonFSError(path: root + "/" + path, errno: EPERM, operation: "removing")
        }
        do { try FileManager.default.removeItem(atPath: root + "/" + path) } catch {
            throw DamonFSError(path: root + "/" + path, errno: EIO, operation: "removing")
        }
    }

    public func openForReading(_ path: String) throws(DamonFSError) -> Int32 { try files.openForReading(path) }
}
