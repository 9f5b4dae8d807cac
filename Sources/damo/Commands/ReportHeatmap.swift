import ArgumentParser
import DamoCommands

/// Options `report heatmap` shares with the older `report heats`.
struct HeatmapSourceArgs: ParsableArguments, HeatmapSourceOptions {
    @Option(name: [.customLong("input"), .customShort("i")], parsing: .upToNextOption, help: "input file name")
    var input: [String] = ["damon.data"]

    @Option(name: .customLong("kdamond_idx"), help: "kdamond idx of record to print heatmap for")
    var kdamondIdx: Int?
    @Option(name: .customLong("context_idx"), help: "context idx of record to print heatmap for")
    var contextIdx: Int?
    @Option(name: .customLong("scheme_idx"), help: "scheme idx of record to print heatmap for")
    var schemeIdx: Int?
    @Option(name: .customLong("tid"), help: "target id of record to print heatmap for")
    var tid: String?

    @Option(name: .customLong("resol"), parsing: .upToNextOption,
            help: ArgumentHelp("resolutions for time and address axes", valueName: "time> <address"))
    var resol: [Int] = []

    @Option(name: .customLong("time_range"), parsing: .upToNextOption,
            help: ArgumentHelp("<start> <end> [base] of the time range; base can be 'guided' or 'guided_end'",
                               valueName: "nanoseconds"))
    var timeRange: [String] = []

    @Option(name: .customLong("draw_range"), help: "which ranges to draw heatmap for (hottest, all)")
    var drawRange = "hottest"

    @Option(name: .customLong("address_range"), parsing: .upToNextOption,
            help: ArgumentHelp("<start> <end> [base] of an address range (repeatable); base can be 'guided'",
                               valueName: "address"))
    var addressRange: [String] = []

    @Flag(name: .customLong("abs_time"), help: "display absolute time in output")
    var absTime = false
    @Flag(name: .customLong("abs_addr"), help: "display absolute address in output")
    var absAddr = false
    @Flag(name: .customLong("guide"), help: "print a guidance for the ranges and resolution settings")
    var guide = false
    @Flag(name: .customLong("guide_human"), help: "print the guidance in human-friendly format")
    var guideHuman = false

    @Flag(name: .customLong("df_passed"), help: "show heatmap for only DAMOS filter-passed parts")
    var dfPassed = false
    @Flag(name: .customLong("sort_temperature"), help: "sort regions by temperature on space")
    var sortTemperature = false
    @Option(name: .customLong("temperature_weights"), parsing: .upToNextOption,
            help: ArgumentHelp("temperature calculation weights", valueName: "frequency> <age"))
    var temperatureWeights: [Double] = [1.0, 1.0]

    @Flag(name: .customLong("raw_number"),
          help: "image axes in bytes and nanoseconds instead of KiB/MiB/GiB offsets and seconds")
    var rawNumber = false
}

struct ReportHeatmap: DamoCLICommand, ReportHeatmapCommand {
    static let configuration = CommandConfiguration(
        commandName: "heatmap", abstract: "Show when which address ranges were how frequently accessed.")

    @Option(name: .customLong("output"),
            help: "'stdout', 'raw', or an image file (.png, .svg, .pdf; .jpeg through ImageMagick)")
    var output = "stdout"

    @OptionGroup var source: HeatmapSourceArgs

    @Option(name: .customLong("stdout_colorset"), help: "color theme for access frequencies (gray, flame, emotion)")
    var stdoutColorset = "gray"

    @Flag(name: .customLong("stdout_skip_colorset_example"), help: "skip printing example colors at the output")
    var skipColorsetExample = false

    @Flag(name: .customLong("interactive_edit"), help: "interactively zoom and scroll the maps")
    var interactiveEdit = false
}

/// `report heats`: the heatmap command of older damo releases.
struct ReportHeats: DamoCLICommand, ReportHeatsCommand {
    static let configuration = CommandConfiguration(
        commandName: "heats", abstract: "Show the heatmap of a record (older spelling of 'report heatmap').")

    @Option(name: .customLong("heatmap"), help: "image file to draw, or 'stdout' for the terminal")
    var heatmap: String?

    @Flag(name: .customLong("stdout_heatmap"), help: "show the heatmap on the terminal")
    var stdoutHeatmap = false

    @Option(name: .customLong("stdout_heatmap_color"), help: "color theme for the terminal (gray, flame, emotion)")
    var color = "gray"

    @OptionGroup var source: HeatmapSourceArgs
}
