/// Malformed JSON, with where it was found.
public struct JSONSyntaxError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public let line: Int
    public let column: Int
    public var description: String { "invalid JSON at line \(line), column \(column): \(message)" }
}

public enum JSONToken: Equatable, Sendable {
    case beginObject, endObject, beginArray, endArray
    /// An object key; its text is in `text`.
    case key
    case string, number
    case trueValue, falseValue, null
    case endOfInput
}

/// A pull tokenizer over a byte source: constant memory whatever the size
/// of the document, strings handed out as byte views into its buffer.
/// It validates structure (commas, colons, nesting) as it goes.
public struct JSONTokenizer<Source: ByteSource>: ~Copyable {
    var input: ReadBuffer<Source>
    var buf: UnsafeMutablePointer<UInt8> { input.buf }
    var pos: Int {
        get { input.pos }
        set { input.pos = newValue }
    }
    var end: Int { input.end }
    var eof: Bool { input.eof }
    var discarded: Int { input.discarded }
    var line = 1
    var lineStart = 0

    enum Expect { case value, valueOrEnd, key, keyOrEnd, colon, commaOrEnd, done }
    var expect: Expect = .value
    var stack: [Bool] = []  // true: object

    var scratch: UnsafeMutablePointer<UInt8>
    var scratchCount = 0
    var scratchCap = 256
    var textStart: UnsafePointer<UInt8>? = nil
    var textCount = 0
    var textInScratch = false
    public private(set) var depth = 0
    var regionSkeleton = RegionSkeleton()

    public init(source: Source, bufferSize: Int = 1 << 18) {
        input = ReadBuffer(source: source, capacity: bufferSize)
        scratch = .allocate(capacity: scratchCap)
    }

    deinit {
        scratch.deallocate()
        regionSkeleton.deallocate()
    }

    /// Bytes of the last key, string or number token, valid until the next
    /// call to `next()`.
    public var text: UnsafeBufferPointer<UInt8> {
        if textInScratch { return UnsafeBufferPointer(start: scratch, count: scratchCount) }
        return UnsafeBufferPointer(start: textStart, count: textCount)
    }

    public var textString: String { String(decoding: text, as: UTF8.self) }

    public func textEquals(_ s: StaticString) -> Bool {
        let t = text
        guard t.count == s.utf8CodeUnitCount else { return false }
        return memcmpEqual(t.baseAddress, s.utf8Start, t.count)
    }

    public func error(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(message: message, line: line, column: discarded + pos - lineStart + 1)
    }

    /// Makes at least `n` bytes available from `pos` unless input ends.
    @inline(__always) mutating func available(_ n: Int) throws -> Bool {
        if end - pos >= n { return true }
        try refill(n)
        return end - pos >= n
    }

    mutating func refill(_ n: Int) throws { try input.refill(n) }

    @inline(__always) mutating func skipWhitespace() throws {
        while true {
            while pos < end {
                // Indentation comes in long runs of spaces: eight at a time.
                while end - pos >= 8 && UnsafeRawPointer(buf + pos).loadUnaligned(as: UInt64.self) == 0x2020_2020_2020_2020 {
                    pos += 8
                }
                if pos >= end { break }
                let c = buf[pos]
                if c == 0x20 || c == 0x09 || c == 0x0d {
                    pos += 1
                } else if c == 0x0a {
                    pos += 1
                    line += 1
                    lineStart = discarded + pos
                } else {
                    return
                }
            }
            if eof { return }
            try refill(1)
            if pos >= end { return }
        }
    }

