import FuzzSupport
import DamoReports
import DamonModel
import DamonRecords

/// Record files of every format damo reads (perf.data excepted: perf
/// parses that), then, for what reads as records, the reports: whatever
/// the reader accepts, no report may trap on it.
fuzzMain(fuzzRecordFile)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRecordFile(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = fuzzBytes(data, size)
    guard let records = try? RecordFile.read(bytes: bytes, name: "fuzz") else { return 0 }
    exerciseReports(records, variant: size)
    return 0
}

/// The reports, one variant of each per input (picked by its size) so
/// that an input costs a few reports, not all of them.
func exerciseReports(_ input: [Record], variant: Int) {
    var records = input
    let raw = variant % 2 == 0
    _ = RecordGuide.of(records).map { $0.text(raw: raw) }
    RawFormReport.render(records, rawNumber: raw, to: StringSink())
    // What is written reads back.
    let format = RecordFormat.writable[variant % RecordFormat.writable.count]
    let sink = MemorySink()
    try? RecordFile.write(records, to: sink, format: format, name: "fuzz")
    _ = try? RecordFile.read(bytes: sink.bytes, name: "fuzz")
    try? RecordJSONWriter(raw: raw).write(records, to: JSONWriter(sink: MemorySink()))
    var heatmap = HeatmapOptions(resolution: (time: 8, addr: 16))
    heatmap.dfPassed = variant % 3 == 1
    heatmap.sortTemperature = variant % 3 == 2
    _ = try? HeatmapReport.maps(records, heatmap).map { $0.heatmap.asciiText(colorset: .gray, showColorset: raw) }
    if let dists = try? WSSReport.distributions(records, accessThreshold: 1, sizeThreshold: 1, sorted: raw, collapse: true) {
        for (_, values) in dists {
            _ = try? DistReport.text(metric: "wss", values: values, percentiles: [0, 50, 100], all: false,
                                     rawNumber: raw, barColumns: 20)
        }
    }
    _ = try? NrRegionsReport.text(records, percentiles: [0, 25, 100], sorted: raw)
    _ = TimesReport.text(records)
    if (try? AccessReport.check(records)) != nil {
        AccessReport.completeUnits(&records)
        let style = AccessStyle.allCases[variant % AccessStyle.allCases.count]
        var format = AccessReportFormat()
        format.rawNumber = raw
        format.resolve(style: style, edits: [], totalSizeOnly: false, regionBox: raw, records: records)
        AccessReport.render(records, format: format, to: StringSink())
    }
    var adjusted = input
    RecordAdjust.adjust(&adjusted, aggregateIntervalUs: .int(200_000), skip: variant % 3)
    _ = RecordMerge.merge(input + adjusted)
}
