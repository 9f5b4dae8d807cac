/// Where a report's text goes.  Reports stream into it so that long
/// outputs (raw form of a big record) are never held whole in memory; the
/// CLI decides about paging.
public protocol TextSink: AnyObject {
    func write(_ text: String)
    /// UTF-8 bytes; for reports that format lines byte by byte.
    func write(bytes: UnsafeBufferPointer<UInt8>)
}

extension TextSink {
    public func write(bytes: UnsafeBufferPointer<UInt8>) {
        write(String(decoding: bytes, as: UTF8.self))
    }
}

/// Collects text in memory, for tests and short reports.
public final class StringSink: TextSink {
    public private(set) var text = ""
    public init() {}
    public func write(_ text: String) { self.text += text }
}

/// Writes lines separated by newlines, like Python's '\n'.join(lines):
/// no newline after the last line.
public struct LineJoiner {
    let sink: TextSink
    var first = true

    public init(_ sink: TextSink) { self.sink = sink }

    public mutating func line(_ text: String) {
        if first {
            first = false
        } else {
            sink.write("\n")
        }
        sink.write(text)
    }

    public mutating func lines(_ texts: [String]) {
        for t in texts { line(t) }
    }
}

/// How a report's text ends, which matters for byte-exact output: damo
/// prints short reports with print() (adding a newline) and long ones of
/// some reports through a pager (which adds none).
public enum ReportEnding: Sendable {
    /// Always print() (trailing newline).
    case print
    /// damo's pr_with_pager_if_needed.
    case pagerIfNeeded
}

/// Output bytes written in place by reports that print millions of lines,
/// handed to a sink 128 KiB at a time.
final class ByteBatch {
    static let capacity = 1 << 17
    let base = UnsafeMutablePointer<UInt8>.allocate(capacity: ByteBatch.capacity)
    var count = 0

    deinit { base.deallocate() }

    /// Where the next n bytes (at most `capacity`) go; the caller adds
    /// what it wrote to `count`.
    func room(_ n: Int, _ sink: TextSink) -> UnsafeMutablePointer<UInt8> {
        if ByteBatch.capacity - count < n { flush(to: sink) }
        return base + count
    }

    func append(_ byte: UInt8, _ sink: TextSink) {
        room(1, sink).pointee = byte
        count += 1
    }

    func append(_ text: String, _ sink: TextSink) {
        var t = text
        t.withUTF8 { append($0, sink) }
    }

    func append(_ bytes: UnsafeBufferPointer<UInt8>, _ sink: TextSink) {
        guard let from = bytes.baseAddress else { return }
        if bytes.count > ByteBatch.capacity / 2 {
            flush(to: sink)
            sink.write(bytes: bytes)
            return
        }
        room(bytes.count, sink).update(from: from, count: bytes.count)
        count += bytes.count
    }

    func flush(to sink: TextSink) {
        if count > 0 { sink.write(bytes: UnsafeBufferPointer(start: base, count: count)) }
        count = 0
    }
}
