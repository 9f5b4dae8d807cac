import ArgumentParser
import DamoCommands

/// What a command writing record files says of `--output_type`.
protocol RecordOutputTexts {
    static var outputTypeHelp: ArgumentHelp { get }
}

/// The type and permission of the record file a command writes (record,
/// adjust), each command naming its types in its own words.
struct RecordOutputArgs<Texts: RecordOutputTexts>: ParsableArguments, RecordOutputOptions {
    @Option(name: .customLong("output_type"), help: Texts.outputTypeHelp)
    var outputType = "json_compressed"

    @Option(name: .customLong("output_permission"), help: "permission of the output file")
    var outputPermission = "600"
}
