import ArgumentParser
import DamoCommands

/// `report damon` (and `status`): the running kdamonds, or those of a file.
struct ReportDamon: DamoCLICommand {
    static let configuration = CommandConfiguration(
        commandName: "damon", abstract: "Show current or recorded DAMON status.", discussion: LiveDamon.reportDamon)
    @OptionGroup var options: ReportDamonOptions
    func run(in env: DamoEnvironment) throws { try options.run(in: env) }
}

/// `status`: the older name of `report damon`.
struct Status: DamoCLICommand {
    static let configuration = CommandConfiguration(abstract: "Show DAMON status (same as 'report damon'; deprecated).", discussion: LiveDamon.reportDamon)
    @OptionGroup var options: ReportDamonOptions
    func run(in env: DamoEnvironment) throws {
        env.warnDeprecated(.status)
        try options.run(in: env)
    }
}

struct ReportDamonOptions: ParsableArguments, ReportDamonCommand {
    @Option(name: .customLong("format"), help: ArgumentHelp("format of the output", valueName: "json|yaml|report"))
    var format: String?
    @Flag(name: .customLong("json"), help: .hidden)
    var json = false
    @Flag(name: .customLong("raw"), help: "print raw numbers")
    var raw = false
    @Flag(name: .customLong("show_cpu_usage"), help: "show cpu usage for kdamond")
    var showCpuUsage = false
    @Flag(name: .customLong("kdamonds_summary"), help: "print kdamond summary only")
    var kdamondsSummary = false
    @Flag(name: .customLong("damos_stats"), help: "print DAMOS scheme stats only")
    var damosStats = false
    @Option(name: .customLong("damos_stat_fields"), parsing: .upToNextOption, help: "DAMOS stat fields to print")
    var damosStatFields: [String] = []
    @Flag(name: .customLong("omit_damos_tried_regions"), help: "omit DAMOS tried regions")
    var omitTriedRegions = false
    @Flag(name: .customLong("damon_params"), help: "print entered DAMON parameters only")
    var damonParams = false
    @Flag(name: .customLong("damon_params_omit_defaults"), help: "print entered DAMON parameters only, omitting defaults")
    var damonParamsOmitDefaults = false
    @Option(name: .customLong("input_file"), help: "a json file of kdamonds (args damon output) to show instead of the running ones (which are asked to refresh their statistics)")
    var inputFile: String?
    @OptionGroup var interface: InterfaceRootOption
}
