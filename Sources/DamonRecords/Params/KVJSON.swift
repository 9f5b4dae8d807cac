import DamonModel

/// damo's parameter files as JSON: written as Python's
/// `json.dumps(kvpairs, indent=4)`, read with line and column in errors.
public enum KVJSON {
    /// The JSON text, without a trailing newline.
    public static func text(_ kv: KV, indent: Int = 4) -> String {
        let sink = MemorySink()
        let w = JSONWriter(sink: sink, indent: indent)
        write(kv, w)
        try? w.flush()
        return String(decoding: sink.bytes, as: UTF8.self)
    }

    static func write(_ kv: KV, _ w: JSONWriter) {
        switch kv {
        case .null: w.null()
        case .bool(let b): w.bool(b)
        case .number(let n): w.number(n)
        case .string(let s): w.string(s)
        case .list(let items):
            w.beginArray()
            for i in items { write(i, w) }
            try? w.endArray()
        case .dict(let d):
            w.beginObject()
            for (k, v) in d.pairs {
                w.key(k)
                write(v, w)
            }
            try? w.endObject()
        }
    }

    /// Parses a whole JSON document.
    public static func parse(_ text: String) throws -> KV {
        var tokenizer = JSONTokenizer(source: MemoryByteSource(Array(text.utf8)), bufferSize: 1 << 16)
        let value = try tokenizer.readValue(first: try tokenizer.next())
        guard try tokenizer.next() == .endOfInput else { throw tokenizer.error("unexpected data after the document") }
        return value
    }
}
