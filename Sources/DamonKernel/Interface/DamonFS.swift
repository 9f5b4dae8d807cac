import DamonModel
import DamoPlatform
import SystemPackage

/// A failed read or write of a DAMON interface file, with the kernel's
/// error: what damo reports, and what decides rollbacks.
public struct DamonFSError: DamoFailure, Sendable, Equatable {
    /// The file, relative to the interface root.
    public let path: String
    public let errno: Int32
    public let operation: String
    public init(path: String, errno: Int32, operation: String) {
        self.path = path
        self.errno = errno
        self.operation = operation
    }
    public var description: String {
        "\(operation) \(path) failed: \(errnoDescription(errno))"
    }
}

/// File-level access to the kernel's DAMON interfaces (sysfs, debugfs,
/// module parameters).  Paths are relative to a root ("/sys" on a real
/// system), so tests and other environments point damo at an emulator.
/// Everything damo does to DAMON goes through this.
public protocol DamonFS: AnyObject {
    /// The file's content, trailing newline removed.
    func read(_ path: String) throws(DamonFSError) -> String
    /// Writes the value as one write(2), as echo does.
    func write(_ path: String, _ value: String) throws(DamonFSError)
    /// Names in a directory, sorted.
    func list(_ path: String) throws(DamonFSError) -> [String]
    func exists(_ path: String) -> Bool
    func isDirectory(_ path: String) -> Bool
}

/// The real files under a root directory.
public final class RealDamonFS: DamonFS {
    public let root: String

    public init(root: String = "/sys") { self.root = root.hasSuffix("/") ? String(root.dropLast()) : root }

    func full(_ path: String) -> String { root + "/" + path }

    public func read(_ path: String) throws(DamonFSError) -> String {
        try Self.retryingBusy { () throws(DamonFSError) in try readOnce(path) }
    }

    func readOnce(_ path: String) throws(DamonFSError) -> String {
        let bytes: [UInt8]
        do {
            let fd = try FileDescriptor.open(full(path), .readOnly, options: .closeOnExec)
            bytes = try fd.closeAfter { try ProcFS.readAll(fd, chunk: 4096) }
        } catch {
            throw DamonFSError(path: full(path), errno: Errno.of(error).rawValue, operation: "reading")
        }
        var text = String(decoding: bytes, as: UTF8.self)
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    public func write(_ path: String, _ value: String) throws(DamonFSError) {
        try Self.retryingBusy { () throws(DamonFSError) in try writeOnce(path, value) }
    }

    /// DAMON's sysfs files take their lock with mutex_trylock and answer
    /// EBUSY while someone else holds it, as the kdamond does briefly
    /// every aggregation interval to look for commands: such a read or
    /// write goes through a moment later.  Seen in the 6.12 guest under
    /// load, on a snapshot scheme's write and on `stop`'s read of a
    /// kdamond's `state`; a stalled vCPU can hold the lock for longer
    /// than an aggregation, hence up to 1 s.  A lasting refusal
    /// (nr_kdamonds of a running kdamond) still fails, after `attempts`
    /// tries `pause` microseconds apart.
    static func retryingBusy<T>(
        attempts: Int = 101, pause: UInt32 = 10_000, _ body: () throws(DamonFSError) -> T
    ) throws(DamonFSError) -> T {
        var tried = 1
        while true {
            do {
                return try body()
            } catch let e where e.errno == EBUSY && tried < attempts {
                tried += 1
                usleep(pause)
            }
        }
    }

    func writeOnce(_ path: String, _ value: String) throws(DamonFSError) {
        // O_TRUNC: sysfs ignores it; a plain file (a test root) needs it.
        let fd = open(full(path), O_WRONLY | O_TRUNC | O_CLOEXEC)
        if fd < 0 { throw DamonFSError(path: full(path), errno: errno, operation: "writing") }
        defer { close(fd) }
        var text = value
        let result = text.withUTF8 { Glibc.write(fd, $0.baseAddress, $0.count) }
        if result < 0 { throw DamonFSError(path: full(path), errno: errno, operation: "writing '\(value)' to") }
    }

    public func list(_ path: String) throws(DamonFSError) -> [String] {
        guard let dir = opendir(full(path)) else {
            throw DamonFSError(path: full(path), errno: errno, operation: "listing")
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    public func exists(_ path: String) -> Bool { access(full(path), F_OK) == 0 }

    public func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(full(path), &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }
}
