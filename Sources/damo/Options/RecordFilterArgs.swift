import ArgumentParser
import DamoCommands

/// damo's region and snapshot filters (`damo help access_filter_options`).
struct RecordFilterArgs: ParsableArguments, RecordFilterOptions {
    @Option(name: .customLong("sz_region"), parsing: .upToNextOption,
            help: ArgumentHelp("min/max size of regions (bytes) to filter in", valueName: "min> <max"))
    var szRegion: [String] = []

    @Option(name: .customLong("access_rate"), parsing: .upToNextOption,
            help: ArgumentHelp("min/max access rate of regions (percent) to filter in", valueName: "min> <max"))
    var accessRate: [String] = []

    @Option(name: .customLong("age"), parsing: .upToNextOption,
            help: ArgumentHelp("min/max age of regions (seconds) to filter in", valueName: "min> <max"))
    var age: [String] = []

    @Option(name: .customLong("address"), parsing: .upToNextOption,
            help: ArgumentHelp("address ranges to filter in", valueName: "start> <end"))
    var address: [String] = []

    @Option(name: .customLong("sz_snapshot"), parsing: .upToNextOption,
            help: ArgumentHelp("min/max total size of regions of snapshots to filter in", valueName: "min> <max"))
    var szSnapshot: [String] = []

    @Option(name: .customLong("snapshot_time"), parsing: .upToNextOption,
            help: ArgumentHelp("show snapshots generated in these time intervals", valueName: "start (ns)> <end (ns)"))
    var snapshotTime: [String] = []

    @Option(name: .customLong("snapshot_idx"), parsing: .upToNextOption,
            help: ArgumentHelp("show snapshots of these indices range", valueName: "start> <end"))
    var snapshotIdx: [String] = []

    @Option(name: .customLong("temperature"), parsing: .upToNextOption,
            help: ArgumentHelp("min/max temperature of regions to filter in", valueName: "min> <max"))
    var temperature: [String] = []
}
