import ArgumentParser

@main
struct Damo: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "damo")
    func run() throws {}
}
