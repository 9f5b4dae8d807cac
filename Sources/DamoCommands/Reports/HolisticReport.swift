import DamoPlatform
import ArgumentParser
import DamonKernel
import DamonModel
import DamonRecords
import DamoReports

struct ReportHolistic: ParsableCommand {
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

    func run() throws {
        let records = try loadRecords([accessPattern])
        let fp = try loadFootprints(footprints ?? accessPattern + ".mem_footprint")
        var input = HolisticReport.Inputs(records: records, footprints: fp, profile: nil,
                                          heatmapLastSeconds: heatmapTimeLastNSec)
        // damo shows hot functions when perf is there.
        if Processes.find("perf") != nil || Processes.find(perfPath) != nil {
            input.profile = perfReport(profile ?? accessPattern + ".profile")
        }
        if long {
            try ReportOutput.show(try HolisticReport.long(input), ending: .pagerIfNeeded)
        } else {
            try ReportOutput.show(try HolisticReport.short(input))
        }
    }

    /// `perf report --stdio` of the profile, as lines.
    func perfReport(_ path: String) -> Result<[String], ReportError> {
        guard ProcFS.isRegularFile(path) else { return .failure(ReportError("\(path) not found")) }
        do {
            let (out, status, stderr) = try Processes.runToTemporaryFile(perfPath, ["report", "-i", path, "--stdio"])
            defer { unlink(out) }
            guard status == 0 else {
                let detail = stderr.split(separator: "\n").first.map(String.init) ?? "exit status \(status)"
                return .failure(ReportError("'\(perfPath) report' failed: \(detail)"))
            }
            let text = ProcFS.read(out) ?? ""
            return .success(text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        } catch {
            return .failure(ReportError("\(error)"))
        }
    }
}
