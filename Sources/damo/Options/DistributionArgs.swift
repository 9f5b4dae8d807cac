import ArgumentParser
import DamoCommands

/// What a distribution report says of its options.
protocol DistributionTexts {
    static var nrColsBarHelp: ArgumentHelp { get }
}

/// How `report wss` and `report footprints` show a distribution (after
/// their --sortby), each in its own words.
struct DistributionArgs<Texts: DistributionTexts>: ParsableArguments, DistributionOptions {
    @Option(name: [.customLong("plot"), .customShort("p")], help: "plot the distribution to an image file")
    var plot: String?

    @Option(name: .customLong("nr_cols_bar"), help: Texts.nrColsBarHelp)
    var nrColsBar = 59

    @Flag(name: .customLong("raw_number"), help: "use machine-friendly raw numbers")
    var rawNumber = false
}
