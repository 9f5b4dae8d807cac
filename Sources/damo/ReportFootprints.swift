import ArgumentParser
import DamonKernel
import DamonModel
import DamonRecords
import DamoReports

struct ReportFootprints: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "footprints", abstract: "Show distribution of memory footprint.")

    @Argument(help: ArgumentHelp("memory footprint metric to show (vsz, rss, sys_used, all)"))
    var metric = "all"

    @Option(name: [.customLong("input"), .customShort("i")], help: "input file name")
    var input = "damon.data.mem_footprint"

    @Option(name: [.customLong("range"), .customShort("r")], parsing: .upToNextOption,
            help: ArgumentHelp("range of percentiles to print", valueName: "start> <stop> <step"))
    var range: [Int] = [0, 101, 25]

    @Option(name: [.customLong("sortby"), .customShort("s")], help: "the metric to sort the footprints for (time, size)")
    var sortby = "size"

    @Option(name: [.customLong("plot"), .customShort("p")], help: "plot the distribution to an image file")
    var plot: String?

    @Option(name: .customLong("nr_cols_bar"), help: "max columns of output")
    var nrColsBar = 59

    @Flag(name: .customLong("raw_number"), help: "use machine-friendly raw numbers")
    var rawNumber = false

    @Flag(name: .customLong("all_footprint"), help: "print not percentiles but all footprint values")
    var allFootprint = false

    func run() throws {
        let metrics: [FootprintReport.Metric]
        if metric == "all" {
            metrics = FootprintReport.Metric.allCases
        } else if let m = FootprintReport.Metric(rawValue: metric) {
            metrics = [m]
        } else {
            throw CLIError("the metric must be vsz, rss, sys_used or all ('\(metric)' given)")
        }
        guard sortby == "size" || sortby == "time" else {
            throw CLIError("--sortby must be 'size' or 'time' ('\(sortby)' given)")
        }
        let percentiles = try percentileRange(range)
        let image = try plot.map { try ImageTarget(path: $0) }
        let snapshots = try loadFootprints(input)
        for m in metrics {
            let values = try FootprintReport.values(snapshots, metric: m, sorted: sortby == "size")
            if let image {
                let chart = LinePlot(points: try DistReport.points(values: values, percentiles: percentiles, all: allFootprint),
                                     xLabel: sortby == "size" ? "percentile" : "runtime (percent)",
                                     yLabel: "memory footprint (kilobytes)")
                try image.writeImage(chart.render(image.format), to: image.path)
                continue
            }
            try ReportOutput.show(try DistReport.text(metric: m.rawValue, values: values, percentiles: percentiles,
                                                  all: allFootprint, rawNumber: rawNumber, barColumns: nrColsBar))
        }
    }
}

/// A `.mem_footprint` file's snapshots; errors name the file.
func loadFootprints(_ path: String) throws -> [MemFootprintsSnapshot] {
    guard let text = ProcFS.read(path) else {
        throw CLIError("\(path): cannot read the footprints file (\(errnoDescription()))")
    }
    do {
        return try SystemSnapshotsJSON.readMemFootprints(text)
    } catch {
        throw CLIError("\(path): not a memory footprints file (\(error))")
    }
}
