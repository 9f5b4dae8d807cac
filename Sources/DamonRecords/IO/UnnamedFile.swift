import DamoPlatform

/// An unnamed temporary file (in $TMPDIR or /var/tmp, or beside the file it is for):
/// a pipe's trace text copied while the first pass reads it, perf
/// script's text, a report's spill of snapshots, a recording's snapshots
/// until it is saved; read again later and gone however the process
/// ends.  `name` (the record's) and `purpose` make its errors.
final class UnnamedFile: ByteSink {
    let fd: Int32
    var size = 0
    let name: String
    let purpose: String

    init(name: String, purpose: String, directory: String? = nil) throws {
        self.name = name
        self.purpose = purpose
        let dir = directory ?? UnnamedFile.defaultDirectory
        var template = Array((dir + "/.damo-XXXXXX").utf8CString)
        let fd = mkstemp(&template)
        guard fd >= 0 else { throw RecordFileError(name, "cannot \(purpose): \(errnoDescription())") }
        // Named only for as long as it takes to unlink it.
        unlink(stringFromCChars(template))
        self.fd = fd
    }

    deinit { close(fd) }

    /// $TMPDIR, else /var/tmp, which is on disk where /tmp may be a
    /// tmpfs: a spill of a long record is gigabytes, and in a tmpfs they
    /// would be memory.  /tmp where /var/tmp is missing.
    static var defaultDirectory: String {
        if let dir = getenv("TMPDIR"), dir.pointee != 0 { return String(cString: dir) }
        var st = stat()
        if stat("/var/tmp", &st) == 0 && st.st_mode & S_IFMT == S_IFDIR && access("/var/tmp", W_OK) == 0 { return "/var/tmp" }
        return "/tmp"
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        var off = 0
        while off < bytes.count {
            let n = pwrite(fd, bytes.baseAddress! + off, bytes.count - off, off_t(size + off))
            if n < 0 {
                if errno == EINTR { continue }
                throw RecordFileError(name, "cannot \(purpose): \(errnoDescription())")
            }
            off += n
        }
        size += bytes.count
    }

    /// Nothing to complete: the bytes are read back with a Reader.
    func finish() throws {}

    struct Reader: ByteSource {
        let file: UnnamedFile
        var offset = 0
        mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            while true {
                let n = pread(file.fd, buffer.baseAddress, buffer.count, off_t(offset))
                if n >= 0 {
                    offset += n
                    return n
                }
                if errno != EINTR { throw RecordFileError(file.name, "cannot \(file.purpose): read failed: \(errnoDescription())") }
            }
        }
    }

    /// A source whose bytes are also written to the file.
    struct Filling<Base: ByteSource>: ByteSource {
        var base: Base
        let file: UnnamedFile
        mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            let n = try base.read(into: buffer)
            if n > 0 { try file.write(UnsafeRawBufferPointer(rebasing: buffer[..<n])) }
            return n
        }
    }
}
