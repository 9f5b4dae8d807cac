/// A window over a byte source, what the record readers (lines, JSON)
/// share: `buf[pos..<end]` are bytes read and not yet consumed.  Refilling
/// moves them to the front, reads more, and grows the buffer for a token
/// or line longer than it.
struct ReadBuffer<Source: ByteSource>: ~Copyable {
    var source: Source
    /// Owns the bytes; `buf` is its pointer, kept here for the hot loops.
    private var storage: ByteStorage
    var buf: UnsafeMutablePointer<UInt8>
    var cap: Int
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
        cap = capacity
        storage = ByteStorage(capacity: cap)
        buf = storage.pointer
        lender = source as? ChunkLender
    }

    /// Makes at least `n` bytes available from `pos` unless input ends.
    mutating func refill(_ n: Int) throws {
        if eof { return }
        if let lender { return try refill(n, lentBy: lender) }
        if pos > 0 {
            let remaining = end - pos
            if remaining > 0 { buf.update(from: buf + pos, count: remaining) }
            discarded += pos
            end = remaining
            pos = 0
        }
        if n > cap - 1024 {
            let newCap = max(cap * 2, n + 4096)
            let grown = ByteStorage(capacity: newCap)
            grown.pointer.update(from: buf, count: end)
            storage = grown
            buf = grown.pointer
            cap = newCap
        }
        while end - pos < n && !eof {
            let got = try source.read(into: UnsafeMutableRawBufferPointer(start: buf + end, count: cap - end))
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
                cap = end
                lent = chunk
            } else {
                let total = remaining + chunk.count
                if storage.capacity < total {
                    let grown = ByteStorage(capacity: max(storage.capacity * 2, total + 4096))
                    grown.pointer.update(from: tail, count: remaining)
                    storage = grown
                } else {
                    storage.pointer.update(from: tail, count: remaining)
                }
                buf = storage.pointer
                (buf + remaining).update(from: chunk.bytes, count: chunk.count)
                end = total
                cap = storage.capacity
                lender.giveBack(chunk)
                lent = nil
            }
            discarded += pos
            pos = 0
            if let previous { lender.giveBack(previous) }
        }
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
