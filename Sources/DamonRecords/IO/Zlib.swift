import CZlib

/// Inflates a zlib stream (damo's json_compressed) chunk by chunk.
public final class InflateSource<Base: ByteSource>: ByteSource {
    var stream = z_stream()
    var base: Base
    let input: UnsafeMutableRawBufferPointer
    var finished = false
    let name: String

    public init(base: Base, name: String) throws {
        self.base = base
        self.name = name
        input = .allocate(byteCount: 1 << 18, alignment: 16)
        let ret = inflateInit_(&stream, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        if ret != Z_OK {
            input.deallocate()
            throw RecordFileError(name, "zlib initialization failed (\(ret))")
        }
    }

    deinit {
        inflateEnd(&stream)
        input.deallocate()
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if finished || buffer.count == 0 { return 0 }
        stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = UInt32(min(buffer.count, Int(UInt32.max)))
        let wanted = Int(stream.avail_out)
        while stream.avail_out > 0 {
            if stream.avail_in == 0 {
                let n = try base.read(into: input)
                if n == 0 {
                    throw RecordFileError(name, "truncated zlib stream (the file ends before the compressed data does)")
                }
                stream.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_in = UInt32(n)
            }
            let ret = inflate(&stream, Z_NO_FLUSH)
            if ret == Z_STREAM_END {
                finished = true
                break
            }
            if ret == Z_OK || ret == Z_BUF_ERROR { continue }
            let msg = stream.msg.map { String(cString: $0) } ?? "error \(ret)"
            throw RecordFileError(name, "corrupt zlib stream (\(msg))")
        }
        return wanted - Int(stream.avail_out)
    }
}

/// Where written record bytes go.
public protocol ByteSink: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer) throws
    /// Flushes everything; the sink is unusable afterwards.
    func finish() throws
}

extension ByteSink {
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }
}

/// Deflates into another sink, as Python's zlib.compress (level 6) does.
public final class DeflateSink: ByteSink {
    var stream = z_stream()
    let base: ByteSink
    let output: UnsafeMutableRawBufferPointer
    let name: String

    public init(base: ByteSink, name: String, level: Int32 = 6) throws {
        self.base = base
        self.name = name
        output = .allocate(byteCount: 1 << 18, alignment: 16)
        let ret = deflateInit_(&stream, level, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        if ret != Z_OK {
            output.deallocate()
            throw RecordFileError(name, "zlib initialization failed (\(ret))")
        }
    }

    deinit {
        deflateEnd(&stream)
        output.deallocate()
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count > 0 else { return }
        stream.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress!.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = UInt32(bytes.count)
        try pump(Z_NO_FLUSH)
    }

    public func finish() throws {
        stream.next_in = nil
        stream.avail_in = 0
        try pump(Z_FINISH)
        try base.finish()
    }

    func pump(_ flush: Int32) throws {
        repeat {
            stream.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = UInt32(output.count)
            let ret = deflate(&stream, flush)
            if ret == Z_STREAM_ERROR { throw RecordFileError(name, "zlib compression failed") }
            let produced = output.count - Int(stream.avail_out)
            if produced > 0 { try base.write(UnsafeRawBufferPointer(rebasing: output[0..<produced])) }
            if flush == Z_FINISH && ret == Z_STREAM_END { return }
        } while stream.avail_out == 0 || (flush == Z_FINISH)
    }
}

/// zlib's own check of a stream header (RFC 1950): how damo's compressed
/// records are told apart from text, without trusting file names.
public func looksLikeZlibHeader(_ b0: UInt8, _ b1: UInt8) -> Bool {
    (b0 & 0x0f) == 8 && (b0 >> 4) <= 7 && ((UInt16(b0) << 8 | UInt16(b1)) % 31 == 0)
}
