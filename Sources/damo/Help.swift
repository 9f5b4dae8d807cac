import ArgumentParser
import DamoReports

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

struct HelpDamonParamOptions: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "damon_param_options", abstract: "DAMON parameter command line options",
        discussion: "help for DAMON parameters command line options")

    enum Category: String, ExpressibleByArgument, CaseIterable { case all, monitoring, damos }

    @Argument(help: "category of DAMON parameters to get help for")
    var category: Category

    func run() throws {
        let help = ArgparseHelp()
        let text: String
        switch category {
        case .all:
            text = "command line options for all DAMON parameters\n\n"
                + help.format([("positional arguments:", [HelpTopics.deducibleTarget]),
                               ("options:", HelpTopics.common + HelpTopics.monitoring + HelpTopics.damos)])
                + "\nAlso there are command line options for setting only monitoring and DAMOS-part DAMON parameters."
                + " Use 'damo help damon_param_options {monitoring,damos}' for those."
        case .monitoring:
            text = "command line options for monitoring-part DAMON parameters\n\n"
                + help.format([(nil, HelpTopics.common + HelpTopics.monitoring)])
        case .damos:
            text = "command line options for DAMOS parameters\n\n"
                + help.format([(nil, HelpTopics.common + HelpTopics.damos)])
        }
        writeStdout(text + "\n")
    }
}

struct HelpAccessFilterOptions: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "access_filter_options", abstract: "DAMON monitoring results filtering options",
        discussion: "help for DAMON monitoring results filtering options")

    func run() throws {
        // damo's title for this topic, word for word.
        writeStdout("command line options for monitoring results visualization options\n"
                        + ArgparseHelp().format([(nil, HelpTopics.accessFilter)]) + "\n")
    }
}

struct HelpAccessFormatOptions: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "access_format_options", abstract: "DAMON monitoring results visualization options",
        discussion: "help for DAMON monitoring results visualization options")

    enum Subtopic: String, ExpressibleByArgument, CaseIterable {
        case options
        case recordFormatKeywords = "record_format_keywords"
        case snapshotFormatKeywords = "snapshot_format_keywords"
        case regionFormatKeywords = "region_format_keywords"
    }

    @Argument(help: "sub-topic to get help")
    var subtopic: Subtopic = .options

    func run() throws {
        let keywords: [(name: String, help: String)]
        switch subtopic {
        case .options:
            writeStdout("command line options for monitoring results visualization options\n"
                            + ArgparseHelp().format([(nil, HelpTopics.accessFormat)]) + "\n")
            return
        case .recordFormatKeywords: keywords = AccessKeywordHelp.record
        case .snapshotFormatKeywords: keywords = AccessKeywordHelp.snapshot
        case .regionFormatKeywords: keywords = AccessKeywordHelp.region
        }
        writeStdout(keywords.map { "\($0.name)\n\($0.help)" }.joined(separator: "\n\n") + "\n")
    }
}
