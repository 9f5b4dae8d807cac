import DamoPlatform

/// An unnamed temporary file for bytes that would otherwise be held in
/// memory until they can be used: a pipe's trace text read again by later
/// passes, a recording's snapshots until the record is written.  It is
/// unlinked as soon as it is made, so no exit path leaves it behind.
public final class SpillFile: ByteSink {
    let fd: Int32
    /// What the bytes stand for (the input or output file), for errors.
    let name: String
    let purpose: String
    public private(set) var size = 0

    /// `purpose` completes "cannot make a temporary file to ...".  The
    /// file is made in `directory`, else in $TMPDIR or /tmp.
    public init(name: String, purpose: String, directory: String? = nil) throws {
        self.name = name
        self.purpose = purpose
        let dir = directory ?? getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array((dir + "/.damo-spill-XXXXXX").utf8CString)
        let fd = mkstemp(&template)
        guard fd >= 0 else { throw RecordFileError(name, "cannot make a temporary file to \(purpose): \(errnoDescription())") }
        // Named only for as long as it takes to unlink it.
        unlink(stringFromCChars(template))
        self.fd = fd
    }

    deinit { close(fd) }

    /// Appends (a full disk is an error naming what the file was for).
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        var off = 0
        while off < bytes.count {
            let n = pwrite(fd, bytes.baseAddress! + off, bytes.count - off, off_t(size + off))
            if n < 0 {
                if errno == EINTR { continue }
                throw RecordFileError(name, "cannot write a temporary file to \(purpose): \(errnoDescription())")
            }
            off += n
        }
        size += bytes.count
    }

    /// Nothing to complete: the bytes are read back with `reader()`.
    public func finish() throws {}

    /// The bytes written so far, from the start; several readers may read
    /// at once.
    public func reader() -> Reader { Reader(file: self) }

    public struct Reader: ByteSource {
        let file: SpillFile
        var offset = 0
        public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            while true {
                let n = pread(file.fd, buffer.baseAddress, Swift.min(buffer.count, file.size - offset), off_t(offset))
                if n >= 0 {
                    offset += n
                    return n
                }
                if errno != EINTR {
                    throw RecordFileError(file.name, "cannot read back a temporary file to \(file.purpose): \(errnoDescription())")
                }
            }
        }
    }

    /// A source whose bytes are also written to the spill as they are read.
    struct Filling<Base: ByteSource>: ByteSource {
        var base: Base
        let copy: SpillFile
        mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            let n = try base.read(into: buffer)
            if n > 0 { try copy.write(UnsafeRawBufferPointer(rebasing: buffer[..<n])) }
            return n
        }
    }
}

/// Bytes written ahead and read back once, deflated (fast) into a spill
/// file beside the file they are for: a recording's snapshots until it is
/// saved.
final class DeflatedSpill {
    let spill: SpillFile
    let deflate: DeflateSink
    var finished = false

    /// The file is made in the directory of `name`, the file the bytes
    /// are for: a recording's disk, not /tmp (often memory).
    init(name: String, purpose: String) throws {
        let slash = name.lastIndex(of: "/")
        let directory = slash.map { name[..<$0].isEmpty ? "/" : String(name[..<$0]) } ?? "."
        spill = try SpillFile(name: name, purpose: purpose, directory: directory)
        deflate = try DeflateSink(base: spill, name: name, level: 1)
    }

    /// The bytes written, once no more are written (`complete` flushes
    /// what the writer on `deflate` still buffers).
    func bytes(complete: () throws -> Void) throws -> InflateSource<SpillFile.Reader> {
        if !finished {
            finished = true
            try complete()
            try deflate.finish()
        }
        return try InflateSource(base: spill.reader(), name: spill.name)
    }
}
