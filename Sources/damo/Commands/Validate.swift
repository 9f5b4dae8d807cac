import ArgumentParser
import DamoCommands

struct Validate: DamoCLICommand, ValidateCommand {
    static let configuration = CommandConfiguration(abstract: "Validate a given damo-record result file.")

    @Option(name: [.customLong("input"), .customShort("i")], help: "input file name")
    var input = "damon.data"

    @Option(name: .customLong("aggr"), parsing: .upToNextOption,
            help: ArgumentHelp("min/max valid aggregation intervals (us)", valueName: "microseconds"))
    var aggr: [Int] = [75000, 125000]

    @Option(name: .customLong("nr_regions"), parsing: .upToNextOption,
            help: ArgumentHelp("min/max number of regions", valueName: "number of regions"))
    var nrRegions: [Int] = [3, 1200]

    @Option(name: .customLong("nr_accesses"), parsing: .upToNextOption,
            help: ArgumentHelp("min/max number of measured accesses per aggregate interval", valueName: "number of accesses"))
    var nrAccesses: [Int] = [0, 24]

    @Option(name: .customLong("allow_error"), help: "allowed percent of error samples")
    var allowError: Double = 2

    @Option(name: .customLong("regions_boundary"), parsing: .upToNextOption,
            help: ArgumentHelp("regions boundary", valueName: "start>-<end"))
    var regionsBoundary: [String] = []
}
