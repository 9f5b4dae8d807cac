import FuzzSupport
import DamonModel
import DamonRecords

/// `perf script` / `trace-cmd report` text of DAMON's tracepoints, read
/// line by line as record files of that format are.
fuzzMain(fuzzTraceText)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTraceText(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    var lines = LineReader(source: MemoryByteSource(fuzzBytes(data, size)))
    var parser = TraceTextParser(intervals: Intervals())
    do {
        try lines.forEachLine { try parser.feed($0) }
        let records = try parser.finish()
        // What was read is a record: it is written and read back.
        let sink = MemorySink()
        try TraceTextWriter().write(records, to: sink)
        _ = try RecordFile.read(bytes: sink.bytes, name: "fuzz", intervals: Intervals())
    } catch {}
    return 0
}
