import DamoTestSupport
import Foundation
import Testing
@testable import DamonRecords

/// Hands out at most `step` bytes per read, so that tokens, escapes and the
/// zlib trailer straddle reads.
private struct TrickleSource: ByteSource {
    let bytes: [UInt8]
    let step: Int
    var at = 0

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(step, buffer.count, bytes.count - at)
        for i in 0..<n { buffer[i] = bytes[at + i] }
        at += n
        return n
    }
}

/// The tokens left after skipping the first array element (an object or
/// array), checked or not.
private func tokensAfterSkip(_ text: String, step: Int, checked: Bool) throws -> [String] {
    var tok = JSONTokenizer(source: TrickleSource(bytes: Array(text.utf8), step: step))
    #expect(try tok.next() == .beginArray)
    let first = try tok.next()
    if checked { try tok.skip(after: first) } else { try tok.skipUnchecked(after: first) }
    var out = ["depth \(tok.depth)"]
    while true {
        let t = try tok.next()
        if t == .endOfInput { return out }
        out.append(t == .key || t == .string || t == .number ? "\(t) \(tok.textString)" : "\(t)")
    }
}

private func naiveAdler32(_ bytes: [UInt8]) -> UInt32 {
    var a: UInt32 = 1, b: UInt32 = 0
    for x in bytes {
        a = (a + UInt32(x)) % 65521
        b = (b + a) % 65521
    }
    return b << 16 | a
}

@Suite("Quick passes: unchecked skips and our Adler-32")
struct QuickPassTests {
    static let documents = [
        #"[{"a": [1, {"b": "x}]\"{["}], "c": "]\\"}, {"d": 2}, 3]"#,
        #"[[[], {}, "[", "\\\"]"], "after", {"k": null}]"#,
        "[{\"s\": \"\\u005d\", \"n\": [1.5e3, -2]}\n  ,\n  true]",
    ]

    @Test(arguments: [1, 2, 3, 1 << 16])
    func uncheckedSkipEndsWhereTheCheckedOneDoes(_ step: Int) throws {
        for doc in Self.documents {
            let unchecked = try tokensAfterSkip(doc, step: step, checked: false)
            #expect(unchecked == (try tokensAfterSkip(doc, step: step, checked: true)), "\(doc)")
            #expect(unchecked.count > 2)
        }
    }

    @Test(arguments: [#"[{"a": [1}]"#, #"[{"a": "x}]"#, #"[{"a": 1"#, #"[["]"#, "[{\"a\": \"\\"])
    func uncheckedSkipRefusesMismatchedOrUnendedInput(_ doc: String) throws {
        #expect(throws: JSONSyntaxError.self) { _ = try tokensAfterSkip(doc, step: 2, checked: false) }
    }

    @Test func adler32MatchesTheDefinition() {
        var rng = SystemRandomNumberGenerator()
        for n in [0, 1, 7, 8, 9, 100, 65_535, 65_536, 65_537, 200_003] {
            let bytes = (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
            for cuts in [[n], [n / 3, n], [1, n / 2 + 1, n]] {
                var check = Adler32()
                var from = 0
                bytes.withUnsafeBytes { all in
                    for to in cuts where to >= from && to <= n {
                        check.update(UnsafeRawBufferPointer(rebasing: all[from..<to]))
                        from = to
                    }
                }
                #expect(check.value == naiveAdler32(bytes), "\(n) bytes cut at \(cuts)")
            }
        }
        // The largest sums before each modulo: all bytes 255.
        var check = Adler32()
        let ones = [UInt8](repeating: 255, count: 300_000)
        ones.withUnsafeBytes { check.update($0) }
        #expect(check.value == naiveAdler32(ones))
    }

    /// The checksum is compared whichever reads the trailer's bytes came
    /// in, and any wrong byte of it is refused as zlib would.
    @Test(arguments: [1, 2, 3, 5, 4096])
    func inflateChecksTheTrailerAcrossReads(_ step: Int) throws {
        let text = Array((0..<3000).map { "line \($0)\n" }.joined().utf8)
        let sink = MemorySink()
        let d = try DeflateSink(base: sink, name: "mem")
        try d.write(text)
        try d.finish()
        func inflated(_ bytes: [UInt8]) throws -> [UInt8] {
            let source = try InflateSource(base: TrickleSource(bytes: bytes, step: step), name: "mem.z")
            var out: [UInt8] = []
            var buf = [UInt8](repeating: 0, count: 1000)
            while true {
                let n = try buf.withUnsafeMutableBytes { try source.read(into: $0) }
                if n == 0 { return out }
                out += buf[..<n]
            }
        }
        #expect(try inflated(sink.bytes) == text)
        for back in 1...4 {
            var bad = sink.bytes
            bad[bad.count - back] ^= 0x10
            do {
                _ = try inflated(bad)
                Issue.record("a wrong trailer byte \(back) from the end was accepted")
            } catch let e as RecordFileError {
                #expect(e.description == "mem.z: corrupt zlib stream (incorrect data check)")
            }
        }
    }
}
