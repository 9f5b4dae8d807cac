import DamonModel
import DamonRecords
import DamoReports

/// How `report wss` and `report footprints` show a distribution: drawn
/// into an image, or with bars of some width.
public protocol DistributionOptions {
    var plot: String? { get }
    var nrColsBar: Int { get }
    var rawNumber: Bool { get }
}

/// `report wss`: the distribution of working set sizes.
public protocol ReportWSSCommand {
    associatedtype Distribution: DistributionOptions
    var input: String { get }
    var range: [Int] { get }
    var excludeSamples: Int { get }
    var accThres: Int { get }
    var szThres: Int { get }
    var workTime: Int { get }
    /// size (the default) or time.
    var sortby: String? { get }
    var distribution: Distribution { get }
    var allWSS: Bool { get }
    var perTarget: Bool { get }
    var collapseTargets: Bool { get }
}

extension ReportWSSCommand {
    public func run(in env: DamoEnvironment) throws {
        let percentiles = try percentileRange(range)
        let sorted = try sortByValue(sortby)
        let image = try distribution.plot.map { try ImageTarget(path: $0, env: env) }
        // Streamed: one (re-aggregated) snapshot at a time, 8 bytes kept of each.
        var perRecord: [(String, [Int])] = []
        try env.streamRecords([input]) { stream, header in
            var adjuster = RecordAdjust.Adjuster(aggregateIntervalUs: PyNum(workTime), skip: excludeSamples)
            var sizes: [Int] = []
            while let snapshot = try stream.nextSnapshot() {
                guard let s = adjuster.add(snapshot) else { continue }
                sizes.append(WSSReport.wss(s, accessThreshold: accThres, sizeThreshold: szThres))
            }
            perRecord.append((WSSReport.targetKey(header), sizes))
        }
        let dists = try WSSReport.distributions(consume perRecord, sorted: sorted, collapse: !perTarget || collapseTargets)
        if let image {
            let points = try dists.flatMap { try DistReport.points(values: $0.1, percentiles: percentiles, all: allWSS) }
            let chart = distribution.rawNumber
                ? LinePlot(points: points, xLabel: sorted ? "percentile" : "runtime (percent)",
                           yLabel: "working set size (bytes)")
                : LinePlot(points: points, xLabel: sorted ? "percentile" : "runtime (percent)",
                           yLabel: "working set size", yInBytes: true)
            try image.writeImage(chart.render(image.format), to: image.path)
            return
        }
        for (tid, values) in dists {
            try env.show("# target_id\t\(tid)")
            try env.show(try DistReport.text(metric: "wss", values: values, percentiles: percentiles, all: allWSS,
                                             rawNumber: distribution.rawNumber, barColumns: distribution.nrColsBar))
        }
    }
}

/// Python's range(start, stop, step) of a `--range` option.
func percentileRange(_ values: [Int]) throws -> [Int] {
    let r = try expectCount(values, 3, "--range", "<start> <stop> <step>")
    if r[2] == 0 { throw DamoError("--range step must not be zero") }
    return Array(stride(from: r[0], to: r[1], by: r[2]))
}

/// `--sortby size` (default) sorts values; `time` keeps them in time order.
func sortByValue(_ sortby: String?) throws -> Bool {
    switch sortby {
    case nil, "size": return true
    case "time": return false
    case let other?: throw DamoError("--sortby must be 'size' or 'time' ('\(other)' given)")
    }
}

/// `report nr_regions`: the distribution of the number of DAMON regions.
public protocol ReportNrRegionsCommand {
    var input: String { get }
    var range: [Int] { get }
    var sortby: String? { get }
    var plot: String? { get }
}

extension ReportNrRegionsCommand {
    public func run(in env: DamoEnvironment) throws {
        let percentiles = range.isEmpty ? [0, 25, 50, 75, 100] : try percentileRange(range)
        let sorted = try sortByValue(sortby)
        let image = try plot.map { try ImageTarget(path: $0, env: env) }
        var perRecord: [(String, [Int])] = []
        try env.streamRecords([input]) { stream, header in
            var counts: [Int] = []
            // DAMON is still adapting the regions in the first 20.
            var index = 0
            while let snapshot = try stream.nextSnapshot() {
                if index >= 20 { counts.append(snapshot.regions.count) }
                index += 1
            }
            if sorted { counts.sort() }
            perRecord.append((WSSReport.targetKey(header), counts))
        }
        if let image {
            let points = try perRecord.flatMap {
                try DistReport.points(values: $0.1, percentiles: percentiles, all: false)
            }
            let chart = LinePlot(points: points, xLabel: sorted ? "percentile" : "runtime (percent)",
                                 yLabel: "number of monitoring target regions")
            try image.writeImage(chart.render(image.format), to: image.path)
            return
        }
        try env.show(try NrRegionsReport.text(perRecord, percentiles: percentiles))
    }
}

/// `report times`: the times a record had regions of an access pattern.
/// It reads only the record: `--input RECORD` (ours) or the first of
/// damo's `--inputs RECORD PROFILE`, whose profile may be left out.
public protocol ReportTimesCommand {
    associatedtype Filters: RecordFilterOptions
    var input: String? { get }
    var inputs: [String] { get }
    var filters: Filters { get }
}

extension ReportTimesCommand {
    public func run(in env: DamoEnvironment) throws {
        guard (1...2).contains(inputs.count) else {
            throw DamoError("--inputs takes the record and optionally its profile (<access pattern record> [<profile record>]), \(inputs.count) given")
        }
        let filter = try filters.filter()
        var times = TimesReport.Collector()
        try env.streamRecords([input ?? inputs[0]]) { stream, header in
            var state = RecordFilter.SnapshotState()
            while var snapshot = try stream.nextSnapshot() {
                if filter.apply(&snapshot, intervals: header.intervals, state: &state) { times.add(snapshot) }
            }
        }
        let text = times.text
        if !text.isEmpty { try env.show(text) }
    }
}
