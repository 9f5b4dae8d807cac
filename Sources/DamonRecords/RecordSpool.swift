import DamonModel

/// The records of a recording in progress, growing snapshot by snapshot,
/// kept on disk instead of in memory until the recording is saved: an
/// hour of snapshots between two saves (`--output_flush_sec`'s default)
/// is gigabytes of regions.  Each record's snapshots are written ahead in
/// the output's format (a fragment, deflated into an unnamed temporary
/// file), so saving only copies them into place.
public final class RecordSpool {
    let format: RecordFormat
    let name: String
    var fragments: [RecordFileWriter.Fragment] = []
    public private(set) var snapshotCount = 0

    /// `name` is the record file to be written (for errors).
    public init(format: RecordFormat, name: String) throws {
        if format == .perfData {
            throw RecordFileError(name, "damo cannot write perf_data itself (perf writes it while recording)")
        }
        self.format = format
        self.name = name
    }

    /// Adds a record's snapshots to the record they continue (same
    /// kdamond, context, intervals, scheme and target), else as a new one.
    public func append(_ record: Record) throws {
        let fragment: RecordFileWriter.Fragment
        if let f = fragments.first(where: { $0.header.canMerge(record) }) {
            fragment = f
        } else {
            var header = record
            header.snapshots = []
            fragment = try RecordFileWriter.Fragment(header: header, format: format, name: name)
            fragments.append(fragment)
        }
        for s in record.snapshots { try fragment.add(s) }
        snapshotCount += record.snapshots.count
    }

    /// Writes the records into `path` (complete, or not at all); the spool
    /// is used up.
    public func write(path: String, permission: Int? = nil) throws {
        let writer = try RecordFileWriter(path: path, format: format, permission: permission)
        do {
            for f in fragments { try writer.add(f) }
            try writer.finish()
        } catch {
            writer.abandon()
            throw error
        }
    }
}

extension RecordFileWriter {
    /// One record's snapshots, written ahead as the record file would hold
    /// them: the elements of its JSON `snapshots` list, or its perf script
    /// lines.
    public final class Fragment {
        public let header: Record
        let spill: DeflatedSpill
        var json: JSONWriter? = nil
        var text: TraceTextWriter? = nil
        let writer = RecordJSONWriter()
        public private(set) var count = 0

        /// `header` is the record without its snapshots.
        init(header: Record, format: RecordFormat, name: String) throws {
            self.header = header
            spill = try DeflatedSpill(name: name, purpose: "keep the snapshots until the record is written")
            if format == .perfScript {
                text = TraceTextWriter(sink: spill.deflate)
                text!.beginRecord(header)
            } else {
                // Inside the file's list of records, a record, its snapshots.
                json = JSONWriter(sink: spill.deflate, elementsAtDepth: 3)
            }
        }

        func add(_ snapshot: Snapshot) throws {
            if let json { try writer.snapshot(snapshot, json) } else { try text!.add(snapshot) }
            count += 1
        }

        /// The fragment's bytes, once no snapshot is added any more.
        func bytes() throws -> InflateSource<UnnamedFile.Reader> {
            try spill.bytes {
                if let json { try json.flush() } else {
                    try text!.endRecord()
                    try text!.flush()
                }
            }
        }
    }

    /// Adds the record a fragment holds.
    public func add(_ fragment: Fragment) throws {
        var bytes = try fragment.bytes()
        if let json {
            try writer.beginRecord(fragment.header, json)
            try json.appendElements(&bytes, count: fragment.count)
            try writer.endRecord(fragment.header, json)
        } else {
            try text!.append(&bytes)
        }
    }
}

/// The items of a JSON list file that grows while a recording goes on
/// (`.mem_footprint`, `.vmas`, `.proc_stats`: one item a second), kept on
/// disk until the file is written.
public final class JSONListSpool {
    let spill: DeflatedSpill
    let json: JSONWriter
    public private(set) var count = 0

    /// `name` is the file to be written (for errors).
    public init(name: String) throws {
        spill = try DeflatedSpill(name: name, purpose: "keep its items until it is written")
        json = JSONWriter(sink: spill.deflate, elementsAtDepth: 1)
    }

    public func append(_ item: KV) throws {
        try json.value(item)
        count += 1
    }

    /// Writes the list into `path` (complete, or not at all), as Python's
    /// `json.dump(list, indent=4)` does; the spool is used up.
    public func write(path: String, permission: Int) throws {
        let file = try AtomicFileSink(path: path, permission: permission)
        do {
            var items = try spill.bytes { try json.flush() }
            let writer = JSONWriter(sink: file)
            writer.beginArray()
            try writer.appendElements(&items, count: count)
            try writer.endArray()
            try writer.flush()
            try file.finish()
        } catch {
            file.abandon()
            throw error
        }
    }
}

/// Bytes written ahead and read back once, deflated (fast) into a spill
/// file beside the file they are for: a recording's snapshots until it is
/// saved.
final class DeflatedSpill {
    let spill: UnnamedFile
    let deflate: DeflateSink
    var finished = false

    /// The file is made in the directory of `name`, the file the bytes
    /// are for: a recording's disk, not /tmp (often memory).
    init(name: String, purpose: String) throws {
        let slash = name.lastIndex(of: "/")
        let directory = slash.map { name[..<$0].isEmpty ? "/" : String(name[..<$0]) } ?? "."
        spill = try UnnamedFile(name: name, purpose: purpose, directory: directory)
        deflate = try DeflateSink(base: spill, name: name, level: 1)
    }

    /// The bytes written, once no more are written (`complete` flushes
    /// what the writer on `deflate` still buffers).
    func bytes(complete: () throws -> Void) throws -> InflateSource<UnnamedFile.Reader> {
        if !finished {
            finished = true
            try complete()
            try deflate.finish()
        }
        return try InflateSource(base: UnnamedFile.Reader(file: spill), name: spill.name)
    }
}
