import DamonModel
import DamonRecords
import DamoReports

extension DamoEnvironment {
    func showRawForm(_ records: [Record], rawNumber: Bool, ending: ReportEnding = RawFormReport.ending) throws {
        let out = report(ending: ending)
        RawFormReport.render(records, rawNumber: rawNumber, to: out)
        try out.finish()
    }
}

/// `report raw`: the raw form under its old name.
public protocol ReportRawCommand {
    var input: String { get }
    var rawNumber: Bool { get }
}

extension ReportRawCommand {
    public func run(in env: DamoEnvironment) throws {
        env.warnDeprecated(.reportRaw)
        try env.showRawForm(paths: [input], filter: RecordFilter(), rawNumber: rawNumber, ending: RawFormReport.ending)
    }
}

/// `report record_info`: the time and address ranges records cover.
public protocol ReportRecordInfoCommand {
    var input: [String] { get }
    var rawNumbers: Bool { get }
}

extension ReportRecordInfoCommand {
    public func run(in env: DamoEnvironment) throws {
        // Two passes over the files: bounds, then each range's heat.
        let guides = try RecordGuide.of(passes: env.recordPasses(input))
        for guide in guides {
            try env.show(guide.text(raw: rawNumbers))
        }
    }
}
