import ArgumentParser
import DamoCommands

struct ReportWSS: DamoCLICommand, ReportWSSCommand {
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

    @OptionGroup var distribution: DistributionArgs<WSSDistribution>

    @Flag(name: .customLong("all_wss"), help: "Do not print percentile but all calculated wss")
    var allWSS = false

    @Flag(name: .customLong("per_target"), help: "Report workingset size per monitoring target")
    var perTarget = false

    @Flag(name: .customLong("collapse_targets"), help: "Collapse targets in the record into one")
    var collapseTargets = false
}

struct ReportNrRegions: DamoCLICommand, ReportNrRegionsCommand {
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
}

/// How `report wss` words its distribution options.
enum WSSDistribution: DistributionTexts {
    static let nrColsBarHelp = ArgumentHelp("number of columns that is reserved for wss visualization")
}
