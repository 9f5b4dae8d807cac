import ArgumentParser
import DamoCommands

struct Args: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate complex command arguments for other commands.",
        subcommands: [ArgsDamon.self, ArgsAccessesFilter.self, ArgsAccessesFormat.self])
}

/// `damo args damon`: DAMON parameters from options, as JSON, YAML or a
/// report, optionally merged into those of a file.
struct ArgsDamon: DamoCLICommand, ArgsDamonCommand {
    static let configuration = CommandConfiguration(
        commandName: "damon", abstract: "format DAMON parameters")

    @OptionGroup var params: DamonParamsOptionGroup

    @Option(name: .customLong("format"), help: ArgumentHelp("format of the output", valueName: "json|yaml|report"))
    var format: String = "json"

    @Flag(name: .customLong("raw"), help: "print numbers in machine friendly raw form")
    var raw = false

    @Option(name: .customLong("add"), help: ArgumentHelp("add DAMON parameters to those of a given file", valueName: "file"))
    var add: String?

    @Option(name: .customLong("remove"), parsing: .upToNextOption,
            help: ArgumentHelp("remove a kdamond of given index from those of the given file",
                               valueName: "file> <kdamond index"))
    var remove: [String] = []

    @Option(name: .customLong("replace"), parsing: .upToNextOption,
            help: ArgumentHelp("replace a kdamond of given index in the given file", valueName: "file> <kdamond index"))
    var replace: [String] = []

    @Option(name: .customLong("out"), help: ArgumentHelp("save the output to the given file", valueName: "file"))
    var out: String?

    @Flag(name: .customLong("omit_defaults"), help: "omit default parameters")
    var omitDefaults = false

    func validate() throws {
        guard ["json", "yaml", "report"].contains(format) else {
            throw ValidationError("argument --format: invalid choice: '\(format)' (choose from 'json', 'yaml', 'report')")
        }
        if !remove.isEmpty && remove.count != 2 { throw ValidationError("--remove takes <file> <kdamond index>") }
        if !replace.isEmpty && replace.count != 2 { throw ValidationError("--replace takes <file> <kdamond index>") }
    }
}

/// `damo args accesses_filter`: the record filter options as JSON or YAML.
struct ArgsAccessesFilter: DamoCLICommand, ArgsAccessesFilterCommand {
    static let configuration = CommandConfiguration(
        commandName: "accesses_filter", abstract: "format DAMON monitoring results parser parameters")

    @OptionGroup var filters: RecordFilterArgs

    @Option(name: .customLong("format"), help: ArgumentHelp("format of the output", valueName: "json|yaml"))
    var format: String = "json"

    @Flag(name: .customLong("raw"), help: "print numbers in machine friendly raw form")
    var raw = false

    func validate() throws {
        guard ["json", "yaml"].contains(format) else {
            throw ValidationError("argument --format: invalid choice: '\(format)' (choose from 'json', 'yaml')")
        }
    }
}

/// `damo args accesses_format`: the format options of `report access` as
/// one format object, JSON or YAML.
struct ArgsAccessesFormat: DamoCLICommand, ArgsAccessesFormatCommand {
    static let configuration = CommandConfiguration(
        commandName: "accesses_format", abstract: "format DAMON monitoring results visualization parameters")

    @OptionGroup var formatOptions: AccessFormatArgs

    @Option(name: .customLong("output_format"), help: ArgumentHelp("format of the output", valueName: "json|yaml"))
    var outputFormat: String = "json"

    @Flag(name: .customLong("raw"), help: "print numbers in machine friendly raw form (the object has none to convert)")
    var raw = false

    func validate() throws {
        guard ["json", "yaml"].contains(outputFormat) else {
            throw ValidationError("argument --output_format: invalid choice: '\(outputFormat)' (choose from 'json', 'yaml')")
        }
    }
}
