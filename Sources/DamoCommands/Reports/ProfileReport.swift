import ArgumentParser
import DamonKernel
import DamonModel
import DamonRecords
import DamoReports

/// `report profile`: perf's report of the CPU profile recorded beside an
/// access record, restricted to the times the record had regions of the
/// given access pattern.  Both come from one `damo record`, whose perf
/// and snapshots share CLOCK_MONOTONIC time stamps.
struct ReportProfile: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile", abstract: "Show profiling report for specific access pattern.")

    @Option(name: .customLong("inputs"), parsing: .upToNextOption,
            help: ArgumentHelp("access pattern and profile record files", valueName: "file"))
    var inputs: [String] = ["damon.data", "damon.data.profile"]

    @Option(name: .customLong("perf_path"), help: "path of perf tool")
    var perfPath = "perf"

    @OptionGroup var filters: RecordFilterOptions

    func run() throws {
        let files = try expectCount(inputs, 2, "--inputs", "<access pattern record> <profile record>")
        let filter = try filters.filter()
        guard ProcFS.isRegularFile(files[1]) else { throw CLIError("\(files[1]): no such profile record") }
        var records = try loadRecords([files[0]])
        filter.apply(&records)
        let times = TimesReport.intervals(records)
        if times.isEmpty { throw CLIError("no snapshot of the condition found in \(files[0])") }
        var arguments = ["report", "-i", files[1]]
        for (start, end) in times {
            let sec = { (t: PyNum) in PyFormat.repr((t / .int(1_000_000_000)).double) }
            arguments += ["--time", sec(start) + "," + sec(end)]
        }
        let status = try Processes.runInteractive(perfPath, arguments)
        if status != 0 { throw CLIError("'\(perfPath) report' failed (exit status \(status))") }
    }
}
