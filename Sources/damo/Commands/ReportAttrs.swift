import ArgumentParser
import DamoCommands
import DamoReports

struct ReportAttrs: DamoCLICommand, ReportAttrsCommand, SnapshotFormatGroup {
    static let configuration = CommandConfiguration(
        commandName: "attrs", abstract: "Show DAMON-monitored data attributes information.",
        discussion: LiveDamon.reportAccess + "\nIf --input is not provided, DAMON is not running, and \"damon.data\" file exists, use \"damon.data\" as --input.")

    @Option(name: [.customLong("input"), .customShort("i")], parsing: .upToNextOption,
            help: ArgumentHelp("Source of the attributes information to show: record files (each with its FILE.kdamonds), or \"tried_regions_of <kdamond idx> <context idx> <scheme idx>\"",
                               valueName: "file or special words"))
    var input: [String] = []

    @Option(name: .customLong("style"), help: "output format selection among pre-configures ones (\(AttrsStyle.allCases.map(\.rawValue).joined(separator: ", ")))")
    var style = "detailed"

    @Option(name: .customLong("percentiles_range"), parsing: .upToNextOption,
            help: "Percentiles to show.  If <=3 arguments are given, ranges are made as Python's range() does.  If >3 arguments are given, show percentiles of each argument.")
    var percentilesRange: [Int] = []

    @Option(name: .customLong("sort_regions_by"), parsing: .upToNextOption,
            help: "Sort regions by given properties in order.  \"address\", \"probe_hits_wsum\", \"age\", \"size\", \"temperature\" are supported keys.  Add \"reverse\" for descending order sort.")
    var sortRegionsBy: [String] = []

    @Option(name: .customLong("temperature_weights"), parsing: .upToNextOption,
            help: "region temperature weights for probe hits weighted sum, age and size")
    var temperatureWeights: [String] = []

    @OptionGroup var snapshotFormat: SnapshotFormatArgs

    @Option(name: .customLong("adjust_region"), parsing: .upToNextOption,
            help: ArgumentHelp("adjust region properties.  <size|probe_hits> [probe idx] <df_passed|probe_hits_rate> [probe idx]", valueName: "field"))
    var adjustRegion: [String] = []

    @Flag(name: .customLong("dont_merge_regions"), help: "don't merge contiguous regions of same access pattern")
    var dontMergeRegions = false
    @Flag(name: .customLong("raw_form"), help: "print in raw format")
    var rawForm = false

    @Option(name: .customLong("exec"), parsing: .upToNextOption,
            help: ArgumentHelp("execute python code with the records", valueName: "command or 'interpreter'"))
    var exec: [String] = []

    @Option(name: .customLong("snapshot_damos_filter"), parsing: .upToNextOption,
            help: ArgumentHelp("Region-internal DAMOS filters for the snapshot. Format is same to --damos_filter.",
                               valueName: "damos filter argument"))
    var snapshotDamosFilter: [String] = []

    // argparse's nargs='*', as in report access.
    @Flag(name: .customLong("repeat"),
          help: "repeat <count> times with <delay> time interval (--repeat [<delay> <count>]; no value: every second until Ctrl+C)")
    var repeatGiven = false
    @Argument(help: .hidden) var repeatOperands: [String] = []

    @OptionGroup var filters: RecordFilterArgs
    @OptionGroup var interface: InterfaceRootOption
}
