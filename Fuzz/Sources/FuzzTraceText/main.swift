import FuzzSupport
import DamonModel
import DamonRecords

/// `perf script` / `trace-cmd report` text of DAMON's tracepoints, read
/// in passes as record files of that format are.
fuzzMain(fuzzTraceText)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTraceText(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    do {
        var stream = try RecordStream(traceText: fuzzBytes(data, size), name: "fuzz", intervals: Intervals())
        let records = try stream.readAll()
        // What was read is a record: it is written and read back.
        let sink = MemorySink()
        try TraceTextWriter.write(records, to: sink)
        _ = try RecordFile.read(bytes: sink.bytes, name: "fuzz", intervals: Intervals())
    } catch {}
    return 0
}
