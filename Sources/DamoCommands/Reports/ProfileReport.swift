import DamonKernel
import DamonModel
import DamonRecords
import DamoReports

/// `report profile`: perf's report of the CPU profile recorded beside an
/// access record, restricted to the times the record had regions of the
/// given access pattern.  Both come from one `damo record`, whose perf
/// and snapshots share CLOCK_MONOTONIC time stamps.
public protocol ReportProfileCommand {
    associatedtype Filters: RecordFilterOptions
    var inputs: [String] { get }
    var perfPath: String { get }
    var filters: Filters { get }
}

extension ReportProfileCommand {
    public func run(in env: DamoEnvironment) throws {
        let files = try expectCount(inputs, 2, "--inputs", "<access pattern record> <profile record>")
        let filter = try filters.filter()
        guard ProcFS.isRegularFile(files[1]) else { throw DamoError("\(files[1]): no such profile record") }
        var records = try env.loadRecords([files[0]])
        filter.apply(&records)
        let times = TimesReport.intervals(records)
        if times.isEmpty { throw DamoError("no snapshot of the condition found in \(files[0])") }
        var arguments = ["report", "-i", files[1]]
        for (start, end) in times {
            let sec = { (t: PyNum) in PyFormat.repr((t / .int(1_000_000_000)).double) }
            arguments += ["--time", sec(start) + "," + sec(end)]
        }
        let status = try env.programs.runInteractive(perfPath, arguments)
        if status != 0 { throw DamoError("'\(perfPath) report' failed (exit status \(status))") }
    }
}
