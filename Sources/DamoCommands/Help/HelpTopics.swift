import DamonModel
import DamoReports

/// The options `damo help` describes, in damo's order and words (the text
/// damo users know); each is an option our commands take.
enum HelpTopics {
    typealias Entry = ArgparseHelp.Entry

    /// The DAMON parameter options of a part of `damo help
    /// damon_param_options`, from the option table.
    static func damonParams(_ topic: DamonOption.Topic) -> [Entry] {
        DamonOption.table.filter { $0.topic == topic }.map { Entry(invocation: $0.invocation, help: $0.help ?? "") }
    }

    /// The positional argument (the deducible target).
    static var deducibleTarget: [Entry] {
        DamonOption.table.filter { $0.arity == .positional }.map { Entry(invocation: $0.invocation, help: $0.help ?? "") }
    }

    /// The record filters of the reports (RecordFilterOptions).
    static let accessFilter: [Entry] = [
        Entry(invocation: "--sz_region <min> <max>", help: "min/max size of regions (bytes) to filter in"),
        Entry(invocation: "--access_rate <min> <max>", help: "min/max access rate of regions (percent) to filter in"),
        Entry(invocation: "--age <min> <max>", help: "min/max age of regions (seconds) to filter in"),
        Entry(invocation: "--address <start> <end>", help: "address ranges to filter in"),
        Entry(invocation: "--sz_snapshot <min> <max>", help: "min/max total size of regions of snapshots to filter in"),
        Entry(invocation: "--snapshot_time <start (ns)> <end (ns)>", help: "show snapshots generated in these time intervals"),
        Entry(invocation: "--snapshot_idx <start> <end>", help: "show snapshots of these indices range"),
        Entry(invocation: "--temperature <min> <max>", help: "min/max temperature of regions to filter in"),
    ]

    static let sortKeys = "address,access_rate,age,size,temperature"

    /// The format options of `report access`.
    static let accessFormat: [Entry] = [
        Entry(invocation: "--style {detailed,simple-boxes,temperature-sz-hist,recency-sz-hist,cold-memory-tail,recency-percentiles,idle-time-percentiles,temperature-percentiles,cold,hot}",
              help: "output format selection among pre-configures ones"),
        Entry(invocation: "--percentiles_range <number> [<number> ...]",
              help: "Percentiles to show. If <=3 arguments are given, ranges are made with Python range() function. If >3 argumenta are given, show percentiles of each argument."),
        Entry(invocation: "--sort_regions_by {\(sortKeys)} [{\(sortKeys)} ...]", help: "fields to sort regions by"),
        Entry(invocation: "--sort_regions_dsc {\(sortKeys),all} [{\(sortKeys),all} ...]",
              help: "sort regions in descending order for the given keys"),
        Entry(invocation: "--temperature_weights <int> <int> <int>",
              help: "temperature weights for size, access frequency, and age of each region"),
        Entry(invocation: "--hist_logscale", help: "draw histograms in logscale"),
        Entry(invocation: "--hist_ranges HIST_RANGES [HIST_RANGES ...]", help: "histogram range values"),
        Entry(invocation: "--hist_cumulate", help: "draw histogram in cumulative way"),
        Entry(invocation: "--format <set|append> <record_head|snapshot_head|region|snapshot_tail|record_tail> <format string> [<set|append> <record_head|snapshot_head|region|snapshot_tail|record_tail> <format string> ...]",
              help: "customize report content format"),
        Entry(invocation: "--snapshot_heatmap_width <number>", help: "width of snapshot heatmap"),
        Entry(invocation: "--snapshot_heatmap_colorset {gray,flame,emotion}", help: "snapshot heatmap colorset"),
        Entry(invocation: "--snapshot_heatmap_static", help: "draw snapshot heatmap as static"),
        Entry(invocation: "--region_box", help: "show region access pattern as a box"),
        Entry(invocation: "--region_box_values {size,access_rate,age,none} {size,access_rate,age,none} {size,access_rate,age,none}",
              help: "values to show via the <box>'s length, color, and height"),
        Entry(invocation: "--region_box_min_max_length <min> <max>", help: "minimum and maximum number of the region box' length"),
        Entry(invocation: "--region_box_min_max_height <min> <max>", help: "minimum and maximum number of region box' height"),
        Entry(invocation: "--region_box_colorset {gray,flame,emotion}", help: "colorset to use for region box"),
        Entry(invocation: "--region_box_scales {linear,log} {linear,log} {linear,log}", help: "scale of region box' length, color, and height"),
        Entry(invocation: "--region_box_align {left,right}", help: "where to align the region box"),
        Entry(invocation: "--min_chars_for <keyword> <number>", help: "minimum character for each keyword of the format"),
        Entry(invocation: "--total_sz_only", help: "print only total size of the regions for each snapshot"),
        Entry(invocation: "--dont_merge_regions", help: "don't merge contiguous regions of same access pattern"),
        Entry(invocation: "--raw_number", help: "use machine-friendly raw numbers"),
        Entry(invocation: "--json", help: "print in json format"),
        Entry(invocation: "--raw_form", help: "print in raw format"),
    ]

