import Testing
@testable import DamonModel
@testable import DamonRecords

private func tokens(_ text: String, bufferSize: Int = 1 << 18) throws -> [String] {
    var tok = JSONTokenizer(source: MemoryByteSource(Array(text.utf8)), bufferSize: bufferSize)
    var out: [String] = []
    while true {
        let t = try tok.next()
        switch t {
        case .endOfInput: return out
        case .key: out.append("key:" + tok.textString)
        case .string: out.append("str:" + tok.textString)
        case .number: out.append("num:" + tok.textString)
        default: out.append("\(t)")
        }
    }
}

private func syntaxError(_ text: String) -> JSONSyntaxError? {
    do {
        _ = try tokens(text)
        return nil
    } catch let e as JSONSyntaxError {
        return e
    } catch {
        return nil
    }
}

private func value(_ text: String) throws -> JSONValue {
    var tok = JSONTokenizer(source: MemoryByteSource(Array(text.utf8)))
    return try tok.readValue(first: try tok.next())
}

private func written(_ body: (JSONWriter) throws -> Void) throws -> String {
    let sink = MemorySink()
    let w = JSONWriter(sink: sink)
    try body(w)
    try w.flush()
    return String(decoding: sink.bytes, as: UTF8.self)
}

/// (document, line, column) where python's json.loads reports the error too.
private let errorPositions: [(String, Int, Int)] = [
    ("[", 1, 2), ("[\n  1,\n  x]", 3, 3), ("[1,]", 1, 4), ("[1 2]", 1, 4), ("{\"a\" 1}", 1, 6),
    ("[] x", 1, 4), ("[\n{\"a\": tru}]", 2, 7), ("[{\"a\":1,}]", 1, 9), ("[1}", 1, 3), ("{1:2}", 1, 2),
    ("[\"abc", 1, 2), ("[\n    {\n        \"k\": [1, 2,, 3]\n    }\n]", 3, 20),
]

