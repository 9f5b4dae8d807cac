import DamonModel

/// Where a `--format` template goes in `report access`'s output.
public enum AccessFormatArea: String, CaseIterable, Sendable {
    case recordHead = "record_head", snapshotHead = "snapshot_head", region
    case snapshotTail = "snapshot_tail", recordTail = "record_tail"
}

/// A region attribute that sorting and region boxes use.
public enum RegionAttribute: String, CaseIterable, Sendable {
    case address, accessRate = "access_rate", age, size, temperature
}

/// How region boxes (`<box>`) draw a region: which attribute sets the
/// box's length, color and height, on which scales and ranges.
public struct RegionBoxSpec: Sendable {
    /// Attributes shown by length, color and height; nil for none.
    public var values: [RegionAttribute?] = [.age, .accessRate, .size]
    public var minMaxLength: [Int] = [1, 30]
    public var minMaxHeight: [Int] = [1, 5]
    public var colorset: AsciiColorset = .gray
    /// Log scale for length, color and height.
    public var logscales: [Bool] = [true, false, true]
    public var alignRight = false

    public init() {}
}

/// Everything that shapes `report access`'s text: the five templates and
/// the knobs of the keywords they contain.
public struct AccessReportFormat: Sendable {
    public var templates: [AccessFormatArea: String] = [:]
    public var sortBy: [RegionAttribute] = [.address]
    /// Attributes sorted in descending order; `all` puts every one.
    public var sortDescending: Set<String> = []
    public var temperatureWeights: [PyNum] = [.int(0), .int(100), .int(100)]
    public var histLogscale = false
    public var histCumulate = false
    public var histRanges: [String]? = nil
    public var percentilesRange: [Int]? = nil
    public var heatmapWidth = 80
    public var heatmapColorset: AsciiColorset = .gray
    public var heatmapStatic = false
    public var box = RegionBoxSpec()
    /// Minimum widths of keywords' texts; the first entry of a keyword wins.
    public var minChars: [(String, Int)] = AccessReportFormat.defaultMinChars
    public var rawNumber = false

    public static let defaultMinChars: [(String, Int)] = [
        ("<index>", 3), ("<start address>", 12), ("<end address>", 11), ("<size>", 11),
        ("<access rate>", 5), ("<access hz>", 6), ("<age>", 13), ("<filters passed type>", 10),
    ]

    public init() {}

    public subscript(area: AccessFormatArea) -> String? {
        get { templates[area] }
        set { templates[area] = newValue }
    }

    /// Whether only each snapshot's total size is shown (no blank line
    /// between snapshots then).
    var totalSizeOnly: Bool {
        self[.snapshotHead] == "" && self[.region] == "" && self[.snapshotTail] == "<total bytes>"
    }

    /// The weights as Python prints the list: `[0, 100, 100]`.
    var weightsText: String {
        "[" + temperatureWeights.map(\.description).joined(separator: ", ") + "]"
    }
}
