import DamoTestSupport
import Foundation
import Testing
@testable import DamonRecords

private func lines(_ text: String, bufferSize: Int) throws -> [String] {
    var reader = LineReader(source: MemoryByteSource(Array(text.utf8)), bufferSize: bufferSize)
    var out: [String] = []
    try reader.forEachLine { out.append(String(decoding: $0, as: UTF8.self)) }
    return out
}

/// Reads a whole source in chunks of `chunk` bytes.
private func drain<S: ByteSource>(_ source: inout S, chunk: Int = 7) throws -> [UInt8] {
    var out: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: chunk)
    while true {
        let n = try buf.withUnsafeMutableBytes { try source.read(into: $0) }
        if n == 0 { return out }
        out += buf[..<n]
    }
}

private func deflate(_ bytes: [UInt8], pieces: Int = 1) throws -> [UInt8] {
    let sink = MemorySink()
    let d = try DeflateSink(base: sink, name: "mem")
    let step = max(1, bytes.count / pieces)
    for start in stride(from: 0, to: bytes.count, by: step) {
        try d.write(Array(bytes[start..<min(bytes.count, start + step)]))
    }
    try d.finish()
    return sink.bytes
}

private func inflate(_ bytes: [UInt8], chunk: Int = 4096) throws -> [UInt8] {
    var source = try InflateSource(base: MemoryByteSource(bytes), name: "mem.z")
    return try drain(&source, chunk: chunk)
}

/// Text that compresses, long enough to span several zlib buffers.
private let bigText: [UInt8] = Array((0..<60_000).map { "line \($0) of \($0 * 7919 % 104_729)\n" }.joined().utf8)

@Suite("Byte sources, sinks, lines and zlib")
struct IOTests {
    @Test(arguments: [1, 2, 4, 5, 1 << 17])
    func lineSplitting(_ bufferSize: Int) throws {
        #expect(try lines("a\nbb\n\nccc", bufferSize: bufferSize) == ["a", "bb", "", "ccc"])
        #expect(try lines("a\n", bufferSize: bufferSize) == ["a"])
        #expect(try lines("", bufferSize: bufferSize) == [])
        #expect(try lines("\n\n", bufferSize: bufferSize) == ["", ""])
        #expect(try lines("x\r\ny", bufferSize: bufferSize) == ["x\r", "y"])
        let long = String(repeating: "z", count: 10_000)
        #expect(try lines("s\n\(long)\nt", bufferSize: bufferSize) == ["s", long, "t"])
    }

    @Test func prefixedAndMemorySources() throws {
        var m = MemoryByteSource(Array(0..<100))
        #expect(try drain(&m) == Array(0..<100))
        #expect(try drain(&m) == [])
        var p = PrefixedSource(prefix: [1, 2, 3], base: MemoryByteSource([4, 5]))
        #expect(try drain(&p, chunk: 2) == [1, 2, 3, 4, 5])
    }

    @Test func fileSourceErrors() throws {
        let dir = TempDir()
        #expect(throws: RecordFileError.self) { try FileByteSource(path: dir.file("none")) }
        do {
            _ = try FileByteSource(path: dir.path)
            Issue.record("a directory was opened")
        } catch let e as RecordFileError {
            #expect(e.description == "\(dir.path): is a directory")
        }
        try writeText("abc", dir.file("f"))
        var f = try FileByteSource(path: dir.file("f"))
        #expect(try drain(&f, chunk: 2) == Array("abc".utf8))
    }

    @Test(arguments: [1, 3, 1000])
    func zlibRoundTrip(_ pieces: Int) throws {
        let compressed = try deflate(bigText, pieces: pieces)
        #expect(compressed.count < bigText.count / 3)
        #expect(looksLikeZlibHeader(compressed[0], compressed[1]))
        #expect(try inflate(compressed, chunk: 1000) == bigText)
        #expect(try inflate(compressed, chunk: 1 << 20) == bigText)
        #expect(try inflate(try deflate([])) == [])
    }

    @Test func truncatedAndCorruptStreams() throws {
        let compressed = try deflate(bigText)
        for cut in [2, 10, compressed.count / 2, compressed.count - 1] {
            #expect(throws: RecordFileError.self) { try inflate(Array(compressed[..<cut])) }
        }
        var bad = compressed
        bad[bad.count - 2] ^= 0xff  // the Adler-32 checksum
        do {
            _ = try inflate(bad)
            Issue.record("a wrong checksum was accepted")
        } catch let e as RecordFileError {
            #expect(e.description.hasPrefix("mem.z: corrupt zlib stream ("))
        }
    }

    /// damo's files are python zlib.compress() output; ours, level 6 of the
    /// same zlib, gives the very same bytes.
    @Test(.enabled(if: TestPaths.haveInputs, "needs ../shared/compat/cases/inputs"),
          arguments: ["damon.data", "damon.data.snapshot.active"])
    func recompressingRealRecordsGivesTheSameBytes(_ name: String) throws {
        let original = try readBytes(TestPaths.input(name))
        #expect(try deflate(try inflate(original), pieces: 5) == original)
    }

    @Test func atomicSink() throws {
        let dir = TempDir()
        let path = dir.file("out")
        try writeText("old", path)
        let abandoned = try AtomicFileSink(path: path, permission: 0o600)
        try abandoned.write(Array("new".utf8))
        abandoned.abandon()
        #expect(try readBytes(path) == Array("old".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out"])

        let sink = try AtomicFileSink(path: path, permission: 0o604)
        try sink.write(bigText)
        // Until finished, readers see the old file.
        #expect(try readBytes(path) == Array("old".utf8))
        try sink.finish()
        #expect(try readBytes(path) == bigText)
        let attrs = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attrs[.posixPermissions] as? Int) == 0o604)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out"])
    }

    @Test func atomicSinkDroppedWithoutFinishLeavesNothing() throws {
        let dir = TempDir()
        do {
            let sink = try AtomicFileSink(path: dir.file("never"))
            try sink.write([1, 2, 3])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }
}
