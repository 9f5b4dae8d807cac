import ArgumentParser
import DamoCommands

/// `damo setup_cli_completion`: a completion script for bash, zsh or fish
/// (swift-argument-parser's, covering every command and option), saved to
/// a file to `source`, as damo does for bash.
struct SetupCLICompletion: DamoCLICommand, SetupCLICompletionCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup_cli_completion", abstract: "setup command line auto-completion")

    @Option(name: .customLong("shell"), help: ArgumentHelp("the shell to complete for (default: that of $SHELL, else bash)",
                                                           valueName: "bash|zsh|fish"))
    var shell: String?

    @Flag(name: .customLong("print"), help: "print the script instead of saving it to a file")
    var printScript = false

    func completionScript(for shell: String) -> String {
        CompletionShell(rawValue: shell).map { Damo.completionScript(for: $0) } ?? ""
    }
}
