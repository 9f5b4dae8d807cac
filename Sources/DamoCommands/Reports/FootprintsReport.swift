import DamonKernel
import DamonModel
import DamonRecords
import DamoReports

/// `report footprints`: distributions of the memory footprints recorded.
public protocol ReportFootprintsCommand {
    associatedtype Distribution: DistributionOptions
    var metric: String { get }
    var input: String { get }
    var range: [Int] { get }
    var sortby: String { get }
    var distribution: Distribution { get }
    var allFootprint: Bool { get }
}

extension ReportFootprintsCommand {
    public func run(in env: DamoEnvironment) throws {
        let plot = distribution.plot, nrColsBar = distribution.nrColsBar, rawNumber = distribution.rawNumber
        let metrics: [FootprintReport.Metric]
        if metric == "all" {
            metrics = FootprintReport.Metric.allCases
        } else if let m = FootprintReport.Metric(rawValue: metric) {
            metrics = [m]
        } else {
            throw DamoError("the metric must be vsz, rss, sys_used or all ('\(metric)' given)")
        }
        let sorted = try sortByValue(sortby)
        let percentiles = try percentileRange(range)
        let image = try plot.map { try ImageTarget(path: $0, env: env) }
        let footprints = try loadFootprints(input)
        for m in metrics {
            let values = try footprints.values(m, sorted: sorted)
            if let image {
                let points = try DistReport.points(values: values, percentiles: percentiles, all: allFootprint)
                let xLabel = sorted ? "percentile" : "runtime (percent)"
                // The footprints are in KiB; the human axis counts bytes.
                let chart = rawNumber
                    ? LinePlot(points: points, xLabel: xLabel, yLabel: "memory footprint (kilobytes)")
                    : LinePlot(points: points.map { ($0.x, $0.y * 1024) }, xLabel: xLabel,
                               yLabel: "memory footprint", yInBytes: true)
                try image.writeImage(chart.render(image.format), to: image.path)
                continue
            }
            try env.show(try DistReport.text(metric: m.rawValue, values: values, percentiles: percentiles,
                                         all: allFootprint, rawNumber: rawNumber, barColumns: nrColsBar))
        }
    }
}

/// A `.mem_footprint` file's footprints, read a snapshot at a time;
/// errors name the file.
func loadFootprints(_ path: String) throws -> FootprintReport.Series {
    let file: FileByteSource
    do { file = try FileByteSource(path: path) } catch let e as RecordFileError {
        throw DamoError("\(path): cannot read the footprints file (\(e.problem))")
    }
    var series = FootprintReport.Series()
    do {
        try SystemSnapshotsJSON.forEachMemFootprints(file) { series.add($0) }
    } catch let e as RecordFileError {
        throw DamoError("\(path): cannot read the footprints file (\(e.problem))")
    } catch {
        throw DamoError("\(path): not a memory footprints file (\(error))")
    }
    return series
}
