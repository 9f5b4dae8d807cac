import CChecksum
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

private func naiveAdler32(_ bytes: [UInt8]) -> UInt32 {
    var a: UInt32 = 1, b: UInt32 = 0
    for x in bytes {
        a = (a + UInt32(x)) % 65521
        b = (b + a) % 65521
    }
    return b << 16 | a
}

@Suite("Our Adler-32 and the zlib trailer")
struct Adler32Tests {
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

    /// Every implementation (bytewise, SSE2, AVX2 where the CPU has them)
    /// at every alignment, across the block and reduction sizes, from a
    /// running value, and at the largest lane sums (all bytes 255).
    @Test(arguments: [0, 1, 2])
    func adler32ImplementationsAgree(_ level: Int) {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<40_000).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let ones = [UInt8](repeating: 255, count: 40_000)
        for data in [bytes, ones] {
            data.withUnsafeBufferPointer { all in
                for offset in 0..<33 {
                    for n in [0, 1, 15, 16, 17, 31, 32, 33, 5503, 5504, 5505, 11_008, 39_000 - offset] {
                        let part = UnsafeBufferPointer(rebasing: all[offset..<(offset + n)])
                        let whole = damo_adler32_level(Int32(level), 1, part.baseAddress, n)
                        #expect(whole == naiveAdler32(Array(part)), "level \(level), \(n) bytes at \(offset)")
                        let half = n / 2
                        let first = damo_adler32_level(Int32(level), 1, part.baseAddress, half)
                        #expect(damo_adler32_level(Int32(level), first, part.baseAddress! + half, n - half) == whole)
                    }
                }
            }
        }
        #if arch(x86_64)
        #expect(damo_adler32_best_level() >= 1)
        #endif
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
