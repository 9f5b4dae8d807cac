import DamoTestSupport
import Foundation
import Testing
@testable import DamonModel
@testable import DamonRecords

/// Damaged copies of record files: cut short, or with bytes changed.
/// Reading one must never crash; where the damage cannot leave a valid
/// file, it must fail with a one-line RecordFileError naming the file.

private func generated(_ format: RecordFormat) throws -> [UInt8] {
    let sink = MemorySink()
    try RecordFile.write(sampleRecords(), to: sink, format: format, name: "mem")
    return sink.bytes
}

/// Offsets spread over a file of n bytes, plus both ends.
private func offsets(_ n: Int, from first: Int = 1) -> [Int] {
    let picks = [first, first + 1, 10, 100, n / 4, n / 3, n / 2, 2 * n / 3, n - 100, n - 10, n - 2, n - 1]
    return Array(Set(picks.filter { $0 >= first && $0 < n })).sorted()
}

private struct Damaged {
    let dir: TempDir
    let original: [UInt8]
    let label: String

    init(_ bytes: [UInt8], _ label: String) throws {
        dir = TempDir()
        original = bytes
        self.label = label
    }

    /// Reads a damaged copy: nil if it failed with a proper error, the
    /// records otherwise.
    func read(_ bytes: [UInt8], _ what: String, mustFail: Bool) throws -> [Record]? {
        let path = dir.file("copy")
        try writeBytes(bytes, path)
        if mustFail {
            expectRecordFileError(path, "\(label) \(what)")
            return nil
        }
        do {
            return try RecordFile.read(path: path)
        } catch let e as RecordFileError {
            #expect(e.description.hasPrefix(path + ": ") && !e.description.contains("\n"), "\(e)")
            return nil
        }
    }

    func truncations(mustFail: Bool, from first: Int = 1) throws {
        for cut in offsets(original.count, from: first) {
            _ = try read(Array(original[..<cut]), "cut at \(cut)", mustFail: mustFail)
        }
    }

    func flips(mask: UInt8, mustFail: Bool, at: [Int]? = nil) throws {
        for off in at ?? offsets(original.count, from: 0) {
            var copy = original
            copy[off] ^= mask
            _ = try read(copy, "byte \(off) ^ \(mask)", mustFail: mustFail)
        }
    }

    func overwrites(with byte: UInt8, mustFail: Bool, at: [Int]? = nil) throws {
        for off in at ?? offsets(original.count, from: 0) {
            var copy = original
            copy[off] = byte
            _ = try read(copy, "byte \(off) = \(byte)", mustFail: mustFail)
        }
    }
}

private let realFiles = ["damon.data", "damon.data.snapshot.active", "damon.data.snapshot.hugepage"]

@Suite("Damaged record files")
struct RecordFileCorruptionTests {
    /// A JSON list cut short is never complete; a zlib stream cut short
    /// ends early.  (One byte of zlib is not yet told from text.)
    @Test(arguments: [RecordFormat.json, .jsonCompressed])
    func truncatedGenerated(_ format: RecordFormat) throws {
        try Damaged(try generated(format), "\(format)").truncations(mustFail: true, from: 2)
    }

    /// Trace text cut at a line end is a shorter, valid trace.
    @Test func truncatedTrace() throws {
        try Damaged(try generated(.perfScript), "trace").truncations(mustFail: false)
    }

    /// Every single-bit change of a compressed record is caught (by zlib's
    /// header check, the deflate format or its Adler-32 checksum), except
    /// in the padding bits after the last deflate block, which change
    /// nothing.
    @Test func everyBitFlipOfCompressed() throws {
        let d = try Damaged(try generated(.jsonCompressed), "compressed")
        var harmless: [Int] = []
        for off in 0..<d.original.count {
            for bit in [0x01, 0x80] as [UInt8] {
                var copy = d.original
                copy[off] ^= bit
                if let records = try d.read(copy, "byte \(off) ^ \(bit)", mustFail: false) {
                    expectSameRecords(sampleRecords(), records)
                    harmless.append(off)
                }
            }
        }
        #expect(harmless.allSatisfy { $0 == d.original.count - 5 }, "\(harmless)")
    }

    /// A NUL byte is invalid anywhere in JSON.  Other changes may keep the
    /// JSON valid (a digit for a digit), but never crash the reader.
    @Test func changedBytesOfJSON() throws {
        let d = try Damaged(try generated(.json), "json")
        try d.overwrites(with: 0, mustFail: true, at: Array(stride(from: 0, to: d.original.count, by: 11)))
        let everyFew = Array(stride(from: 3, to: d.original.count, by: 37))
        for mask in [0x01, 0x02, 0x20, 0x80] as [UInt8] {
            try d.flips(mask: mask, mustFail: false, at: everyFew)
        }
        try d.overwrites(with: UInt8(ascii: "\""), mustFail: false, at: everyFew)
    }

    @Test func changedBytesOfTrace() throws {
        let d = try Damaged(try generated(.perfScript), "trace")
        let everyFew = Array(stride(from: 0, to: d.original.count, by: 5))
        for mask in [0x01, 0x10, 0x80] as [UInt8] {
            try d.flips(mask: mask, mustFail: false, at: everyFew)
        }
        try d.overwrites(with: 0, mustFail: false, at: everyFew)
    }

    @Test(.enabled(if: TestPaths.haveInputs, "needs ../shared/compat/cases/inputs"), arguments: realFiles)
    func damagedRealRecords(_ name: String) throws {
        let d = try Damaged(try readBytes(TestPaths.input(name)), name)
        let n = d.original.count
        if n > 20_000 {
            // A big record: a few places only (each read inflates it all).
            for cut in [2, 10, n / 2, n - 5, n - 1] {
                _ = try d.read(Array(d.original[..<cut]), "cut at \(cut)", mustFail: true)
            }
            try d.flips(mask: 0x01, mustFail: true, at: [0, 1, 100, n / 2, n - 1])
        } else {
            try d.truncations(mustFail: true, from: 2)
            for mask in [0x01, 0x80] as [UInt8] { try d.flips(mask: mask, mustFail: true) }
        }
    }

    /// The real trace is big; its first 300 lines (many snapshots) are
    /// damaged everywhere, the whole file once.
    @Test(.enabled(if: TestPaths.haveInputs, "needs ../shared/compat/cases/inputs"))
    func damagedRealTrace() throws {
        let whole = try readBytes(TestPaths.input("perf.data.script"))
        _ = try Damaged(whole, "perf.data.script").read(Array(whole[..<(whole.count / 2)]), "cut in half", mustFail: false)
        let newlines = whole.indices.filter { whole[$0] == 0x0a }
        let head = Array(whole[...newlines[299]])
        let d = try Damaged(head, "perf.data.script head")
        try d.truncations(mustFail: false)
        for mask in [0x01, 0x80] as [UInt8] { try d.flips(mask: mask, mustFail: false) }
        try d.overwrites(with: 0, mustFail: false)
    }

    /// Plain JSON written by us, damaged: the uncompressed counterpart of
    /// the real records.
    @Test(.enabled(if: TestPaths.haveInputs, "needs ../shared/compat/cases/inputs"))
    func damagedRealRecordAsJSON() throws {
        let sink = MemorySink()
        let records = try RecordFile.read(path: TestPaths.input("damon.data.snapshot.hugepage"))
        try RecordFile.write(records, to: sink, format: .json, name: "mem")
        let d = try Damaged(sink.bytes, "hugepage as json")
        try d.truncations(mustFail: true)
        try d.overwrites(with: 0, mustFail: true)
        try d.flips(mask: 0x80, mustFail: false)
    }
}
