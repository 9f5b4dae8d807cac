import ArgumentParser
import DamoCommands

struct ReportHolistic: DamoCLICommand, ReportHolisticCommand {
    static let configuration = CommandConfiguration(
        commandName: "holistic", abstract: "Show a holistic access pattern report.")

    @Option(name: .customLong("access_pattern"), help: ArgumentHelp("access pattern record file", valueName: "file"))
    var accessPattern = "damon.data"

    @Option(name: .customLong("footprints"), help: ArgumentHelp("memory footprints record file", valueName: "file"))
    var footprints: String?

    @Option(name: .customLong("profile"), help: ArgumentHelp("profile record file", valueName: "file"))
    var profile: String?

    @Flag(name: .customLong("long"), help: "make long report")
    var long = false

    @Option(name: .customLong("perf_path"), help: "path of perf tool")
    var perfPath = "perf"

    @Option(name: .customLong("heatmap_time_last_n_sec"), help: .hidden)
    var heatmapTimeLastNSec: Double?
}
