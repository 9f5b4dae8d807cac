import DamoPlatform
import DamonKernel

/// DAMON's files served by another process over a Unix socket: what an
/// interface root that is a socket means.  Emulated kernels (the tests')
/// answer each read and write synchronously, as sysfs does, which a tree
/// of plain files cannot.
///
/// Protocol, one exchange per operation: a request `<op> <n>\n` and n
/// bytes (the path; for W the path, a NUL and the value), answered by
/// `<errno> <n>\n` and n bytes (0 and the result on success).  Ops: R
/// read, W write, L list (names joined by NUL), E exists, D is directory
/// ("1" or "0").
public final class SocketDamonFS: DamonFS {
    public let socketPath: String
    var fd: Int32 = -1

    public init(socketPath: String) { self.socketPath = socketPath }

    deinit { if fd >= 0 { close(fd) } }

    /// Whether `path` is a Unix socket.
    public static func isSocket(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFSOCK
    }

    func connectIfNeeded(_ path: String) throws(DamonFSError) {
        if fd >= 0 { return }
        let s = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        if s < 0 { throw DamonFSError(path: socketPath, errno: errno, operation: "connecting to") }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(socketPath.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: addr.sun_path) else {
            close(s)
            throw DamonFSError(path: socketPath, errno: ENAMETOOLONG, operation: "connecting to")
        }
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
            raw[bytes.count] = 0
        }
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(s, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        if rc != 0 {
            let e = errno
            close(s)
            throw DamonFSError(path: socketPath, errno: e, operation: "connecting to")
        }
        fd = s
    }

    /// One request and its answer; a broken connection is EIO.
    func exchange(_ op: Character, _ payload: [UInt8], path: String, operation: String) throws(DamonFSError) -> [UInt8] {
        try connectIfNeeded(path)
        var request = Array("\(op) \(payload.count)\n".utf8)
        request += payload
        guard SocketIO.writeAll(fd, request) else { throw broken(path, operation) }
        guard let header = SocketIO.readLine(fd),
              let (status, length) = SocketIO.parseHeader(header),
              let body = SocketIO.readExactly(fd, length) else {
            throw broken(path, operation)
        }
        if status != 0 { throw DamonFSError(path: path, errno: status, operation: operation) }
        return body
    }

    func broken(_ path: String, _ operation: String) -> DamonFSError {
        close(fd)
        fd = -1
        return DamonFSError(path: path, errno: EIO, operation: operation + " (emulator connection lost)")
    }

    public func read(_ path: String) throws(DamonFSError) -> String {
        var text = String(decoding: try exchange("R", Array(path.utf8), path: path, operation: "reading"), as: UTF8.self)
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    public func write(_ path: String, _ value: String) throws(DamonFSError) {
        _ = try exchange("W", Array(path.utf8) + [0] + Array(value.utf8), path: path,
                         operation: "writing '\(value)' to")
    }

    public func list(_ path: String) throws(DamonFSError) -> [String] {
        let body = try exchange("L", Array(path.utf8), path: path, operation: "listing")
        if body.isEmpty { return [] }
        return body.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }

    public func exists(_ path: String) -> Bool {
        (try? exchange("E", Array(path.utf8), path: path, operation: "checking")) == Array("1".utf8)
    }

    public func isDirectory(_ path: String) -> Bool {
        (try? exchange("D", Array(path.utf8), path: path, operation: "checking")) == Array("1".utf8)
    }
}

/// Byte-level helpers of the socket protocol, shared with its servers.
public enum SocketIO {
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            off += n
        }
        return true
    }

    public static func readExactly(_ fd: Int32, _ count: Int) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: count)
        var off = 0
        while off < count {
            let n = out[off...].withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return nil }
            off += n
        }
        return out
    }

    /// A header line, without its newline; nil at end of stream.
    public static func readLine(_ fd: Int32) -> String? {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let n = recv(fd, &byte, 1, 0)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return nil }
            if byte == 0x0a { return String(decoding: line, as: UTF8.self) }
            line.append(byte)
            if line.count > 64 { return nil }
        }
    }

    /// `<word> <number>`: the op or status, and the payload length.
    public static func parseHeader(_ line: String) -> (Int32, Int)? {
        let parts = line.split(separator: " ")
        guard parts.count == 2, let status = Int32(parts[0]), let n = Int(parts[1]), n >= 0 else { return nil }
        return (status, n)
    }
}
