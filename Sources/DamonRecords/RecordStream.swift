import DamonModel
import DamoPlatform

/// A record file read as a stream: record after record, each record's
/// snapshots one at a time, so that memory is bounded by the largest
/// snapshot rather than by the record's length.
///
///     var stream = try RecordStream(path: path)
///     while let header = try stream.nextRecord() {       // snapshots empty
///         while let snapshot = try stream.nextSnapshot() { ... }
///         stream.record                                   // the whole header
///     }
///
/// A record's fields written before its snapshots (damo writes all but
/// `data_source` there) are in what `nextRecord` returns; `record` has the
/// rest once `nextSnapshot` returned nil.  Errors name the file, as
/// `RecordFile.read`'s do.  Trace text (perf script, perf.data) is read
/// twice or more (see TraceTextPuller); perf.data is converted once
/// however many streams read it (see PerfScriptTexts).
public struct RecordStream {
    let path: String
    var puller: any RecordPuller
    /// The current record's header (no snapshots); complete once its
    /// snapshots have ended.
    public private(set) var record = Record()
    /// Records started so far.
    public private(set) var recordCount = 0
    /// Snapshots read so far, over all records.
    public private(set) var snapshotCount = 0

    public init(path: String, intervals: Intervals? = nil, perfScript: PerfScriptTexts? = nil) throws {
        try self.init(FileByteSource(path: path), name: path, intervals: intervals, perfScript: perfScript)
    }

    /// Bytes in memory (perf.data excepted); `name` stands for the file.
    public init(bytes: [UInt8], name: String, intervals: Intervals? = nil) throws {
        try self.init(MemoryByteSource(bytes), name: name, intervals: intervals, perfScript: nil)
    }

    init<S: ByteSource>(_ base: S, name path: String, intervals: Intervals?,
                        perfScript: PerfScriptTexts?) throws {
        self.path = path
        puller = try RecordFile.puller(base, name: path, intervals: intervals, perfScript: perfScript)
    }

    /// The next record's header, or nil after the last record.  Snapshots
    /// of the current record not yet read are read and dropped.
    public mutating func nextRecord() throws -> Record? {
        while try nextSnapshot() != nil {}
        guard var header = try named({ try puller.nextRecord() }) else { return nil }
        header.file = path
        record = header
        recordCount += 1
        return header
    }

    /// The current record's next snapshot, or nil at its end.
    public mutating func nextSnapshot() throws -> Snapshot? {
        guard let s = try named({ try puller.nextSnapshot(&record) }) else { return nil }
        snapshotCount += 1
        return s
    }

    func named<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as RecordFileError {
            throw e
        } catch let e as JSONSyntaxError {
            throw RecordFileError(path, e.description)
        } catch let e as RecordContentError {
            throw RecordFileError(path, e.description)
        }
    }

    /// Passes over the rest of the current record's snapshots without
    /// decoding them (the record's later fields are read); how many there
    /// were.
    public mutating func skipSnapshots() throws -> Int {
        try named { try puller.skipSnapshots(&record) }
    }

    /// Every record's whole header, and how many snapshots it has: a pass
    /// that decodes no snapshot, for reports that need the fields written
    /// after the snapshots (`data_source`) or the counts first.
    public static func headers(path: String, perfScript: PerfScriptTexts? = nil) throws -> [(Record, snapshots: Int)] {
        var stream = try RecordStream(path: path, perfScript: perfScript)
        var result: [(Record, snapshots: Int)] = []
        while try stream.nextRecord() != nil {
            let count = try stream.skipSnapshots()
            result.append((stream.record, count))
        }
        return result
    }

    /// Every record with its snapshots, for reports that need them all.
    public mutating func readAll() throws -> [Record] {
        var records: [Record] = []
        while try nextRecord() != nil {
            var snapshots: [Snapshot] = []
            while let s = try nextSnapshot() { snapshots.append(s) }
            var r = record
            r.snapshots = snapshots
            records.append(r)
        }
        return records
    }
}

/// What a format's reader gives the stream.
protocol RecordPuller {
    mutating func nextRecord() throws -> Record?
    /// Fields found after the snapshots go into `header`.
    mutating func nextSnapshot(_ header: inout Record) throws -> Snapshot?
    mutating func skipSnapshots(_ header: inout Record) throws -> Int
}

extension RecordFile {
    /// The reader for a file's format, told from its first bytes.
    static func puller<S: ByteSource>(_ base: S, name path: String, intervals: Intervals?,
                                      perfScript: PerfScriptTexts?) throws -> any RecordPuller {
        if let intervals, let problem = RecordLimits.problem(intervals) {
            throw RecordFileError(path, "monitoring intervals: \(problem)")
        }
        var base = base
        var prefix = [UInt8](repeating: 0, count: 512)
        let n = try prefix.withUnsafeMutableBytes { try base.read(into: $0) }
        prefix.removeLast(prefix.count - n)
        if n == 0 { throw RecordFileError(path, "empty file (no records)") }
        guard let format = detect(prefix: prefix) else {
            throw RecordFileError(path, "not a DAMON record (neither JSON, zlib-compressed JSON, perf.data nor trace text)")
        }
        var source = PrefixedSource(prefix: prefix, base: base)
        // (Text only: the binary formats never start with a byte order mark.)
        source.prefixOffset = bomLength(prefix)
        do {
            switch format {
            case .json:
                return JSONRecordPuller(tokenizer: JSONTokenizer(source: source))
            case .jsonCompressed:
                let inflated = ReadAheadSource(base: try InflateSource(base: source, name: path))
                return JSONRecordPuller(tokenizer: JSONTokenizer(source: inflated))
            case .perfScript:
                return try tracePuller(source, base: base, name: path, intervals: intervals)
            case .perfData:
                guard let perfScript else {
                    throw RecordFileError(path, "a perf.data record, which only perf can read (no perf script conversion given)")
                }
                let text: UnnamedFile
                do { text = try perfScript.text(of: path) } catch let e as RecordFileError { throw e } catch {
                    throw RecordFileError(path, "\(error)")
                }
                return try tracePuller(UnnamedFile.Reader(file: text), base: text, name: path, intervals: intervals)
            }
        } catch let e as RecordContentError {
            throw RecordFileError(path, e.description)
        } catch let e as JSONSyntaxError {
            throw RecordFileError(path, e.description)
        }
    }
}
