import ArgumentParser
import DamoCommands
import DamoReports

struct ReportAccess: DamoCLICommand, ReportAccessCommand {
    static let configuration = CommandConfiguration(
        commandName: "access", abstract: "Show DAMON-monitored access pattern.",
        discussion: LiveDamon.reportAccess + "\nMore options for customized format are available.  Do 'damo help access_format_options -h' for those options.")

    @Option(name: [.customLong("input"), .customShort("i")], parsing: .upToNextOption, help: ArgumentHelp(LiveDamon.input))
    var input: [String] = []

    @Option(name: .customLong("input_file"), parsing: .upToNextOption, help: .hidden)
    var inputFile: [String] = []

    @OptionGroup var formatOptions: AccessFormatArgs

    @Option(name: .customLong("exec"), parsing: .upToNextOption,
            help: ArgumentHelp("execute python code with the records", valueName: "command or 'interpreter'"))
    var exec: [String] = []

    @Option(name: .customLong("snapshot_damos_filter"), parsing: .upToNextOption,
            help: ArgumentHelp("Region-internal DAMOS filters for the snapshot. Format is same to --damos_filter.",
                               valueName: "damos filter argument"))
    var snapshotDamosFilter: [String] = []

    @Option(name: .customLong("tried_regions_of"), parsing: .upToNextOption, help: .hidden)
    var triedRegionsOf: [Int] = []

    // Hidden in damo too (experimental).
    @Option(name: .customLong("on_cache"), parsing: .upToNextOption, help: .hidden)
    var onCache: [String] = []

    // argparse's nargs='*': `--repeat` alone or with <delay> <count>.  Our
    // parser has no option of zero or more values, so the flag marks it
    // and its values are left as operands (checked to follow it).
    @Flag(name: .customLong("repeat"),
          help: "repeat <count> times with <delay> time interval (--repeat [<delay> <count>]; no value: every second until Ctrl+C)")
    var repeatGiven = false
    @Argument(help: .hidden) var repeatOperands: [String] = []

    @OptionGroup var filters: RecordFilterArgs
    @OptionGroup var interface: InterfaceRootOption
}
