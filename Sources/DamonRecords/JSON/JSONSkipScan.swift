/// Passing over a container by its brackets alone, for passes that only
/// need what comes after it (`data_source`, written after the snapshots):
/// several times faster than tokenizing it.
extension JSONTokenizer {
    /// Skips the rest of the object or array whose opening token was just
    /// returned, checking only that brackets match and strings end.
    /// Anything else wrong inside goes unnoticed, and errors (and line
    /// numbers afterwards) are imprecise: callers that need exact errors
    /// read again with `skip`.
    public mutating func skipUnchecked(after token: JSONToken) throws {
        guard token == .beginObject || token == .beginArray else { return }
        // One bit per open level, the innermost lowest: set for an object.
        var kinds: UInt64 = token == .beginObject ? 1 : 0
        var level = 1
        var inString = false
        var i = pos
        while true {
            // Eight bytes at a time past those that cannot matter: in a
            // string all but '"' and '\'; outside, all but '"' and brackets
            // ('[', ']', '{' and '}' and a few letters map to 'y' below).
            while end - i >= 8 {
                let w = UnsafeRawPointer(buf + i).loadUnaligned(as: UInt64.self)
                var m = RegionScanner.zeroBytes(w ^ 0x2222_2222_2222_2222)
                if inString {
                    m |= RegionScanner.zeroBytes(w ^ 0x5c5c_5c5c_5c5c_5c5c)
                } else {
                    m |= RegionScanner.zeroBytes(((w | 0x2020_2020_2020_2020) & ~0x0606_0606_0606_0606)
                                                 ^ 0x7979_7979_7979_7979)
                }
                if m != 0 {
                    i += m.trailingZeroBitCount >> 3
                    break
                }
                i += 8
            }
            if i >= end {
                pos = i
                try refill(1)
                i = pos
                if i >= end { throw error("unexpected end of input (the document is incomplete)") }
            }
            let c = buf[i]
            i += 1
            if inString {
                if c == 0x22 {
                    inString = false
                } else if c == 0x5c {
                    if i >= end {
                        pos = i
                        try refill(1)
                        i = pos
                        if i >= end { throw error("unterminated string") }
                    }
                    i += 1
                }
                continue
            }
            switch c {
            case 0x22:
                inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard level < 64 else { throw error("nesting too deep for a quick pass") }
                kinds = kinds << 1 | (c == UInt8(ascii: "{") ? 1 : 0)
                level += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard (kinds & 1 == 1) == (c == UInt8(ascii: "}")) else {
                    pos = i - 1
                    throw error("mismatched '\(Character(Unicode.Scalar(c)))'")
                }
                kinds >>= 1
                level -= 1
                if level == 0 {
                    pos = i - 1
                    _ = try closeContainer(c)
                    return
                }
            default:
                break
            }
        }
    }
}
