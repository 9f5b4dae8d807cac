import ArgumentParser
import DamoCommands
import DamoReports

/// The options that shape `report access`'s text (damo's add_fmt_args),
/// shared by `report access` and `args accesses_format`.
struct AccessFormatArgs: ParsableArguments, AccessFormatOptions, SnapshotFormatGroup {
    @Option(name: .customLong("style"), help: "output format selection among pre-configures ones (\(AccessStyle.allCases.map(\.rawValue).joined(separator: ", ")))")
    var style = "detailed"

    @Option(name: .customLong("percentiles_range"), parsing: .upToNextOption, help: "percentiles to show (arguments of range(), or the percentiles)")
    var percentilesRange: [Int] = []

    @Option(name: .customLong("sort_regions_by"), parsing: .upToNextOption, help: "fields to sort regions by (address, access_rate, age, size, temperature)")
    var sortRegionsBy: [String] = ["address"]

    @Option(name: .customLong("sort_regions_dsc"), parsing: .upToNextOption, help: "sort regions in descending order for the given keys (or all)")
    var sortRegionsDsc: [String] = []

    @Option(name: .customLong("temperature_weights"), parsing: .upToNextOption, help: "temperature weights for size, access frequency, and age of each region")
    var temperatureWeights: [String] = []

    @OptionGroup var snapshotFormat: SnapshotFormatArgs

    @Option(name: .customLong("format_record_head"), help: .hidden) var formatRecordHead: String?
    @Option(name: .customLong("format_record_tail"), help: .hidden) var formatRecordTail: String?
    @Option(name: .customLong("format_snapshot_head"), help: .hidden) var formatSnapshotHead: String?
    @Option(name: .customLong("format_snapshot_tail"), help: .hidden) var formatSnapshotTail: String?
    @Option(name: .customLong("format_region"), help: .hidden) var formatRegion: String?

    @Flag(name: .customLong("region_box"), help: "show region access pattern as a box")
    var regionBox = false
    @Option(name: .customLong("region_box_values"), parsing: .upToNextOption, help: "values to show via the <box>'s length, color, and height (size, access_rate, age, none)")
    var regionBoxValues: [String] = ["age", "access_rate", "size"]
    @Option(name: .customLong("region_box_min_max_length"), parsing: .upToNextOption, help: "minimum and maximum number of the region box' length")
    var regionBoxMinMaxLength: [Int] = [1, 30]
    @Option(name: .customLong("region_box_min_max_height"), parsing: .upToNextOption, help: "minimum and maximum number of region box' height")
    var regionBoxMinMaxHeight: [Int] = [1, 5]
    @Option(name: .customLong("region_box_colorset"), help: "colorset to use for region box (gray, flame, emotion)")
    var regionBoxColorset = "gray"
    @Option(name: .customLong("region_box_scales"), parsing: .upToNextOption, help: "scale of region box' length, color, and height (linear, log)")
    var regionBoxScales: [String] = ["log", "linear", "log"]
    @Option(name: .customLong("region_box_align"), help: "where to align the region box (left, right)")
    var regionBoxAlign = "left"

    @Flag(name: .customLong("dont_merge_regions"), help: .hidden)
    var dontMergeRegions = false

    @Flag(name: .customLong("raw_form"), help: "print every region of every snapshot, one line each")
    var rawForm = false
}

/// The format options `report access` and `report attrs` share
/// (SnapshotFormatOptions), declared once.
struct SnapshotFormatArgs: ParsableArguments, SnapshotFormatOptions {
    @Flag(name: .customLong("hist_logscale"), help: "draw histograms in logscale")
    var histLogscale = false
    @Option(name: .customLong("hist_ranges"), parsing: .upToNextOption, help: "histogram range values")
    var histRanges: [String] = []
    @Flag(name: .customLong("hist_cumulate"), help: "draw histogram in cumulative way")
    var histCumulate = false
    @Option(name: .customLong("format"), parsing: .upToNextOption,
            help: ArgumentHelp("customize report content format", valueName: "set|append> <record_head|snapshot_head|region|snapshot_tail|record_tail> <format string"))
    var format: [String] = []
    @Option(name: .customLong("snapshot_heatmap_width"), help: "width of snapshot heatmap")
    var snapshotHeatmapWidth = 80
    @Option(name: .customLong("snapshot_heatmap_colorset"), help: "snapshot heatmap colorset (gray, flame, emotion)")
    var snapshotHeatmapColorset = "gray"
    @Flag(name: .customLong("snapshot_heatmap_static"), help: "draw snapshot heatmap as static")
    var snapshotHeatmapStatic = false
    @Option(name: .customLong("min_chars_for"), parsing: .upToNextOption, help: "minimum character for each keyword of the format")
    var minCharsFor: [String] = []
    @Flag(name: .customLong("total_sz_only"), help: "print only total size of the regions for each snapshot")
    var totalSzOnly = false
    @Flag(name: .customLong("raw_number"), help: "use machine-friendly raw numbers")
    var rawNumber = false
    @Flag(name: .customLong("json"), help: "print in json format")
    var json = false
    @Flag(name: .customLong("ls_record_format_keywords"), help: .hidden) var lsRecordKeywords = false
    @Flag(name: .customLong("ls_snapshot_format_keywords"), help: .hidden) var lsSnapshotKeywords = false
    @Flag(name: .customLong("ls_region_format_keywords"), help: .hidden) var lsRegionKeywords = false
}

/// A command taking the shared format options as one SnapshotFormatArgs group.
protocol SnapshotFormatGroup: SnapshotFormatOptions {
    var snapshotFormat: SnapshotFormatArgs { get }
}

extension SnapshotFormatGroup {
    var histLogscale: Bool { snapshotFormat.histLogscale }
    var histRanges: [String] { snapshotFormat.histRanges }
    var histCumulate: Bool { snapshotFormat.histCumulate }
    var format: [String] { snapshotFormat.format }
    var snapshotHeatmapWidth: Int { snapshotFormat.snapshotHeatmapWidth }
    var snapshotHeatmapColorset: String { snapshotFormat.snapshotHeatmapColorset }
    var snapshotHeatmapStatic: Bool { snapshotFormat.snapshotHeatmapStatic }
    var minCharsFor: [String] { snapshotFormat.minCharsFor }
    var totalSzOnly: Bool { snapshotFormat.totalSzOnly }
    var rawNumber: Bool { snapshotFormat.rawNumber }
    var json: Bool { snapshotFormat.json }
    var lsRecordKeywords: Bool { snapshotFormat.lsRecordKeywords }
    var lsSnapshotKeywords: Bool { snapshotFormat.lsSnapshotKeywords }
    var lsRegionKeywords: Bool { snapshotFormat.lsRegionKeywords }
}
