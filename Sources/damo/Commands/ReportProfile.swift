import ArgumentParser
import DamoCommands

/// `report profile`: perf's report of the CPU profile recorded beside an
/// access record, restricted to the times the record had regions of the
/// given access pattern.  Both come from one `damo record`, whose perf
/// and snapshots share CLOCK_MONOTONIC time stamps.
struct ReportProfile: DamoCLICommand, ReportProfileCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile", abstract: "Show profiling report for specific access pattern.")

    @Option(name: .customLong("inputs"), parsing: .upToNextOption,
            help: ArgumentHelp("access pattern and profile record files", valueName: "file"))
    var inputs: [String] = ["damon.data", "damon.data.profile"]

    @Option(name: .customLong("perf_path"), help: "path of perf tool")
    var perfPath = "perf"

    @OptionGroup var filters: RecordFilterArgs
}

struct ReportTimes: DamoCLICommand, ReportTimesCommand {
    static let configuration = CommandConfiguration(
        commandName: "times", abstract: "Show times of record having specific access pattern.")

    @Option(name: .customLong("input"), help: ArgumentHelp("record file (this report reads no profile)", valueName: "file"))
    var input: String?

    @Option(name: .customLong("inputs"), parsing: .upToNextOption,
            help: ArgumentHelp("access pattern and (unread) profile record files", valueName: "file"))
    var inputs: [String] = ["damon.data", "damon.data.profile"]

    @OptionGroup var filters: RecordFilterArgs
}
