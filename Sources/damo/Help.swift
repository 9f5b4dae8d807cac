import ArgumentParser
import DamoCommands

/// `damo help <topic>`: the options that several commands share, and the
/// keywords of `report access` format templates.  `damo help <command>`
/// shows a command's help, as the usage messages suggest (see
/// `commandHelpArguments`).
struct Help: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "provide help for given topics",
        subcommands: [HelpDamonParamOptions.self, HelpAccessFilterOptions.self, HelpAccessFormatOptions.self])

    /// `help <command words>` as `<command words> --help`, when the words
    /// name a command rather than a topic.
    static func commandHelpArguments(_ arguments: [String]) -> [String] {
        guard arguments.first == "help", arguments.count > 1 else { return arguments }
        let words = Array(arguments.dropFirst())
        if configuration.subcommands.contains(where: { $0._commandName == words[0] }) { return arguments }
        var type: ParsableCommand.Type = Damo.self
        for word in words {
            guard let sub = type.configuration.subcommands.first(where: { $0._commandName == word }) else {
                return arguments
            }
            type = sub
        }
        return words + ["--help"]
    }
}

struct HelpDamonParamOptions: DamoCLICommand {
    static let configuration = CommandConfiguration(
        commandName: "damon_param_options", abstract: "DAMON parameter command line options",
        discussion: "help for DAMON parameters command line options")

    @Argument(help: "category of DAMON parameters to get help for")
    var category: HelpTopic.DamonParamsCategory?

    func run(in env: DamoEnvironment) throws {
        guard let category else {
            let list = HelpTopic.DamonParamsCategory.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            throw DamoError.usage("the following arguments are required: category (choose from \(list))")
        }
        env.showHelp(.damonParamOptions(category))
    }
}

struct HelpAccessFilterOptions: DamoCLICommand {
    static let configuration = CommandConfiguration(
        commandName: "access_filter_options", abstract: "DAMON monitoring results filtering options",
        discussion: "help for DAMON monitoring results filtering options")

    func run(in env: DamoEnvironment) throws { env.showHelp(.accessFilterOptions) }
}

struct HelpAccessFormatOptions: DamoCLICommand {
    static let configuration = CommandConfiguration(
        commandName: "access_format_options", abstract: "DAMON monitoring results visualization options",
        discussion: "help for DAMON monitoring results visualization options")

    @Argument(help: "sub-topic to get help")
    var subtopic: HelpTopic.AccessFormatSubtopic = .options

    func run(in env: DamoEnvironment) throws { env.showHelp(.accessFormatOptions(subtopic)) }
}

extension HelpTopic.DamonParamsCategory: ExpressibleByArgument {}
extension HelpTopic.AccessFormatSubtopic: ExpressibleByArgument {}
