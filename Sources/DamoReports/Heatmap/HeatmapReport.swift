import DamonModel
import DamonRecords

/// `report heatmap`: picks the target, time and address ranges (from the
/// record's guide unless given) and builds one map per address range.
public struct HeatmapOptions: Sendable {
    public enum DrawRange: String, Sendable { case hottest, all }

    public var kdamondIdx: Int?
    public var contextIdx: Int?
    public var schemeIdx: Int?
    public var targetId: PyNum?
    /// time and address resolution.
    public var resolution: (time: Int, addr: Int)
    /// `<start> <end> [base]`; base is a time, `guided` or `guided_end`.
    public var timeRange: [String]?
    /// The time range as numbers (ns), instead of `timeRange`'s text.
    public var timeRangeNs: (PyNum, PyNum)?
    /// Each `<start> <end> [base]`; base is an address or `guided`.
    public var addressRanges: [[String]]?
    /// The address ranges as numbers (bytes), instead of `addressRanges`.
    public var addressRangesBytes: [(PyNum, PyNum)]?
    public var drawRange: DrawRange = .hottest
    public var dfPassed = false
    public var sortTemperature = false
    public var temperatureWeights: (Double, Double) = (1.0, 1.0)

    public init(resolution: (time: Int, addr: Int)) { self.resolution = resolution }

    public static let maxPixels = 1 << 24
    /// Pixels of the maps the heat pass may draw at once (9 MiB): see
    /// HeatmapReport.maps.
    static let earlyDrawPixels = 1 << 20
}

public enum HeatmapReport {
    public struct Map: Sendable {
        public var heatmap: Heatmap
        public var timeRange: (PyNum, PyNum)
        public var addrRange: (PyNum, PyNum)
    }

    public static func maps(_ records: [Record], _ options: HeatmapOptions) throws -> [Map] {
        try maps(passes: RecordPasses.over(records), options)
    }

