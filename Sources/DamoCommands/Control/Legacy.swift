import ArgumentParser
import DamonModel
import DamonRecords

/// Commands of earlier damo releases that scripts and documents still use.
/// Each prints damo's deprecation notice on standard error and does what
/// its replacement does.

/// `show`: the older name of `report access`.
struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "show monitored access pattern (deprecated; same as 'report access')",
        discussion: "Takes the options of 'damo report access'.")

    @OptionGroup var access: ReportAccess

    func run() throws {
        Deprecation.show()
        try access.run()
    }
}

/// `fmt_json`: DAMON parameters from the options as JSON, the older name
/// of `args damon --format json`.
struct FmtJSON: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt_json",
        abstract: "convert damo-start cmdline option to DAMON json input (deprecated; same as 'args damon --format json')")

    @OptionGroup var params: DamonParamOptions

    @Flag(name: .customLong("raw"), help: "print numbers in machine friendly raw form")
    var raw = false

    func run() throws {
        Deprecation.fmtJSON()
        // The options as given, after the command name; args damon scans
        // the command line for their order anyway.
        var arguments = Array(CommandLine.arguments.dropFirst(2))
        arguments += ["--format", "json"]
        let command = try ArgsDamon.parse(arguments)
        try command.run()
    }
}

/// `translate_damos`: early damo's one-line schemes as the JSON scheme
/// list that -c/--schemes and parameter files take.
struct TranslateDamos: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "translate_damos",
        abstract: "translate old .damos to the new json format (deprecated)")

    @Argument(help: ArgumentHelp("schemes in old .damos format", valueName: "file or string"))
    var schemes: String

    func run() throws {
        Deprecation.translateDamos()
        let (text, isFile) = try DamonParamInput.text(of: schemes)
        let name = isFile ? schemes : "the schemes"
        if DamonParamInput.looksLikeJSON(text) {
            throw CLIError("\(name): already JSON; translate_damos takes one-line schemes (<min-size> <max-size> <min-acc> <max-acc> <min-age> <max-age> <action> per line)")
        }
        let parsed: [Damos]
        do { parsed = try DamosSingleLine.schemes(text) } catch {
            throw CLIError("failed --schemes parsing (\(name): \(error))")
        }
        if parsed.isEmpty { throw CLIError("\(name): no scheme in the input") }
        let style = KVStyle(paramsOnly: true)
        try ReportOutput.show(KVJSON.text(.list(parsed.map { $0.toKV(style) })))
    }
}
