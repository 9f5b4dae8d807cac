/// One aggregation interval's monitoring results of one target.
public struct Snapshot: Sendable {
    /// Nanoseconds.  Integers, except the first snapshot of a trace-based
    /// record whose start is estimated (a float, as in damo).
    public var startTime: PyNum
    public var endTime: PyNum
    public var regions: [Region]
    public var totalBytes: Int?
    public var damosStats: DamosStats?
    public var sampleIntervalUs: PyNum?

    public init(startTime: PyNum, endTime: PyNum, regions: [Region], totalBytes: Int? = nil,
                damosStats: DamosStats? = nil, sampleIntervalUs: PyNum? = nil) {
        self.startTime = startTime
        self.endTime = endTime
        self.regions = regions
        self.totalBytes = totalBytes ?? Snapshot.sumSizes(regions)
        self.damosStats = damosStats
        self.sampleIntervalUs = sampleIntervalUs
    }

    public static func sumSizes(_ regions: [Region]) -> Int {
        var total = 0
        for r in regions { total &+= r.size }
        return total
    }

    public mutating func updateTotalBytes() { totalBytes = Snapshot.sumSizes(regions) }
}

/// The data source damo writes for records whose origin is not recorded.
public let recordDataSourceUnknown = "unknown"
public let recordDataSourceDamonStat = "damon_stat"

/// Monitoring results of one target (or one scheme's tried regions): the
/// snapshots in time order, plus where they came from.
public struct Record: Sendable {
    public var kdamondIdx: Int
    public var contextIdx: Int
    public var intervals: Intervals?
    public var schemeIdx: Int?
    /// The target id exactly as recorded (a pid, a kernel pointer value or
    /// an index); nil when not recorded.
    public var targetId: TargetID?
    public var schemeFilters: [DamosFilter]
    public var snapshots: [Snapshot]
    public var dataSource: String
    /// The file the record was read from, for errors about it; nil for
    /// records of the running kernel or made in memory.
    public var file: String?

    public init(kdamondIdx: Int? = nil, contextIdx: Int? = nil, intervals: Intervals? = nil,
                schemeIdx: Int? = nil, targetId: TargetID? = nil,
                schemeFilters: [DamosFilter] = [], snapshots: [Snapshot] = [],
                dataSource: String = recordDataSourceUnknown, file: String? = nil) {
        // damo records made while recording carry no indices; they mean 0.
        self.kdamondIdx = kdamondIdx ?? 0
        self.contextIdx = contextIdx ?? 0
        self.intervals = intervals
        self.schemeIdx = schemeIdx
        self.targetId = targetId
        self.schemeFilters = schemeFilters
        self.snapshots = snapshots
        self.dataSource = dataSource
        self.file = file
    }

    /// "FILE: " for errors about this record, or nothing.
    public var filePrefix: String { file.map { "\($0): " } ?? "" }

    /// Records of the same source that can be merged into one.
    public func canMerge(_ other: Record) -> Bool {
        kdamondIdx == other.kdamondIdx && contextIdx == other.contextIdx
            && intervals == other.intervals && schemeIdx == other.schemeIdx
            && targetId == other.targetId
    }
}

/// A DAMON target id as written in records: any JSON number, kept as its
/// Python text so that reports print it unchanged.
public struct TargetID: Sendable, Hashable, CustomStringConvertible {
    public let value: PyNum
    public init(_ value: PyNum) { self.value = value }
    public init(_ value: Int) { self.value = .int(Int128(value)) }
    public var description: String { value.description }
}