    public mutating func next() throws -> JSONToken {
        try skipWhitespace()
        if pos >= end {
            if expect == .done { return .endOfInput }
            throw error("unexpected end of input (the document is incomplete)")
        }
        var c = buf[pos]
        switch expect {
        case .done:
            throw error("unexpected data after the document")
        case .colon:
            guard c == UInt8(ascii: ":") else { throw error("expected ':' after an object key") }
            pos += 1
            expect = .value
            try skipWhitespace()
            guard pos < end else { throw error("unexpected end of input (the document is incomplete)") }
            c = buf[pos]
        case .commaOrEnd:
            if c == UInt8(ascii: ",") {
                pos += 1
                expect = stack.last! ? .key : .value
                try skipWhitespace()
                guard pos < end else { throw error("unexpected end of input (the document is incomplete)") }
                c = buf[pos]
            } else if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                return try closeContainer(c)
            } else {
                throw error("expected ',' or the end of the \(stack.last! ? "object" : "array")")
            }
        default:
            break
        }
        switch expect {
        case .keyOrEnd, .key:
            if c == UInt8(ascii: "}") && expect == .keyOrEnd { return try closeContainer(c) }
            guard c == UInt8(ascii: "\"") else { throw error("expected an object key (a string)") }
            try scanString()
            expect = .colon
            return .key
        case .valueOrEnd:
            if c == UInt8(ascii: "]") { return try closeContainer(c) }
        default:
            break
        }
        return try scanValue(c)
    }

    mutating func closeContainer(_ c: UInt8) throws -> JSONToken {
        let isObject = stack.last!
        if isObject != (c == UInt8(ascii: "}")) {
            throw error("mismatched '\(Character(Unicode.Scalar(c)))'")
        }
        pos += 1
        stack.removeLast()
        depth -= 1
        afterValue()
        return isObject ? .endObject : .endArray
    }

    @inline(__always) mutating func afterValue() {
        expect = stack.isEmpty ? .done : .commaOrEnd
    }

    /// Deeper nesting is refused, so that recursive readers cannot run
    /// out of stack on hostile input; records nest less than ten levels.
    public static var maxDepth: Int { 512 }

    mutating func scanValue(_ c: UInt8) throws -> JSONToken {
        if (c == UInt8(ascii: "{") || c == UInt8(ascii: "[")) && depth >= Self.maxDepth {
            throw error("nesting deeper than \(Self.maxDepth) levels")
        }
        switch c {
        case UInt8(ascii: "{"):
            pos += 1
            stack.append(true)
            depth += 1
            expect = .keyOrEnd
            return .beginObject
        case UInt8(ascii: "["):
            pos += 1
            stack.append(false)
            depth += 1
            expect = .valueOrEnd
            return .beginArray
        case UInt8(ascii: "\""):
            try scanString()
            afterValue()
            return .string
        case UInt8(ascii: "t"):
            try literal("true")
            afterValue()
            return .trueValue
        case UInt8(ascii: "f"):
            try literal("false")
            afterValue()
            return .falseValue
        case UInt8(ascii: "n"):
            try literal("null")
            afterValue()
            return .null
        case UInt8(ascii: "N"):
            // Python's json writes NaN, Infinity and -Infinity.
            try literal("NaN")
            setText("NaN")
            afterValue()
            return .number
        case UInt8(ascii: "I"):
            try literal("Infinity")
            setText("Infinity")
            afterValue()
            return .number
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try scanNumber()
            afterValue()
            return .number
        default:
            throw error("unexpected character '\(printable(c))'")
        }
    }

    mutating func setText(_ s: StaticString) {
        scratchCount = 0
        for i in 0..<s.utf8CodeUnitCount { appendScratch(s.utf8Start[i]) }
        textInScratch = true
    }

    @inline(__always) mutating func appendScratch(_ c: UInt8) {
        if scratchCount == scratchCap {
            let nb = UnsafeMutablePointer<UInt8>.allocate(capacity: scratchCap * 2)
            nb.update(from: scratch, count: scratchCount)
            scratch.deallocate()
            scratch = nb
            scratchCap *= 2
        }
        scratch[scratchCount] = c
        scratchCount += 1
    }

    mutating func literal(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        guard try available(n), memcmpEqual(UnsafePointer(buf + pos), word.utf8Start, n) else {
            throw error("invalid literal (expected \(word))")
        }
        pos += n
    }

    mutating func scanNumber() throws {
        var i = pos
        while true {
            while i < end {
                let c = buf[i]
                let isNumberChar = (c >= 0x30 && c <= 0x39) || c == 0x2d || c == 0x2b || c == 0x2e
                    || c == 0x65 || c == 0x45
                if !isNumberChar { break }
                i += 1
            }
            if i < end || eof { break }
            let offset = i - pos
            try refill(offset + 64)
            i = pos + offset
            if i >= end { break }
        }
        // "-Infinity"
        if i == pos + 1 && buf[pos] == 0x2d, try available(9),
           memcmpEqual(UnsafePointer(buf + pos + 1), ("Infinity" as StaticString).utf8Start, 8) {
            pos += 9
            setText("-Infinity")
            return
        }
        textStart = UnsafePointer(buf + pos)
        textCount = i - pos
        textInScratch = false
        pos = i
        if !validNumber(UnsafeBufferPointer(start: textStart, count: textCount)) {
            throw error("invalid number")
        }
    }

    func validNumber(_ t: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = t.count
        if i < n && t[i] == 0x2d { i += 1 }
        guard i < n else { return false }
        if t[i] == 0x30 {
            i += 1
        } else if t[i] >= 0x31 && t[i] <= 0x39 {
            while i < n && t[i] >= 0x30 && t[i] <= 0x39 { i += 1 }
        } else {
            return false
        }
        if i < n && t[i] == 0x2e {
            i += 1
            let s = i
            while i < n && t[i] >= 0x30 && t[i] <= 0x39 { i += 1 }
            if i == s { return false }
        }
        if i < n && (t[i] == 0x65 || t[i] == 0x45) {
            i += 1
            if i < n && (t[i] == 0x2b || t[i] == 0x2d) { i += 1 }
            let s = i
            while i < n && t[i] >= 0x30 && t[i] <= 0x39 { i += 1 }
            if i == s { return false }
        }
        return i == n
    }

    /// Scans a string starting at the opening quote.  Strings without
    /// escapes are handed out in place; others are decoded into scratch.
    mutating func scanString() throws {
        var i = pos + 1
        var hasEscape = false
        while true {
            while i < end {
                let c = buf[i]
                if c == 0x22 { break }
                if c == 0x5c {
                    hasEscape = true
                    i += 2
                    continue
                }
                if c < 0x20 { throw error("control character in a string") }
                i += 1
            }
            if i < end { break }
            if eof { throw error("unterminated string") }
            let offset = i - pos
            try refill(offset + 64)
            i = pos + offset
        }
        let body = UnsafeBufferPointer(start: UnsafePointer(buf + pos + 1), count: i - pos - 1)
        if hasEscape {
            try unescape(body)
            textInScratch = true
        } else {
            textStart = body.baseAddress
            textCount = body.count
            textInScratch = false
        }
        pos = i + 1
    }

    mutating func unescape(_ body: UnsafeBufferPointer<UInt8>) throws {
        scratchCount = 0
        var i = 0
        while i < body.count {
            let c = body[i]
            if c != 0x5c {
                appendScratch(c)
                i += 1
                continue
            }
            guard i + 1 < body.count else { throw error("invalid escape in a string") }
            let e = body[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "\""): appendScratch(0x22)
            case UInt8(ascii: "\\"): appendScratch(0x5c)
            case UInt8(ascii: "/"): appendScratch(0x2f)
            case UInt8(ascii: "b"): appendScratch(0x08)
            case UInt8(ascii: "f"): appendScratch(0x0c)
            case UInt8(ascii: "n"): appendScratch(0x0a)
            case UInt8(ascii: "r"): appendScratch(0x0d)
            case UInt8(ascii: "t"): appendScratch(0x09)
            case UInt8(ascii: "u"):
                var code = try hex4(body, i)
                i += 4
                if code >= 0xd800 && code < 0xdc00, i + 6 <= body.count, body[i] == 0x5c,
                   body[i + 1] == UInt8(ascii: "u") {
                    let low = try hex4(body, i + 2)
                    if low >= 0xdc00 && low < 0xe000 {
                        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00)
                        i += 6
                    }
                }
                let scalar = Unicode.Scalar(code) ?? "\u{fffd}"
                for b in String(Character(scalar)).utf8 { appendScratch(b) }
            default:
                throw error("invalid escape '\\\(printable(e))' in a string")
            }
        }
    }

    func hex4(_ body: UnsafeBufferPointer<UInt8>, _ at: Int) throws -> UInt32 {
        guard at + 4 <= body.count else { throw error("invalid \\u escape") }
        var v: UInt32 = 0
        for k in 0..<4 {
            let c = body[at + k]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw error("invalid \\u escape")
            }
            v = v << 4 | d
        }
        return v
    }

    func printable(_ c: UInt8) -> String {
        (c >= 0x20 && c < 0x7f) ? String(Character(Unicode.Scalar(c))) : "\\x" + String(c, radix: 16)
    }

    /// Skips the value whose first token was just returned.
    public mutating func skip(after token: JSONToken) throws {
        guard token == .beginObject || token == .beginArray else { return }
        let target = depth - 1
        while depth > target {
            if try next() == .endOfInput { throw error("unexpected end of input") }
        }
    }
}

@inline(__always) func memcmpEqual(_ a: UnsafePointer<UInt8>?, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    guard let a else { return n == 0 }
    for i in 0..<n where a[i] != b[i] { return false }
    return true
}