    /// The long option names of entries (for checking them against the
    /// options the commands take).
    static func optionNames(_ entries: [Entry]) -> [String] {
        entries.flatMap { entry in
            entry.invocation.split(separator: " ").filter { $0.hasPrefix("--") }
                .map { String($0.drop(while: { $0 == "-" }).prefix(while: { $0 != "," })) }
        }
    }
}

/// The topics of `damo help`, in damo's words and layout.
public enum HelpTopic {
    public enum DamonParamsCategory: String, CaseIterable, Sendable { case all, monitoring, damos }
    public enum AccessFormatSubtopic: String, CaseIterable, Sendable {
        case options
        case recordFormatKeywords = "record_format_keywords"
        case snapshotFormatKeywords = "snapshot_format_keywords"
        case regionFormatKeywords = "region_format_keywords"
    }

    case damonParamOptions(DamonParamsCategory)
    case accessFilterOptions
    case accessFormatOptions(AccessFormatSubtopic)

    /// The topic's text, wrapped to `columns`.
    public func text(columns: Int) -> String {
        let help = ArgparseHelp(columns: columns)
        let common = HelpTopics.damonParams(.common)
        switch self {
        case .damonParamOptions(.all):
            return "command line options for all DAMON parameters\n\n"
                + help.format([("positional arguments:", HelpTopics.deducibleTarget),
                               ("options:", common + HelpTopics.damonParams(.monitoring) + HelpTopics.damonParams(.damos))])
                + "\nAlso there are command line options for setting only monitoring and DAMOS-part DAMON parameters."
                + " Use 'damo help damon_param_options {monitoring,damos}' for those.\n"
        case .damonParamOptions(.monitoring):
            return "command line options for monitoring-part DAMON parameters\n\n"
                + help.format([(nil, common + HelpTopics.damonParams(.monitoring))]) + "\n"
        case .damonParamOptions(.damos):
            return "command line options for DAMOS parameters\n\n"
                + help.format([(nil, common + HelpTopics.damonParams(.damos))]) + "\n"
        case .accessFilterOptions:
            // damo's title for this topic, word for word.
            return "command line options for monitoring results visualization options\n"
                + help.format([(nil, HelpTopics.accessFilter)]) + "\n"
        case .accessFormatOptions(.options):
            return "command line options for monitoring results visualization options\n"
                + help.format([(nil, HelpTopics.accessFormat)]) + "\n"
        case .accessFormatOptions(let subtopic):
            let keywords: [(name: String, help: String)]
            switch subtopic {
            case .recordFormatKeywords: keywords = AccessKeywordHelp.record
            case .snapshotFormatKeywords: keywords = AccessKeywordHelp.snapshot
            default: keywords = AccessKeywordHelp.region
            }
            return keywords.map { "\($0.name)\n\($0.help)" }.joined(separator: "\n\n") + "\n"
        }
    }
}

extension DamoEnvironment {
    /// Prints a `damo help` topic.
    public func showHelp(_ topic: HelpTopic) { output.writeMessage(topic.text(columns: output.columns ?? 80)) }
}
