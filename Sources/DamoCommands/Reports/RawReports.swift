import ArgumentParser
import DamonModel
import DamonRecords
import DamoReports

func showRawForm(_ records: [Record], rawNumber: Bool) throws {
    let out = ReportOutput(ending: RawFormReport.ending)
    RawFormReport.render(records, rawNumber: rawNumber, to: out)
    try out.finish()
}

/// `report raw`: the raw form under its old name.
struct ReportRaw: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "raw", abstract: "Show a record in the raw form (same as 'report access --raw_form').")

    @Option(name: [.customLong("input"), .customShort("i")], help: "record file to show")
    var input = "damon.data"

    @Flag(name: .customLong("raw_number"), help: "use machine-friendly raw numbers")
    var rawNumber = false

    func run() throws {
        Deprecation.reportRaw()
        try showRawForm(try loadRecords([input]), rawNumber: rawNumber)
    }
}

struct ReportRecordInfo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record_info", abstract: "Show the time and address ranges a record covers.")

    @Option(name: [.customLong("input"), .customShort("i")], parsing: .upToNextOption, help: "record files")
    var input: [String] = ["damon.data"]

    @Flag(name: .customLong("raw_numbers"), help: "print numbers in raw format")
    var rawNumbers = false

    func run() throws {
        let guides = RecordGuide.of(try loadRecords(input))
        for guide in guides {
            try ReportOutput.show(guide.text(raw: rawNumbers))
        }
    }
}
