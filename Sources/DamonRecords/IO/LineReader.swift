/// Splits a byte source into lines without holding more than a chunk.
public struct LineReader<Source: ByteSource>: ~Copyable {
    var source: Source
    var buf: UnsafeMutablePointer<UInt8>
    var cap: Int
    var pos = 0
    var end = 0
    var eof = false

    public init(source: Source, bufferSize: Int = 1 << 17) {
        self.source = source
        cap = bufferSize
        buf = .allocate(capacity: cap)
    }

    deinit { buf.deallocate() }

    /// Calls `body` with each line (without its newline) until the input
    /// ends; the bytes are valid only during the call.
    public mutating func forEachLine(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        var scanFrom = 0
        while true {
            var i = pos + scanFrom
            while i < end && buf[i] != 0x0a { i += 1 }
            if i < end {
                try body(UnsafeBufferPointer(start: buf + pos, count: i - pos))
                pos = i + 1
                scanFrom = 0
                continue
            }
            if eof {
                if end > pos { try body(UnsafeBufferPointer(start: buf + pos, count: end - pos)) }
                return
            }
            scanFrom = end - pos
            try fill()
        }
    }

    mutating func fill() throws {
        let remaining = end - pos
        if pos > 0 {
            if remaining > 0 { buf.update(from: buf + pos, count: remaining) }
            pos = 0
            end = remaining
        }
        if end == cap {
            let nb = UnsafeMutablePointer<UInt8>.allocate(capacity: cap * 2)
            nb.update(from: buf, count: end)
            buf.deallocate()
            buf = nb
            cap *= 2
        }
        let n = try source.read(into: UnsafeMutableRawBufferPointer(start: buf + end, count: cap - end))
        if n == 0 { eof = true } else { end += n }
    }
}
