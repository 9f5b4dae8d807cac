import ArgumentParser
import DamoCommands

struct Adjust: DamoCLICommand, AdjustCommand {
    static let configuration = CommandConfiguration(
        abstract: "Adjust a damon monitoring result with filters and new attributes.")

    @Option(name: .customLong("aggregate_interval"), help: "new aggregation interval (microseconds)")
    var aggregateInterval: Int?

    @Option(name: [.customLong("input"), .customShort("i")], help: "input file name")
    var input = "damon.data"

    @Option(name: [.customLong("output"), .customShort("o")], help: "output file name")
    var output = "damon.adjusted.data"

    @OptionGroup var outputOptions: RecordOutputArgs<AdjustOutputTypes>

    @Option(name: .customLong("skip"), help: "number of first snapshots to skip")
    var skip = 20

    @OptionGroup var filters: RecordFilterArgs
}

struct ConvertRecordFormat: DamoCLICommand, ConvertRecordFormatCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert_record_format", abstract: "Convert the format of a record file.")

    @Option(name: .customLong("record_file"), help: "the record file")
    var recordFile = "damon.data"

    @Option(name: .customLong("format"), help: "new file format (json_compressed, json, perf_script)")
    var format = "json_compressed"

    @Option(name: .customLong("output_file"), help: "the path to converted file (default: the record file)")
    var outputFile: String?
}

/// The types `damo adjust` writes.
enum AdjustOutputTypes: RecordOutputTexts {
    static let outputTypeHelp = ArgumentHelp("output file's type (json_compressed, json, perf_script)")
}
