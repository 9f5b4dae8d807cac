import ArgumentParser
import DamoCommands

/// `damo module stat`: DAMON_STAT's parameters, and its idle time
/// percentiles shown as damo shows them.
struct ModuleStat: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stat", abstract: "Control DAMON_STAT", subcommands: [ModuleStatRead.self, ModuleStatWrite.self])
}

struct ModuleStatRead: DamoCLICommand, ModuleStatReadCommand {
    static let configuration = CommandConfiguration(commandName: "read", abstract: "read parameters")

    @Argument(help: ArgumentHelp("what to read.", valueName: "parameter name or display keywords"))
    var toRead: [String] = []
    @Option(name: .customLong("idle_time_mem_sz_lines"),
            help: ArgumentHelp("number of lines for idle time to memory size output", valueName: "int"))
    var memSzLines = 10
    @Option(name: .customLong("idle_time_percentiles_range"), parsing: .upToNextOption,
            help: ArgumentHelp("idle time percentiles print range (start, end, interval)", valueName: "int"))
    var percentilesRange: [String] = []
    @Option(name: .customLong("input_idle_time_percentiles"), parsing: .upToNextOption,
            help: ArgumentHelp("idle time percentiles to visualize", valueName: "percentile> <value"))
    var inputPercentiles: [String] = []
    @Flag(name: .customLong("raw_number"), help: "print number in raw form")
    var rawNumber = false
    @OptionGroup var root: ModuleRootOption
}

/// `write NAME VALUE ...` for any module's parameters.
struct ModuleStatWrite: DamoCLICommand, ModuleStatWriteCommand {
    static let configuration = CommandConfiguration(commandName: "write", abstract: "write parameters", discussion: LiveDamon.moduleStatWrite)

    @Argument(help: ArgumentHelp("name of the parameter and the value to write", valueName: "parameter name> <value"))
    var parameterValue: [String]
    @OptionGroup var root: ModuleRootOption
}
