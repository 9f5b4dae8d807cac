import Testing
@testable import DamonModel
@testable import DamonRecords

/// The read-ahead thread's chunks are read in place (ChunkLender): a
/// token split by a chunk's end is joined in the next chunk's headroom, or
/// in the reader's own memory when longer than that.  Whatever the chunk
/// and headroom sizes, the reader must see exactly the bytes a plain
/// source gives, and place errors at the same line and column.
@Suite struct ReadAheadLendingTests {
    /// A record of `n` regions in damo's indented layout, with a string
    /// longer than any headroom here and unicode escapes in between.
    static func record(regions n: Int) -> String {
        let regions = (0..<n).map { i in
            """
                    {
                        "start": \(i * 4096),
                        "end": \(i * 4096 + 4096),
                        "nr_accesses": {"samples": \(i % 21), "percent": null},
                        "age": {"usec": null, "aggr_intervals": \(i % 13)}
                    }
            """
        }
        let long = String(repeating: "abcdefghij", count: 700)
        return """
            [{"intervals": {"sample_us": 5000, "aggr_us": 100000, "ops_update_us": 1000000}, "target_id": 1,
            "note": "\(long)", "escaped": "caf\\u00e9 \\n \(long.prefix(300))",
            "snapshots": [{"start_time": 0, "end_time": 100, "regions": [
            \(regions.joined(separator: ",\n"))
            ]}]}]

            """
    }

    func tokens<S: ByteSource>(_ source: S) throws -> [String] {
        var tok = JSONTokenizer(source: source, bufferSize: 4096)
        var out: [String] = []
        while true {
            let t = try tok.next()
            switch t {
            case .endOfInput: return out
            case .key, .string, .number: out.append("\(t):" + tok.textString)
            default: out.append("\(t)")
            }
        }
    }

    func lending(_ text: String, chunk: Int, headroom: Int, threaded: Bool = true) -> ReadAheadSource {
        ReadAheadSource(base: MemoryByteSource(Array(text.utf8)), chunkSize: chunk, chunks: 3, headroom: headroom,
                        threaded: threaded)
    }

    func regions<S: ByteSource>(_ source: S) throws -> [Region] {
        let puller = JSONRecordPuller(tokenizer: JSONTokenizer(source: source))
        var regions: [Region] = []
        while var header = try puller.nextRecord() {
            while let s = try puller.nextSnapshot(&header) { regions += s.regions }
        }
        return regions
    }

    @Test(arguments: [(1, 0), (7, 16), (97, 64), (4096, 2048), (5000, 16 << 10), (1 << 20, 16 << 10)])
    func tokensAreAPlainSourcesTokens(_ chunk: Int, _ headroom: Int) throws {
        let text = Self.record(regions: 60)
        let plain = try tokens(MemoryByteSource(Array(text.utf8)))
        #expect(plain.count > 700)
        #expect(try tokens(lending(text, chunk: chunk, headroom: headroom)) == plain)
    }

    /// Regions go the fast path (2 KiB asked ahead), across chunk ends
    /// joined in place and through the reader's own memory.
    @Test(arguments: [(300, 4096), (3000, 2048), (3000, 100), (65536, 16 << 10)])
    func regionsAreAPlainSourcesRegions(_ chunk: Int, _ headroom: Int) throws {
        let text = Self.record(regions: 400)
        let plain = try regions(MemoryByteSource(Array(text.utf8)))
        #expect(plain.count == 400)
        #expect(try regions(lending(text, chunk: chunk, headroom: headroom)) == plain)
    }

    @Test(arguments: [(5, 8), (97, 64), (4096, 16 << 10)])
    func errorsAreWhereAPlainSourcePutsThem(_ chunk: Int, _ headroom: Int) throws {
        let text = Self.record(regions: 80).replacingOccurrences(of: "\"end\": 204800,", with: "\"end\": 204800,,")
        func error<S: ByteSource>(_ source: S) -> String? {
            do {
                _ = try regions(source)
                return nil
            } catch {
                return "\(error)"
            }
        }
        let plain = error(MemoryByteSource(Array(text.utf8)))
        #expect(plain?.contains("line ") == true)
        #expect(error(lending(text, chunk: chunk, headroom: headroom)) == plain)
    }

    /// Without its thread (as when none can be made), the chunks are
    /// filled as the reader asks: before, that filled every free chunk
    /// and then waited for ever for one to be read.
    @Test func withoutAThread() throws {
        let text = Self.record(regions: 100)
        let plain = try regions(MemoryByteSource(Array(text.utf8)))
        #expect(try regions(lending(text, chunk: 3000, headroom: 2048, threaded: false)) == plain)
        let source = lending(text, chunk: 100, headroom: 0, threaded: false)
        var copied: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 77)
        while case let n = try buffer.withUnsafeMutableBytes({ try source.read(into: $0) }), n > 0 { copied += buffer[..<n] }
        #expect(copied == Array(text.utf8))
    }

    /// Bytes read through read(into:) first, then lent: nothing lost.
    @Test func readThenLent() throws {
        let text = Self.record(regions: 20)
        let source = lending(text, chunk: 1000, headroom: 64)
        var first = [UInt8](repeating: 0, count: 10)
        let n = try first.withUnsafeMutableBytes { try source.read(into: $0) }
        #expect(n == 10)
        var rest: [UInt8] = []
        while let chunk = try source.lendChunk() {
            rest += UnsafeBufferPointer(start: chunk.bytes, count: chunk.count)
            source.giveBack(chunk)
        }
        #expect(first[..<n] + rest == Array(text.utf8)[...])
    }
}
