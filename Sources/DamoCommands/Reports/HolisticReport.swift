import DamonKernel
import DamonModel
import DamonRecords
import DamoReports

/// `report holistic`: the access pattern, the memory footprints and (with
/// perf) the hot functions of one recording, together.
public protocol ReportHolisticCommand {
    var accessPattern: String { get }
    var footprints: String? { get }
    var profile: String? { get }
    var long: Bool { get }
    var perfPath: String { get }
    var heatmapTimeLastNSec: Double? { get }
}

extension ReportHolisticCommand {
    public func run(in env: DamoEnvironment) throws {
        let records = try env.loadRecords([accessPattern])
        let fp = try loadFootprints(footprints ?? accessPattern + ".mem_footprint")
        var input = HolisticReport.Inputs(records: records, footprints: fp, profile: nil,
                                          heatmapLastSeconds: heatmapTimeLastNSec)
        // damo shows hot functions when perf is there.
        if env.programs.find("perf") != nil || env.programs.find(perfPath) != nil {
            input.profile = perfReport(profile ?? accessPattern + ".profile", env.programs)
        }
        if long {
            try env.show(try HolisticReport.long(input), ending: .pagerIfNeeded)
        } else {
            try env.show(try HolisticReport.short(input))
        }
    }

    /// `perf report --stdio` of the profile, as lines.
    func perfReport(_ path: String, _ programs: Programs) -> Result<[String], ReportError> {
        guard ProcFS.isRegularFile(path) else { return .failure(ReportError("\(path) not found")) }
        do {
            let (out, status, stderr) = try programs.runToTemporaryFile(perfPath, ["report", "-i", path, "--stdio"])
            defer { Files.remove(out) }
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
