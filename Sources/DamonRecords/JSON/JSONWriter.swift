import DamonModel

/// Writes JSON laid out exactly as Python's `json.dumps(..., indent=4)`
/// (damo's record files), streaming into a sink.
public final class JSONWriter {
    let sink: ByteSink
    var out: [UInt8] = []
    let indentWidth: Int
    /// Per open container: whether it has an element yet.
    var nonEmpty: [Bool] = []
    var afterKey = false

    public init(sink: ByteSink, indent: Int = 4) {
        self.sink = sink
        indentWidth = indent
        out.reserveCapacity(1 << 17)
    }

    /// A writer of the elements of a list nested `depth` containers deep
    /// (the list among them) in another writer's text, laid out as that
    /// writer would lay them out there: a fragment for `appendElements`.
    convenience init(sink: ByteSink, elementsAtDepth depth: Int) {
        self.init(sink: sink)
        nonEmpty = Array(repeating: true, count: depth - 1) + [false]
    }

    /// Adds the elements a writer made by `init(sink:elementsAtDepth:)`
    /// wrote, at this writer's current depth, to the open list.
    func appendElements<S: ByteSource>(_ fragment: inout S, count: Int) throws {
        guard count > 0 else { return }
        try flush()
        try sink.write(contentsOf: &fragment)
        nonEmpty[nonEmpty.count - 1] = true
    }

    @inline(__always) func flushIfBig() throws {
        if out.count >= 1 << 16 {
            try out.withUnsafeBytes { try sink.write($0) }
            out.removeAll(keepingCapacity: true)
        }
    }

    /// Writes what is buffered; does not finish the sink.
    public func flush() throws {
        try out.withUnsafeBytes { try sink.write($0) }
        out.removeAll(keepingCapacity: true)
    }

    @inline(__always) func newlineIndent(_ level: Int) {
        out.append(0x0a)
        for _ in 0..<(level * indentWidth) { out.append(0x20) }
    }

    /// Separator and indentation before a list item or an object key.
    @inline(__always) func beforeElement() {
        if afterKey {
            afterKey = false
            return
        }
        guard !nonEmpty.isEmpty else { return }
        if nonEmpty[nonEmpty.count - 1] { out.append(0x2c) } else { nonEmpty[nonEmpty.count - 1] = true }
        newlineIndent(nonEmpty.count)
    }

    public func beginObject() {
        beforeElement()
        out.append(0x7b)
        nonEmpty.append(false)
    }

    public func beginArray() {
        beforeElement()
        out.append(0x5b)
        nonEmpty.append(false)
    }

    public func endObject() throws { try close(0x7d) }
    public func endArray() throws { try close(0x5d) }

    func close(_ c: UInt8) throws {
        let had = nonEmpty.removeLast()
        if had { newlineIndent(nonEmpty.count) }
        out.append(c)
        try flushIfBig()
    }

    public func key(_ k: String) {
        beforeElement()
        appendString(k)
        out.append(0x3a)
        out.append(0x20)
        afterKey = true
    }

    public func null() { beforeElement(); appendASCII("null") }
    public func bool(_ b: Bool) { beforeElement(); appendASCII(b ? "true" : "false") }
    public func string(_ s: String) { beforeElement(); appendString(s) }
    public func int(_ i: Int) { beforeElement(); appendASCII(String(i)) }

    /// A Python number: digits for ints, repr for floats.
    public func number(_ n: PyNum) {
        beforeElement()
        switch n {
        case .int(let i): appendASCII(String(i))
        case .float(let f):
            if f.isNaN { appendASCII("NaN") } else if f.isInfinite { appendASCII(f < 0 ? "-Infinity" : "Infinity") } else {
                appendASCII(PyFormat.repr(f))
            }
        }
    }

    public func optionalString(_ s: String?) { if let s { string(s) } else { null() } }
    public func optionalNumber(_ n: PyNum?) { if let n { number(n) } else { null() } }
    public func optionalInt(_ i: Int?) { if let i { int(i) } else { null() } }

    public func value(_ v: KV) throws {
        switch v {
        case .null: null()
        case .bool(let b): bool(b)
        case .number(let n): number(n)
        case .string(let s): string(s)
        case .list(let items):
            beginArray()
            for i in items { try value(i) }
            try endArray()
        case .dict(let d):
            beginObject()
            for (k, i) in d.pairs {
                key(k)
                try value(i)
            }
            try endObject()
        }
    }

    @inline(__always) func appendASCII(_ s: String) {
        out.append(contentsOf: s.utf8)
    }

    static let hexDigits = Array("0123456789abcdef".utf8)

    /// A string as Python's json.dumps(ensure_ascii=True) writes it.
    func appendString(_ s: String) {
        out.append(0x22)
        for u in s.utf16 {
            switch u {
            case 0x22: out.append(0x5c); out.append(0x22)
            case 0x5c: out.append(0x5c); out.append(0x5c)
            case 0x0a: out.append(0x5c); out.append(UInt8(ascii: "n"))
            case 0x0d: out.append(0x5c); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(0x5c); out.append(UInt8(ascii: "t"))
            case 0x08: out.append(0x5c); out.append(UInt8(ascii: "b"))
            case 0x0c: out.append(0x5c); out.append(UInt8(ascii: "f"))
            case 0x20..<0x7f: out.append(UInt8(u))
            default:
                out.append(0x5c)
                out.append(UInt8(ascii: "u"))
                for shift in stride(from: 12, through: 0, by: -4) {
                    out.append(JSONWriter.hexDigits[Int((u >> UInt16(shift)) & 0xf)])
                }
            }
        }
        out.append(0x22)
    }
}