@Suite("JSON tokenizer, values and writer")
struct JSONTests {
    @Test func tokenStream() throws {
        #expect(try tokens(#" [ {"a": 1, "b": [true, false, null], "c": "x"}, -2.5e3, {} ] "#) == [
            "beginArray", "beginObject", "key:a", "num:1", "key:b", "beginArray", "trueValue", "falseValue",
            "null", "endArray", "key:c", "str:x", "endObject", "num:-2.5e3", "beginObject", "endObject", "endArray",
        ])
        #expect(try tokens("[NaN, Infinity, -Infinity]") == ["beginArray", "num:NaN", "num:Infinity", "num:-Infinity", "endArray"])
        #expect(try tokens("12") == ["num:12"])
    }

    @Test func escapes() throws {
        #expect(try tokens(#"["a\"b\\c\/d\b\f\n\r\t", "\u00e9\ud83d\ude00", "\u12ab"]"#) == [
            "beginArray", "str:a\"b\\c/d\u{08}\u{0C}\n\r\t", "str:é😀", "str:\u{12ab}", "endArray",
        ])
    }

    /// Tokens longer than the buffer, and buffers refilled mid-token.
    @Test(arguments: [8, 16, 33, 1 << 18])
    func smallBuffers(_ size: Int) throws {
        let long = String(repeating: "x", count: 5000)
        let doc = "[\"\(long)\", 123456789012345678901234567890, {\"key\\n\": \"\(long)\\t\"}, true, null]"
        #expect(try tokens(doc, bufferSize: size) == [
            "beginArray", "str:" + long, "num:123456789012345678901234567890", "beginObject", "key:key\n",
            "str:" + long + "\t", "endObject", "trueValue", "null", "endArray",
        ])
    }

    @Test(arguments: errorPositions)
    func errorLineAndColumn(_ doc: String, _ line: Int, _ column: Int) throws {
        let e = try #require(syntaxError(doc))
        #expect(e.line == line)
        #expect(e.column == column)
        #expect(e.description.hasPrefix("invalid JSON at line \(line), column \(column): "))
    }

    @Test(arguments: [
        "", "   ", "[1.]", "[01]", "[-]", "[1e]", "[+1]", "[\"a\\q\"]", "[\"\\u12\"]", "[\"a\tb\"]",
        "[tru]", "[nul]", "[Nan]", "[1]]", "[}", "{\"a\":1]", "{\"a\"}", "[1,2", "{\"a\":", "[\"\\",
    ])
    func malformed(_ doc: String) {
        #expect(syntaxError(doc) != nil, "\(doc.debugDescription) was accepted")
    }

    /// Deep nesting is refused before recursive readers overflow the stack.
    @Test func nestingLimit() throws {
        let limit = JSONTokenizer<MemoryByteSource>.maxDepth
        let ok = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        #expect(try value(ok) != .null)
        let deep = String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1)
        let e = try #require(syntaxError(deep))
        #expect(e.message == "nesting deeper than \(limit) levels")
        #expect(e.column == limit + 1)
    }

    @Test func skipAndReadValue() throws {
        var tok = JSONTokenizer(source: MemoryByteSource(Array(#"[{"a": [[1], {"b": 2}]}, 3]"#.utf8)))
        #expect(try tok.next() == .beginArray)
        try tok.skip(after: try tok.next())
        #expect(try tok.next() == .number)
        #expect(tok.textString == "3")
        #expect(try tok.next() == .endArray)
        #expect(try tok.next() == .endOfInput)

        let v = try value(#"{"x": 1, "y": [true, null, "s", 2.5], "x": 7}"#)
        #expect(v["x"] == .number(.int(7)))  // python keeps the last duplicate
        #expect(v["y"] == .list([.bool(true), .null, .string("s"), .number(.float(2.5))]))
        #expect(v["z"] == nil)
        #expect(v.typeName == "a mapping")
        #expect(JSONValue.null.isNull)
    }

    @Test func numberValues() {
        #expect(JSONValue.numberValue("18446623438842320000")?.description == "18446623438842320000")
        #expect(JSONValue.numberValue("-3")?.description == "-3")
        #expect(JSONValue.numberValue("2.5")?.description == "2.5")
        #expect(JSONValue.numberValue("1e16")?.description == "1e+16")
        #expect(JSONValue.numberValue("NaN")?.double.isNaN == true)
        #expect(JSONValue.numberValue("-Infinity")?.double == -.infinity)
        #expect(JSONValue.numberValue("abc") == nil)
    }

    /// Expected texts are python's json.dumps(..., indent=4).
    @Test func writerLayoutMatchesPython() throws {
        #expect(try written { w in w.beginArray(); try w.endArray() } == "[]")
        let nested = try written { w in
            w.beginObject()
            w.key("a"); w.beginArray(); try w.endArray()
            w.key("b"); w.beginObject(); try w.endObject()
            w.key("c"); w.beginArray(); w.int(1); w.beginObject(); w.key("d"); w.null(); try w.endObject(); try w.endArray()
            try w.endObject()
        }
        #expect(nested == "{\n    \"a\": [],\n    \"b\": {},\n    \"c\": [\n        1,\n        {\n            \"d\": null\n        }\n    ]\n}")
    }

    @Test func writerScalarsMatchPython() throws {
        // json.dumps('\x01é😀"\\/\b\f\n\r\t\x7f')
        #expect(try written { $0.string("\u{01}é😀\"\\/\u{08}\u{0C}\n\r\t\u{7F}") }
            == #""\u0001\u00e9\ud83d\ude00\"\\/\b\f\n\r\t\u007f""#)
        let numbers: [PyNum] = [.float(.nan), .float(.infinity), .float(-.infinity), .float(1e16), .float(0.1),
                                .int(100_000_000_000_000_000_000), .int(-3)]
        let text = try written { w in
            w.beginArray()
            for n in numbers { w.number(n) }
            w.bool(true); w.bool(false)
            try w.endArray()
        }
        #expect(text.split(separator: "\n").map { $0.trimmingCharacters(in: " ,") }
            == ["[", "NaN", "Infinity", "-Infinity", "1e+16", "0.1", "100000000000000000000", "-3", "true", "false", "]"])
    }

    @Test func writerValueRoundTrip() throws {
        let doc = #"{"k": [1, 2.5, "s\n", null, true, {"e": []}], "big": 18446623438842320000}"#
        let v = try value(doc)
        let text = try written { try $0.value(v) }
        #expect(try value(text) == v)
    }
}

private extension Substring {
    func trimmingCharacters(in set: String) -> String {
        var s = self
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
