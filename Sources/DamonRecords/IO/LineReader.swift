/// Splits a byte source into lines without holding more than a chunk.
public struct LineReader<Source: ByteSource>: ~Copyable {
    var input: ReadBuffer<Source>

    public init(source: Source, bufferSize: Int = 1 << 17) {
        input = ReadBuffer(source: source, capacity: bufferSize)
    }

    /// Calls `body` with each line (without its newline) until the input
    /// ends; the bytes are valid only during the call.
    public mutating func forEachLine(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        while try nextLine(body) != nil {}
    }

    /// Calls `body` with the next line (without its newline), for readers
    /// that pull; nil once the input has ended.
    public mutating func nextLine<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) throws -> R? {
        var scanFrom = 0
        while true {
            let buf = input.buf, pos = input.pos, end = input.end
            var i = pos + scanFrom
            while i < end && buf[i] != 0x0a { i += 1 }
            if i < end {
                input.pos = i + 1
                return try body(UnsafeBufferPointer(start: buf + pos, count: i - pos))
            }
            if input.eof {
                guard end > pos else { return nil }
                input.pos = end
                return try body(UnsafeBufferPointer(start: buf + pos, count: end - pos))
            }
            scanFrom = end - pos
            // A byte more than the line so far: the rest of it, or more.
            try input.refill(scanFrom + 1)
        }
    }
}
