import ArgumentParser

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Report DAMON monitoring results.",
        subcommands: [
            ReportAccess.self, ReportDamon.self, ReportRecordInfo.self, ReportHeatmap.self, ReportWSS.self,
            ReportTimes.self, ReportNrRegions.self, ReportFootprints.self, ReportProfile.self, ReportHolistic.self,
            ReportSysinfo.self, ReportPaLayout.self, ReportAttrs.self, ReportTrace.self,
            // Spellings of older damo releases, still accepted.
            ReportRaw.self, ReportHeats.self,
        ])
}
