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

    init(source: Source, capacity: Int) {
        self.source = source
        cap = capacity
        storage = ByteStorage(capacity: cap)
        buf = storage.pointer
    }

    /// Makes at least `n` bytes available from `pos` unless input ends.
    mutating func refill(_ n: Int) throws {
        if eof { return }
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
}

/// A read buffer's memory, freed when its last owner goes.  A class and
/// not a noncopyable struct's deinit: LeakSanitizer (FuzzTraceText) saw
/// that deinit skipped in an optimized build when a line's parser threw.
final class ByteStorage {
    let pointer: UnsafeMutablePointer<UInt8>
    init(capacity: Int) { pointer = .allocate(capacity: capacity) }
    deinit { pointer.deallocate() }
}
