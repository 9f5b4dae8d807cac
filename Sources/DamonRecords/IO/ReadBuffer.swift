/// A window over a byte source, what the record readers (lines, JSON)
/// share: `buf[pos..<end]` are bytes read and not yet consumed.  Refilling
/// moves them to the front, reads more, and grows the buffer for a token
/// or line longer than it.
struct ReadBuffer<Source: ByteSource>: ~Copyable {
    var source: Source
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
        buf = .allocate(capacity: cap)
    }

    deinit { buf.deallocate() }

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
            let nb = UnsafeMutablePointer<UInt8>.allocate(capacity: newCap)
            nb.update(from: buf, count: end)
            buf.deallocate()
            buf = nb
            cap = newCap
        }
        while end - pos < n && !eof {
            let got = try source.read(into: UnsafeMutableRawBufferPointer(start: buf + end, count: cap - end))
            if got == 0 { eof = true } else { end += got }
        }
    }
}
