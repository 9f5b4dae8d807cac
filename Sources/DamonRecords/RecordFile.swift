import DamonModel
import DamoPlatform

/// The record file formats damo reads and writes.
public enum RecordFormat: String, CaseIterable, Sendable {
    case jsonCompressed = "json_compressed"
    case json = "json"
    case perfScript = "perf_script"
    case perfData = "perf_data"

    /// Formats damo writes itself (perf_data comes from perf).
    public static let writable: [RecordFormat] = [.jsonCompressed, .json, .perfScript]
}

/// Writes a perf.data file's `perf script` text to a file descriptor.
/// Running perf is the kernel library's business; readers of perf.data
/// are given the conversion, through `PerfScriptTexts`.
public typealias PerfScriptConversion = (_ perfData: String, _ output: Int32) throws -> Void

/// Reading and writing whole record files.  The format is told from the
/// content, never from the name.
public enum RecordFile {
    /// Detects a file's format from its first bytes.
    public static func detect(prefix: [UInt8]) -> RecordFormat? {
        if prefix.count >= 8 {
            let magic = String(decoding: prefix[0..<8], as: UTF8.self)
            if magic == "PERFILE2" || magic == "2ELIFREP" { return .perfData }
        }
        if prefix.count >= 2 && looksLikeZlibHeader(prefix[0], prefix[1]) { return .jsonCompressed }
        let prefix = prefix[bomLength(prefix)...]
        guard let first = prefix.first(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0a || $0 == 0x0d) }) else {
            return nil
        }
        if first == UInt8(ascii: "[") || first == UInt8(ascii: "{") { return .json }
        // Trace text is printable; anything else is not a record.
        let binary = prefix.contains { $0 == 0 || ($0 < 0x20 && $0 != 0x09 && $0 != 0x0a && $0 != 0x0d) }
        return binary || !isUTF8(prefix) ? nil : .perfScript
    }

    /// The length of a UTF-8 byte order mark at the start (editors on
    /// some systems write one before JSON), or 0.
    static func bomLength<C: Collection<UInt8>>(_ bytes: C) -> Int {
        bytes.starts(with: [0xef, 0xbb, 0xbf]) ? 3 : 0
    }

    /// Whether bytes are UTF-8 text, allowing a character cut by the end
    /// of the prefix (at most three bytes of it).
    static func isUTF8<C: Collection<UInt8>>(_ bytes: C) -> Bool {
        for cut in 0...min(3, bytes.count) where String(validating: bytes.dropLast(cut), as: UTF8.self) != nil {
            return true
        }
        return false
    }

    /// Reads all records of a file.  Errors name the file and the problem.
    /// A perf.data file is read through `perfScript`.
    public static func read(path: String, intervals: Intervals? = nil,
                            perfScript: PerfScriptTexts? = nil) throws -> [Record] {
        try read(FileByteSource(path: path), name: path, intervals: intervals, perfScript: perfScript)
    }

    /// Reads records from bytes in memory (perf.data excepted: perf reads
    /// only files); `name` stands for the file in errors and records.
    public static func read(bytes: [UInt8], name: String, intervals: Intervals? = nil) throws -> [Record] {
        try read(MemoryByteSource(bytes), name: name, intervals: intervals, perfScript: nil)
    }

    static func read<S: ByteSource>(_ base: S, name path: String, intervals: Intervals?,
                                    perfScript: PerfScriptTexts?) throws -> [Record] {
        var stream = try RecordStream(base, name: path, intervals: intervals, perfScript: perfScript)
        return try stream.readAll()
    }

    /// Writes records atomically: the file appears complete or not at all.
    /// nil permission means the usual 0666 minus the umask.
    public static func write(_ records: [Record], path: String, format: RecordFormat,
                             permission: Int? = nil) throws {
        let mode = permission ?? (0o666 & ~currentUmask())
        let file = try AtomicFileSink(path: path, permission: mode)
        do {
            try write(records, to: file, format: format, name: path)
        } catch {
            file.abandon()
            throw error
        }
    }

    /// Writes records into a sink and finishes it.
    public static func write(_ records: [Record], to sink: ByteSink, format: RecordFormat, name: String) throws {
        switch format {
        case .json:
            try RecordJSONWriter().write(records, to: JSONWriter(sink: sink))
            try sink.finish()
        case .jsonCompressed:
            let deflate = try DeflateSink(base: sink, name: name)
            try RecordJSONWriter().write(records, to: JSONWriter(sink: deflate))
            try deflate.finish()
        case .perfScript:
            try TraceTextWriter.write(records, to: sink)
        case .perfData:
            throw RecordFileError(name, "damo cannot write perf_data itself (perf writes it while recording)")
        }
    }

    static func currentUmask() -> Int {
        let m = umask(0)
        umask(m)
        return Int(m)
    }
}
