import ArgumentParser
import DamoCommands

struct ReportSysinfo: DamoCLICommand, SysinfoCommand {
    static let configuration = CommandConfiguration(commandName: "sysinfo", abstract: "system information")

    @Option(name: .customLong("print"), parsing: .upToNextOption,
            help: ArgumentHelp("info to print (\(sysinfoChoices.joined(separator: ", ")))", valueName: "info"))
    var print: [String] = ["versions", "interfaces"]

    @Flag(name: .customLong("invalidate_cache"), help: "invalidate cached sysinfo (nothing is cached)")
    var invalidateCache = false

    @OptionGroup var system: SystemArgs
}
