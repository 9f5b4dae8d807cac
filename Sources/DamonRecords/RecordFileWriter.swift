import DamonModel

/// Writes a record file record after record, snapshot after snapshot,
/// atomically (the file appears complete or not at all).
public final class RecordFileWriter {
    let file: AtomicFileSink
    let format: RecordFormat
    let name: String
    var sink: ByteSink
    var deflate: DeflateSink? = nil
    var json: JSONWriter? = nil
    let writer = RecordJSONWriter()
    var text: TraceTextWriter? = nil
    var finished = false

    /// nil permission means the usual 0666 minus the umask.
    public init(path: String, format: RecordFormat, permission: Int? = nil) throws {
        if format == .perfData {
            throw RecordFileError(path, "damo cannot write perf_data itself (perf writes it while recording)")
        }
        file = try AtomicFileSink(path: path, permission: permission ?? (0o666 & ~RecordFile.currentUmask()))
        self.format = format
        name = path
        sink = file
        do {
            if format == .jsonCompressed {
                deflate = try DeflateSink(base: file, name: path)
                sink = deflate!
            }
        } catch {
            file.abandon()
            throw error
        }
        if format == .perfScript {
            text = TraceTextWriter(sink: file)
        } else {
            json = JSONWriter(sink: sink)
            writer.begin(json!)
        }
    }

    deinit { if !finished { file.abandon() } }

    public func beginRecord(_ header: Record) throws {
        if let json { try writer.beginRecord(header, json) } else { text!.beginRecord(header) }
    }

    public func add(_ snapshot: Snapshot) throws {
        if let json { try writer.snapshot(snapshot, json) } else { try text!.add(snapshot) }
    }

    /// `header` is the record's whole header (fields after the snapshots too).
    public func endRecord(_ header: Record) throws {
        if let json { try writer.endRecord(header, json) } else { try text!.endRecord() }
    }

    /// Completes the file; after an error, nothing of it is left.
    public func finish() throws {
        do {
            if let json {
                try writer.end(json)
                if let deflate { try deflate.finish() } else { try file.finish() }
            } else {
                try text!.finish()
            }
            finished = true
        } catch {
            file.abandon()
            finished = true
            throw error
        }
    }

    /// Leaves no file behind.
    public func abandon() {
        if !finished { file.abandon() }
        finished = true
    }
}
