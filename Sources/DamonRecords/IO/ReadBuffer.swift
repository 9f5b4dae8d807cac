/// A window over a byte source, what the record readers (lines, JSON)
/// share: `buf[pos..<end]` are bytes read and not yet consumed.  Refilling
/// moves them to the front, reads more, and grows the buffer for a token
/// or line longer than it.
struct ReadBuffer<Source: ByteSource>: ~Copyable {
    var source: Source
    /// Owns the bytes; `buf` is its pointer, kept here for the hot loops.
    private var storage: ByteStorage
    var buf: UnsafeMutablePointer<UInt8>
    var pos = 0
    var end = 0
    var eof = false
    /// Bytes dropped from the front so far: `discarded + i` is the offset
    /// in the whole input of `buf[i]`.
    var discarded = 0
    /// The source, when it lends its chunks: `buf` then points into the
    /// lent chunk (or into `storage` after a tail too long for the
    /// chunk's headroom).
    private let lender: ChunkLender?
    private var lent: LentChunk? = nil

    init(source: Source, capacity: Int) {
        self.source = source
        storage = ByteStorage(capacity: capacity)
        buf = storage.pointer
        lender = source as? ChunkLender
    }

    /// Makes at least `n` bytes available from `pos` unless input ends.
    mutating func refill(_ n: Int) throws {
        if eof { return }
        if let lender { return try refill(n, lentBy: lender) }
        if pos > 0 || n > storage.capacity - 1024 {
            let remaining = end - pos
            keep(buf + pos, count: remaining, room: n + 1024)
            discarded += pos
            end = remaining
            pos = 0
        }
        while end - pos < n && !eof {
            let got = try source.read(into: UnsafeMutableRawBufferPointer(start: buf + end, count: storage.capacity - end))
            if got == 0 { eof = true } else { end += got }
        }
    }

    /// Reads on in the lender's next chunk: the unread tail goes into the
    /// chunk's headroom, just before its bytes, and nothing else moves.
    /// A tail longer than the headroom (a long string) and the chunk are
    /// copied into `storage` instead.
    private mutating func refill(_ n: Int, lentBy lender: ChunkLender) throws {
        while end - pos < n {
            guard let chunk = try lender.lendChunk() else {
                eof = true
                return
            }
            let remaining = end - pos
            let tail = buf + pos
            let previous = lent
            if remaining <= lender.headroom {
                buf = chunk.bytes - remaining
                buf.update(from: tail, count: remaining)
                end = remaining + chunk.count
                lent = chunk
            } else {
                keep(tail, count: remaining, room: remaining + chunk.count)
                (buf + remaining).update(from: chunk.bytes, count: chunk.count)
                end = remaining + chunk.count
                lender.giveBack(chunk)
                lent = nil
            }
            discarded += pos
            pos = 0
            if let previous { lender.giveBack(previous) }
        }
    }

    /// Moves `count` bytes from `bytes` (unread ones, maybe inside
    /// `storage` already) to the front of `storage`, first growing it to
    /// hold at least `room` bytes, and reads on from there.
    private mutating func keep(_ bytes: UnsafeMutablePointer<UInt8>, count: Int, room: Int) {
        if storage.capacity < room {
            let grown = ByteStorage(capacity: max(storage.capacity * 2, room + 4096))
            grown.pointer.update(from: bytes, count: count)
            storage = grown
        } else if count > 0 && bytes != storage.pointer {
            storage.pointer.update(from: bytes, count: count)
        }
        buf = storage.pointer
    }
}

/// A read buffer's memory, freed when its last owner goes.  A class and
/// not a noncopyable struct's deinit: LeakSanitizer (FuzzTraceText) saw
/// that deinit skipped in an optimized build when a line's parser threw.
final class ByteStorage {
    let pointer: UnsafeMutablePointer<UInt8>
    let capacity: Int
    init(capacity: Int) {
        pointer = .allocate(capacity: capacity)
        self.capacity = capacity
    }
    deinit { pointer.deallocate() }
}
