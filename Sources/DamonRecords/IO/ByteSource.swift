import DamonModel
import DamoPlatform

/// Something record bytes are pulled from, a chunk at a time, so that
/// readers never hold a whole (decompressed) file.
public protocol ByteSource {
    /// Fills up to `buffer.count` bytes; 0 means the end.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// A source whose bytes already sit in memory it owns, a chunk at a
/// time, and which lends those chunks to the reader instead of copying
/// them out (ReadBuffer reads such a source in place).  Each chunk has
/// `headroom` writable bytes before its first, where the reader puts the
/// unread tail of the chunk before so that a token stays contiguous.
protocol ChunkLender: AnyObject {
    var headroom: Int { get }
    /// The next chunk; nil at the end of the input.  It stays the
    /// reader's until given back.
    func lendChunk() throws -> LentChunk?
    func giveBack(_ chunk: LentChunk)
}

struct LentChunk {
    /// The chunk's memory, what is given back.
    let base: UnsafeMutableRawPointer
    /// Its bytes, with at least the lender's headroom before them.
    let bytes: UnsafeMutablePointer<UInt8>
    let count: Int
}

/// Problems with a record file, always naming the file.
public struct RecordFileError: DamoFailure, Sendable {
    public let path: String
    public let problem: String
    public init(_ path: String, _ problem: String) {
        self.path = path
        self.problem = problem
    }
    public var description: String { "\(path): \(problem)" }
}

/// Reads a file through read(2).
public final class FileByteSource: ByteSource {
    let fd: Int32
    public let path: String

    /// Regular files and pipes (`<(zcat rec.gz)`, FIFOs) are read;
    /// directories and device nodes are refused.  The open never blocks:
    /// a FIFO nobody writes to reads as empty instead of waiting forever.
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        if fd < 0 { throw RecordFileError(path, errno == ENOENT ? "no such file" : errnoDescription()) }
        var st = stat()
        let kind = fstat(fd, &st) == 0 ? st.st_mode & S_IFMT : 0
        if kind != S_IFREG && kind != S_IFIFO {
            close(fd)
            if kind == S_IFDIR { throw RecordFileError(path, "is a directory") }
            let what = kind == S_IFCHR ? "a character device" : kind == S_IFBLK ? "a block device" : "not a file"
            throw RecordFileError(path, "is \(what); only regular files and pipes are read")
        }
        // Reads wait for a writer's data again (with none, they see the end).
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        self.fd = fd
    }

    deinit { close(fd) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let n = posixRead(fd, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw RecordFileError(path, "read failed: " + errnoDescription())
        }
    }
}

/// Bytes already in memory.
public struct MemoryByteSource: ByteSource {
    let bytes: [UInt8]
    var offset = 0
    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, bytes.count - offset)
        if n <= 0 { return 0 }
        bytes.withUnsafeBytes { src in
            buffer.baseAddress!.copyMemory(from: src.baseAddress! + offset, byteCount: n)
        }
        offset += n
        return n
    }
}

/// A source with the first bytes already peeked for format detection, so
/// nothing is read twice.
public struct PrefixedSource<Base: ByteSource>: ByteSource {
    var prefix: [UInt8]
    var prefixOffset = 0
    var base: Base
    public init(prefix: [UInt8], base: Base) {
        self.prefix = prefix
        self.base = base
    }
    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if prefixOffset < prefix.count {
            let n = min(buffer.count, prefix.count - prefixOffset)
            prefix.withUnsafeBytes { src in
                buffer.baseAddress!.copyMemory(from: src.baseAddress! + prefixOffset, byteCount: n)
            }
            prefixOffset += n
            return n
        }
        return try base.read(into: buffer)
    }
}

extension ByteSink {
    /// Writes everything `source` gives, to its end.
    public func write<S: ByteSource>(contentsOf source: inout S) throws {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 { return }
            try buffer[0..<n].withUnsafeBytes { try write($0) }
        }
    }
}