    /// The maps of records read in passes: one for the records' bounds
    /// (the guide), one for the hottest range's heat when that is drawn,
    /// one to draw; never the whole record in memory.
    public static func maps(passes: RecordPass, _ options: HeatmapOptions) throws -> [Map] {
        if options.resolution.time <= 0 || options.resolution.addr <= 0 {
            throw ReportError("--resol values must be positive")
        }
        // A map is held in memory: 2^24 pixels are 150 MiB, far beyond any screen.
        if options.resolution.time > HeatmapOptions.maxPixels / options.resolution.addr {
            throw ReportError("--resol \(options.resolution.time) \(options.resolution.addr) asks for more than \(HeatmapOptions.maxPixels) pixels")
        }
        var builder = RecordGuide.Builder()
        var headers: [Record] = []
        try passes { header, snapshot in
            if let snapshot { builder.observe(snapshot, of: header) } else { headers.append(header) }
        }
        let withIntervals = headers.filter { $0.intervals != nil }.count
        if withIntervals != 0 && withIntervals != headers.count {
            let files = Set(headers.compactMap(\.file)).sorted().joined(separator: ", ")
            throw ReportError("\(files.isEmpty ? "" : files + ": ")some records have intervals while some do not; cannot draw one heatmap of them")
        }
        builder.endObserving()
        var opts = options
        let guided = opts.addressRangesBytes == nil
            && (opts.addressRanges?.isEmpty ?? true || opts.addressRanges!.contains { $0.count == 3 && $0[2] == "guided" })
        func selected(_ r: Record) -> Bool {
            r.kdamondIdx == opts.kdamondIdx && r.contextIdx == opts.contextIdx
                && r.schemeIdx == opts.schemeIdx && r.targetId?.value == opts.targetId
        }
        func unit() -> String { headers.contains { selected($0) && $0.intervals != nil } ? "hz" : "samples" }
        var last: Snapshot? = nil
        var index = 0
        /// Adds a snapshot of the drawn source to the maps.
        func draw(_ header: Record, _ snapshot: Snapshot?, into maps: inout [Heatmap], ranges: [(PyNum, PyNum)]) throws {
            guard var snapshot else {
                index = 0
                return
            }
            defer { index += 1 }
            if opts.sortTemperature {
                snapshot.regions = try layOutByTemperature(snapshot, index: index, of: header, ranges, opts.temperatureWeights)
            }
            guard selected(header) else { return }
            for i in maps.indices {
                maps[i].add(snapshot, last: last, intervals: header.intervals, dfPassed: opts.dfPassed)
            }
            last = snapshot
        }
        if guided && opts.drawRange == .hottest {
            // The default map is the hottest range's, known only once every
            // heat is added.  Rather than read the record a third time, the
            // heat pass draws every range of the drawn source and keeps the
            // hottest's, when their pixels are few (a terminal's map, or an
            // image of a few ranges); a map depends only on its own range.
            var early = opts
            let pixels = opts.resolution.time * opts.resolution.addr
            if opts.addressRanges?.isEmpty ?? true, !opts.sortTemperature,
               let (timeRange, _) = try? completeRanges(builder.guides, filePrefix: "", &early),
               let guide = guide(of: builder.guides, for: early),
               guide.ranges.count <= HeatmapOptions.earlyDrawPixels / pixels {
                opts = early
                let ranges = guide.ranges.map { (PyNum($0.start), PyNum($0.end)) }
                var maps = ranges.map { Heatmap(timeRange: timeRange, addrRange: $0, resolution: opts.resolution, heatUnit: unit()) }
                try passes { header, snapshot in
                    if let snapshot { builder.addHeat(snapshot, of: header) }
                    try draw(header, snapshot, into: &maps, ranges: ranges)
                }
                guard let hottest = self.guide(of: builder.guides, for: opts)?.hottestIndex else { return [] }
                return [Map(heatmap: maps[hottest], timeRange: timeRange, addrRange: ranges[hottest])]
            }
            try passes { header, snapshot in
                if let snapshot { builder.addHeat(snapshot, of: header) }
            }
        }
        let (timeRange, addrRanges) = try completeRanges(builder.guides, filePrefix: headers.first?.filePrefix ?? "", &opts)
        if opts.sortTemperature, let bare = headers.first(where: { $0.intervals == nil }) {
            throw ReportError("\(bare.filePrefix)--sort_temperature needs records with monitoring intervals")
        }
        var maps = addrRanges.map {
            Heatmap(timeRange: timeRange, addrRange: $0, resolution: opts.resolution, heatUnit: unit())
        }
        try passes { header, snapshot in try draw(header, snapshot, into: &maps, ranges: addrRanges) }
        return zip(maps, addrRanges).map { Map(heatmap: $0, timeRange: timeRange, addrRange: $1) }
    }

    /// The guide of the source the options select.
    static func guide(of guides: [RecordGuide], for o: HeatmapOptions) -> RecordGuide? {
        guides.first {
            $0.kdamondIdx == o.kdamondIdx && $0.contextIdx == o.contextIdx
                && $0.schemeIdx == o.schemeIdx && $0.targetId?.value == o.targetId
        }
    }

