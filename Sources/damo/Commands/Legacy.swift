import ArgumentParser
import DamoCommands

// Commands of earlier damo releases that scripts and documents still use.
// Each prints damo's deprecation notice on standard error and does what
// its replacement does.

/// `show`: the older name of `report access`.
struct Show: DamoCLICommand {
    static let configuration = CommandConfiguration(
        abstract: "show monitored access pattern (deprecated; same as 'report access')",
        discussion: LiveDamon.reportAccess + "\nTakes the options of 'damo report access'.")

    @OptionGroup var access: ReportAccess

    func run(in env: DamoEnvironment) throws {
        env.warnDeprecated(.show)
        try access.run(in: env)
    }
}

/// `fmt_json`: DAMON parameters from the options as JSON, the older name
/// of `args damon --format json`.
struct FmtJSON: DamoCLICommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt_json",
        abstract: "convert damo-start cmdline option to DAMON json input (deprecated; same as 'args damon --format json')")

    @OptionGroup var params: DamonParamsOptionGroup

    @Flag(name: .customLong("raw"), help: "print numbers in machine friendly raw form")
    var raw = false

    func run(in env: DamoEnvironment) throws {
        env.warnDeprecated(.fmtJSON)
        // The options as given, after the command name; args damon scans
        // the command line for their order anyway.
        let command = try ArgsDamon.parse(Array(env.arguments.dropFirst()) + ["--format", "json"])
        try command.run(in: env)
    }
}

/// `translate_damos`: early damo's one-line schemes as the JSON scheme
/// list that -c/--schemes and parameter files take.
struct TranslateDamos: DamoCLICommand, TranslateDamosCommand {
    static let configuration = CommandConfiguration(
        commandName: "translate_damos",
        abstract: "translate old .damos to the new json format (deprecated)")

    @Argument(help: ArgumentHelp("schemes in old .damos format", valueName: "file or string"))
    var schemes: String
}
