import ArgumentParser

struct Args: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate complex command arguments for other commands.",
        subcommands: [ArgsDamon.self])
}
