import CChecksum
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
        // The Adler-32 check is ours (see Adler32).
        inflateValidate(&stream, 0)
    }

    deinit {
        inflateEnd(&stream)
        input.deallocate()
    }

    var check = Adler32()
    /// The last bytes of the previous input chunk: the stream's trailer
    /// (its Adler-32) may straddle two.
    var previousTail: UInt32 = 0

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if finished || buffer.count == 0 { return 0 }
        stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = UInt32(min(buffer.count, Int(UInt32.max)))
        let wanted = Int(stream.avail_out)
        while stream.avail_out > 0 {
            if stream.avail_in == 0 {
                if let next = stream.next_in {
                    previousTail = Self.lastFour(UnsafeRawPointer(next), count: UnsafeRawPointer(next) - UnsafeRawPointer(input.baseAddress!), before: previousTail)
                }
                let n = try base.read(into: input)
                if n == 0 {
                    throw RecordFileError(name, "truncated zlib stream (the file ends before the compressed data does)")
                }
                stream.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_in = UInt32(n)
            }
            let produced = UnsafeRawPointer(stream.next_out!)
            let ret = inflate(&stream, Z_NO_FLUSH)
            check.update(UnsafeRawBufferPointer(start: produced, count: UnsafeRawPointer(stream.next_out!) - produced))
            if ret == Z_STREAM_END {
                let next = UnsafeRawPointer(stream.next_in!)
                let trailer = Self.lastFour(next, count: next - UnsafeRawPointer(input.baseAddress!), before: previousTail)
                guard trailer == check.value else {
                    throw RecordFileError(name, "corrupt zlib stream (incorrect data check)")
                }
                finished = true
                break
            }
            if ret == Z_OK || ret == Z_BUF_ERROR { continue }
            let msg = stream.msg.map { String(cString: $0) } ?? "error \(ret)"
            throw RecordFileError(name, "corrupt zlib stream (\(msg))")
        }
        return wanted - Int(stream.avail_out)
    }

    /// The four bytes before `end` (of `count` read there), as a
    /// big-endian number; `before` is what came before those.
    static func lastFour(_ end: UnsafeRawPointer, count: Int, before: UInt32) -> UInt32 {
        var v = before
        for i in max(0, count - 4)..<count { v = v << 8 | UInt32(end.load(fromByteOffset: i - count, as: UInt8.self)) }
        return v
    }
}

/// The Adler-32 of RFC 1950, computed by CChecksum with the CPU's vector
/// units: zlib's own loop adds one byte per step and took 40% of
/// inflating a record, so the check is turned off in zlib and done here.
struct Adler32 {
    var value: UInt32 = 1

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let p = bytes.baseAddress else { return }
        value = damo_adler32(value, p.assumingMemoryBound(to: UInt8.self), bytes.count)
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
