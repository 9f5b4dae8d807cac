import FuzzSupport
import DamoReports
import DamonModel
import DamonRecords

/// Record files of every format damo reads (perf.data excepted: perf
/// parses that), then, for what reads as records, the reports: whatever
/// the reader accepts, no report may trap on it.
let test: FuzzTest = { data, size in
    fuzzRecordFile(data, size)
}
fuzzMain(test)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRecordFile(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = fuzzBytes(data, size)
    guard let records = try? RecordFile.read(bytes: bytes, name: "fuzz") else { return 0 }
    exerciseReports(records)
    return 0
}

func exerciseReports(_ input: [Record]) {
    var records = input
    _ = RecordGuide.of(records).map { $0.text(raw: false) }
    for raw in [false, true] { RawFormReport.render(records, rawNumber: raw, to: StringSink()) }
    // What is written reads back.
    for format in RecordFormat.writable {
        let sink = MemorySink()
        try? RecordFile.write(records, to: sink, format: format, name: "fuzz")
        _ = try? RecordFile.read(bytes: sink.bytes, name: "fuzz")
    }
    try? RecordJSONWriter(raw: false).write(records, to: JSONWriter(sink: MemorySink()))
    var heatmap = HeatmapOptions(resolution: (time: 8, addr: 16))
    _ = try? HeatmapReport.maps(records, heatmap).map { $0.heatmap.asciiText(colorset: .gray, showColorset: true) }
    heatmap.dfPassed = true
    heatmap.sortTemperature = true
    _ = try? HeatmapReport.maps(records, heatmap)
    if let dists = try? WSSReport.distributions(records, accessThreshold: 1, sizeThreshold: 1, sorted: true, collapse: true) {
        for (_, values) in dists {
            _ = try? DistReport.text(metric: "wss", values: values, percentiles: [0, 50, 100], all: false,
                                     rawNumber: false, barColumns: 20)
        }
    }
    _ = try? NrRegionsReport.text(records, percentiles: [0, 25, 100], sorted: true)
    _ = TimesReport.text(records)
    if (try? AccessReport.check(records)) != nil {
        AccessReport.completeUnits(&records)
        for style in AccessStyle.allCases {
            for raw in [false, true] {
                var format = AccessReportFormat()
                format.rawNumber = raw
                format.resolve(style: style, edits: [], totalSizeOnly: false, regionBox: raw, records: records)
                AccessReport.render(records, format: format, to: StringSink())
            }
        }
    }
    var adjusted = input
    RecordAdjust.adjust(&adjusted, aggregateIntervalUs: .int(200_000), skip: 1)
    _ = RecordMerge.merge(input + adjusted)
}
