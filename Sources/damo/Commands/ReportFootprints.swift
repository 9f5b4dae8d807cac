import ArgumentParser
import DamoCommands

struct ReportFootprints: DamoCLICommand, ReportFootprintsCommand {
    static let configuration = CommandConfiguration(
        commandName: "footprints", abstract: "Show distribution of memory footprint.")

    @Argument(help: ArgumentHelp("memory footprint metric to show (vsz, rss, sys_used, all)"))
    var metric = "all"

    @Option(name: [.customLong("input"), .customShort("i")], help: "input file name")
    var input = "damon.data.mem_footprint"

    @Option(name: [.customLong("range"), .customShort("r")], parsing: .upToNextOption,
            help: ArgumentHelp("range of percentiles to print", valueName: "start> <stop> <step"))
    var range: [Int] = [0, 101, 25]

    @Option(name: [.customLong("sortby"), .customShort("s")], help: "the metric to sort the footprints for (time, size)")
    var sortby = "size"

    @OptionGroup var distribution: DistributionArgs<FootprintsDistribution>

    @Flag(name: .customLong("all_footprint"), help: "print not percentiles but all footprint values")
    var allFootprint = false
}

/// How `report footprints` words its distribution options.
enum FootprintsDistribution: DistributionTexts {
    static let nrColsBarHelp = ArgumentHelp("max columns of output")
}
