import ArgumentParser
import DamonModel
import DamonRecords
import DamoReports

struct ReportWSS: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wss", abstract: "Show distribution of working set size.")

    @Option(name: [.customLong("input"), .customShort("i")], help: "input file name")
    var input = "damon.data"

    @Option(name: [.customLong("range"), .customShort("r")], parsing: .upToNextOption,
            help: ArgumentHelp("range of wss percentiles to print", valueName: "start> <stop> <step"))
    var range: [Int] = [0, 101, 25]

    @Option(name: .customLong("exclude_samples"), help: "number of first samples to be excluded")
    var excludeSamples = 20

    @Option(name: [.customLong("acc_thres"), .customShort("t")], help: "minimal number of accesses for treated as working set")
    var accThres = 1

    @Option(name: .customLong("sz_thres"), help: "minimal size of region for treated as working set")
    var szThres = 1

    @Option(name: .customLong("work_time"), help: "supposed time for each unit of the work (microseconds)")
    var workTime = 1

    @Option(name: [.customLong("sortby"), .customShort("s")], help: "the metric to sort the working set sizes by (size, time)")
    var sortby: String?

    @Option(name: [.customLong("plot"), .customShort("p")], help: "plot the distribution to an image file")
    var plot: String?

    @Option(name: .customLong("nr_cols_bar"), help: "number of columns that is reserved for wss visualization")
    var nrColsBar = 59

    @Flag(name: .customLong("raw_number"), help: "use machine-friendly raw numbers")
    var rawNumber = false

    @Flag(name: .customLong("all_wss"), help: "Do not print percentile but all calculated wss")
    var allWSS = false

    @Flag(name: .customLong("per_target"), help: "Report workingset size per monitoring target")
    var perTarget = false

    @Flag(name: .customLong("collapse_targets"), help: "Collapse targets in the record into one")
    var collapseTargets = false

    func run() throws {
        let percentiles = try percentileRange(range)
        let sorted = try sortByValue(sortby)
        let image = try plot.map { try ImageTarget(path: $0) }
        var records = try loadRecords([input])
        RecordAdjust.adjust(&records, aggregateIntervalUs: PyNum(workTime), skip: excludeSamples)
        let dists = try WSSReport.distributions(records, accessThreshold: accThres, sizeThreshold: szThres,
                                            sorted: sorted, collapse: !perTarget || collapseTargets)
        if let image {
            let points = try dists.flatMap { try DistReport.points(values: $0.1, percentiles: percentiles, all: allWSS) }
            let chart = LinePlot(points: points, xLabel: sorted ? "percentile" : "runtime (percent)",
                                 yLabel: "working set size (bytes)")
            try image.writeImage(chart.render(image.format), to: image.path)
            return
        }
        for (tid, values) in dists {
            try ReportOutput.show("# target_id\t\(tid)")
            try ReportOutput.show(try DistReport.text(metric: "wss", values: values, percentiles: percentiles,
                                                  all: allWSS, rawNumber: rawNumber, barColumns: nrColsBar))
        }
    }
}

/// Python's range(start, stop, step) of a `--range` option.
func percentileRange(_ values: [Int]) throws -> [Int] {
    let r = try expectCount(values, 3, "--range", "<start> <stop> <step>")
    if r[2] == 0 { throw CLIError("--range step must not be zero") }
    return Array(stride(from: r[0], to: r[1], by: r[2]))
}

/// `--sortby size` (default) sorts values; `time` keeps them in time order.
func sortByValue(_ sortby: String?) throws -> Bool {
    switch sortby {
    case nil, "size": return true
    case "time": return false
    case let other?: throw CLIError("--sortby must be 'size' or 'time' ('\(other)' given)")
    }
}

struct ReportNrRegions: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nr_regions", abstract: "Show distribution of the number of DAMON regions.")

    @Option(name: [.customLong("input"), .customShort("i")], help: "input file name")
    var input = "damon.data"

    @Option(name: [.customLong("range"), .customShort("r")], parsing: .upToNextOption,
            help: ArgumentHelp("range of percentiles to print", valueName: "start> <stop> <step"))
    var range: [Int] = []

    @Option(name: [.customLong("sortby"), .customShort("s")], help: "the metric to sort the numbers by (size, time)")
    var sortby: String?

    @Option(name: [.customLong("plot"), .customShort("p")], help: "plot the distribution to an image file")
    var plot: String?

    func run() throws {
        let percentiles = range.isEmpty ? [0, 25, 50, 75, 100] : try percentileRange(range)
        let sorted = try sortByValue(sortby)
        let image = try plot.map { try ImageTarget(path: $0) }
        let records = try loadRecords([input])
        if let image {
            let points = try records.flatMap {
                try DistReport.points(values: NrRegionsReport.counts($0, sorted: sorted), percentiles: percentiles, all: false)
            }
            let chart = LinePlot(points: points, xLabel: sorted ? "percentile" : "runtime (percent)",
                                 yLabel: "number of monitoring target regions")
            try image.writeImage(chart.render(image.format), to: image.path)
            return
        }
        try ReportOutput.show(try NrRegionsReport.text(records, percentiles: percentiles, sorted: sorted))
    }
}

struct ReportTimes: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "times", abstract: "Show times of record having specific access pattern.")

    @Option(name: .customLong("inputs"), parsing: .upToNextOption,
            help: ArgumentHelp("access pattern and profile record files", valueName: "file"))
    var inputs: [String] = ["damon.data", "damon.data.profile"]

    @OptionGroup var filters: RecordFilterOptions

    func run() throws {
        let files = try expectCount(inputs, 2, "--inputs", "<access pattern record> <profile record>")
        let filter = try filters.filter()
        var records = try loadRecords([files[0]])
        filter.apply(&records)
        let text = TimesReport.text(records)
        if !text.isEmpty { try ReportOutput.show(text) }
    }
}
