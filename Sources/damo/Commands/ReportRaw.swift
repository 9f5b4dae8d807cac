import ArgumentParser
import DamoCommands

/// `report raw`: the raw form under its old name.
struct ReportRaw: DamoCLICommand, ReportRawCommand {
    static let configuration = CommandConfiguration(
        commandName: "raw", abstract: "Show a record in the raw form (same as 'report access --raw_form').")

    @Option(name: [.customLong("input"), .customShort("i")], help: "record file to show")
    var input = "damon.data"

    @Flag(name: .customLong("raw_number"), help: "use machine-friendly raw numbers")
    var rawNumber = false
}

struct ReportRecordInfo: DamoCLICommand, ReportRecordInfoCommand {
    static let configuration = CommandConfiguration(
        commandName: "record_info", abstract: "Show the time and address ranges a record covers.")

    @Option(name: [.customLong("input"), .customShort("i")], parsing: .upToNextOption, help: "record files")
    var input: [String] = ["damon.data"]

    @Flag(name: .customLong("raw_numbers"), help: "print numbers in raw format")
    var rawNumbers = false
}
