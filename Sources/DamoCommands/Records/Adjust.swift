import ArgumentParser
import DamonModel
import DamonRecords

/// Output file options shared by commands that write records.
func parsePermission(_ text: String) throws -> Int {
    guard let mode = Int(text, radix: 8), mode >= 0, mode <= 0o777 else {
        throw CLIError("wrong --output_permission '\(text)' (expected an octal mode such as 600)")
    }
    return mode
}

func parseRecordFormat(_ text: String) throws -> RecordFormat {
    guard let f = RecordFormat(rawValue: text), RecordFormat.writable.contains(f) else {
        let names = RecordFormat.writable.map(\.rawValue).joined(separator: ", ")
        throw CLIError("unsupported record format '\(text)' (choose from \(names))")
    }
    return f
}

struct Adjust: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Adjust a damon monitoring result with filters and new attributes.")

    @Option(name: .customLong("aggregate_interval"), help: "new aggregation interval (microseconds)")
    var aggregateInterval: Int?

    @Option(name: [.customLong("input"), .customShort("i")], help: "input file name")
    var input = "damon.data"

    @Option(name: [.customLong("output"), .customShort("o")], help: "output file name")
    var output = "damon.adjusted.data"

    @Option(name: .customLong("output_type"), help: "output file's type (json_compressed, json, perf_script)")
    var outputType = "json_compressed"

    @Option(name: .customLong("output_permission"), help: "permission of the output file")
    var outputPermission = "600"

    @Option(name: .customLong("skip"), help: "number of first snapshots to skip")
    var skip = 20

    @OptionGroup var filters: RecordFilterOptions

    func run() throws {
        let permission = try parsePermission(outputPermission)
        let format = try parseRecordFormat(outputType)
        let filter = try filters.filter()
        var records = try loadRecords([input])
        filter.apply(&records)
        if let aggregateInterval {
            RecordAdjust.adjust(&records, aggregateIntervalUs: PyNum(aggregateInterval), skip: skip)
        }
        try RecordFile.write(records, path: output, format: format, permission: permission)
    }
}

struct ConvertRecordFormat: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert_record_format", abstract: "Convert the format of a record file.")

    @Option(name: .customLong("record_file"), help: "the record file")
    var recordFile = "damon.data"

    @Option(name: .customLong("format"), help: "new file format (json_compressed, json, perf_script)")
    var format = "json_compressed"

    @Option(name: .customLong("output_file"), help: "the path to converted file (default: the record file)")
    var outputFile: String?

    func run() throws {
        let f = try parseRecordFormat(format)
        let records = try loadRecords([recordFile])
        // Replacing the input in place is safe: the new file is renamed
        // over the old one only when complete.
        try RecordFile.write(records, path: outputFile ?? recordFile, format: f)
    }
}
