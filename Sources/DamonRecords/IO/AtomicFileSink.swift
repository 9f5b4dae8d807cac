import DamoPlatform

/// Writes a file under a temporary name beside it and renames it into
/// place only when complete, so that readers (and a crash) never see a
/// partial record.  `abandon()` removes the temporary file.
public final class AtomicFileSink: ByteSink {
    public let path: String
    let tempPath: String
    var fd: Int32
    let permission: mode_t
    var buffer: [UInt8] = []
    var done = false

    public init(path: String, permission: Int = 0o600) throws {
        self.path = path
        self.permission = mode_t(permission)
        let dir = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        let base = path.split(separator: "/").last.map(String.init) ?? path
        var template = Array(((dir.isEmpty ? "" : dir + "/") + "." + base + ".tmp-XXXXXX").utf8CString)
        fd = mkstemp(&template)
        if fd < 0 {
            throw RecordFileError(path, "cannot create a file in \(dir): " + errnoDescription())
        }
        tempPath = stringFromCChars(template)
        buffer.reserveCapacity(1 << 16)
    }

    deinit { if !done { abandon() } }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { try flushBuffer() }
    }

    func flushBuffer() throws {
        try buffer.withUnsafeBytes { raw in
            var off = 0
            while off < raw.count {
                let n = posixWrite(fd, raw.baseAddress! + off, raw.count - off)
                if n < 0 {
                    if errno == EINTR { continue }
                    let err = errnoDescription()
                    abandon()
                    throw RecordFileError(path, "write failed: \(err); nothing was written to \(path)")
                }
                off += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    public func finish() throws {
        try flushBuffer()
        if fchmod(fd, permission) != 0 || fsync(fd) != 0 {
            let err = errnoDescription()
            abandon()
            throw RecordFileError(path, "cannot complete the file: \(err)")
        }
        close(fd)
        fd = -1
        if rename(tempPath, path) != 0 {
            let err = errnoDescription()
            abandon()
            throw RecordFileError(path, "cannot rename the complete file into place: \(err)")
        }
        done = true
    }

    /// Drops what was written; the destination stays as it was.
    public func abandon() {
        if fd >= 0 {
            close(fd)
            fd = -1
        }
        unlink(tempPath)
        done = true
    }
}

/// A sink that keeps bytes in memory (tests, and output to stdout).
public final class MemorySink: ByteSink {
    public private(set) var bytes: [UInt8] = []
    public init() {}
    public func write(_ b: UnsafeRawBufferPointer) throws { bytes.append(contentsOf: b) }
    public func finish() throws {}
}