    /// Fills the target and ranges the user left out from the guide of
    /// the record that covers the most space.
    static func completeRanges(_ guides: [RecordGuide], filePrefix: String, _ o: inout HeatmapOptions) throws
        -> ((PyNum, PyNum), [(PyNum, PyNum)]) {
        guard let first = guides.first else {
            throw ReportError("\(filePrefix)the record has no snapshot")
        }
        if o.kdamondIdx == nil { o.kdamondIdx = first.kdamondIdx }
        if o.contextIdx == nil { o.contextIdx = first.contextIdx }
        if o.schemeIdx == nil { o.schemeIdx = first.schemeIdx }
        if o.targetId == nil { o.targetId = first.targetId?.value }
        guard let guide = guide(of: guides, for: o) else {
            throw ReportError("no record of the given kdamond, context, scheme and target")
        }

        var timeRange = o.timeRangeNs ?? (guide.startTime, guide.endTime)
        if let input = o.timeRange {
            guard input.count == 2 || input.count == 3 else {
                throw ReportError("--time_range takes <start> <end> [base]")
            }
            let start = try UnitParse.ns(input[0]), end = try UnitParse.ns(input[1])
            var base: PyNum = .int(0)
            if input.count == 3 {
                switch input[2] {
                case "guided": base = guide.startTime
                case "guided_end": base = guide.endTime
                default: base = try UnitParse.ns(input[2])
                }
            }
            timeRange = (base + start, base + end)
        }
        // An inverted range has no pixels (damo draws garbage or fails).
        if timeRange.1 < timeRange.0 {
            throw ReportError("the time range [\(timeRange.0), \(timeRange.1)) ends before it starts")
        }

        let guided: [(PyNum, PyNum)]
        switch o.drawRange {
        case .hottest:
            guided = guide.hottest.map { [(PyNum($0.start), PyNum($0.end))] } ?? []
        case .all:
            guided = guide.ranges.map { (PyNum($0.start), PyNum($0.end)) }
        }
        if let given = o.addressRangesBytes {
            if let r = given.first(where: { $0.1 < $0.0 }) {
                throw ReportError("the address range [\(r.0), \(r.1)) ends before it starts")
            }
            return (timeRange, given)
        }
        guard let inputs = o.addressRanges, !inputs.isEmpty else { return (timeRange, guided) }
        var ranges: [(PyNum, PyNum)] = []
        for (i, input) in inputs.enumerated() {
            guard input.count == 2 || input.count == 3 else {
                throw ReportError("--address_range takes <start> <end> [base]")
            }
            let start = try UnitParse.bytes(input[0]), end = try UnitParse.bytes(input[1])
            var base: PyNum = .int(0)
            if input.count == 3 {
                if input[2] == "guided" {
                    guard i < guided.count else { throw ReportError("no guided address range for --address_range \(i)") }
                    base = guided[i].0
                } else {
                    base = try UnitParse.bytes(input[2])
                }
            }
            ranges.append((base + start, base + end))
            if ranges[i].1 < ranges[i].0 {
                throw ReportError("the address range [\(ranges[i].0), \(ranges[i].1)) ends before it starts")
            }
        }
        return (timeRange, ranges)
    }

    /// Lays regions out by temperature instead of address: coldest at the
    /// start of each range, each keeping its size.
    static func layOutByTemperature(_ snapshot: Snapshot, index si: Int, of record: Record,
                                    _ ranges: [(PyNum, PyNum)], _ weights: (Double, Double)) throws -> [Region] {
        let w: [PyNum] = [.int(0), .float(weights.0), .float(weights.1)]
        guard let intervals = record.intervals else {
            throw ReportError("\(record.filePrefix)--sort_temperature needs records with monitoring intervals")
        }
        var laidOut: [Region] = []
        for (start, end) in ranges {
            let s = start.int, e = end.int
            var picked: [(Region, PyNum)] = []
            for var region in snapshot.regions {
                if e < region.start || region.end < s { continue }
                region.start = max(region.start, s)
                region.end = min(region.end, e)
                region.addUnsetUnits(intervals)
                picked.append((region, Temperature.of(region, weights: w)))
            }
            let sorted = picked.enumerated().sorted {
                let c = PyNum.compare($0.element.1, $1.element.1)
                return c != 0 ? c < 0 : $0.offset < $1.offset
            }
            var cursor = s
            for (_, (region, _)) in sorted {
                var r = region
                let size = r.size
                r.start = cursor
                // Overlapping regions laid side by side may not fit.
                let (end, overflow) = cursor.addingReportingOverflow(size)
                if overflow {
                    throw ReportError("\(record.filePrefix)snapshot \(si): overlapping regions laid out by temperature reach beyond \(Int.max)")
                }
                r.end = end
                cursor = end
                laidOut.append(r)
            }
        }
        return laidOut
    }
}
