import ArgumentParser
import DamonKernel

import DamoPlatform

/// `damo setup_cli_completion`: a completion script for bash, zsh or fish
/// (swift-argument-parser's, covering every command and option), saved to
/// a file to `source`, as damo does for bash.
struct SetupCLICompletion: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup_cli_completion", abstract: "setup command line auto-completion")

    @Option(name: .customLong("shell"), help: ArgumentHelp("the shell to complete for (default: that of $SHELL, else bash)",
                                                           valueName: "bash|zsh|fish"))
    var shell: String?

    @Flag(name: .customLong("print"), help: "print the script instead of saving it to a file")
    var printScript = false

    func run() throws {
        let name = shell ?? Self.loginShell()
        guard let completionShell = CompletionShell(rawValue: name), ["bash", "zsh", "fish"].contains(name) else {
            throw CLIError("--shell must be bash, zsh or fish ('\(name)' given)")
        }
        let script = Self.withoutBuiltinHelp(Damo.completionScript(for: completionShell), shell: name)
        if printScript {
            writeStdout(script.hasSuffix("\n") ? script : script + "\n")
            return
        }
        var template = Array((Processes.temporaryDirectory() + "/damo_completion_script-XXXXXX").utf8CString)
        let fd = mkstemp(&template)
        guard fd >= 0 else { throw CLIError("cannot create a file for the completion script: \(errnoDescription())") }
        let path = stringFromCChars(template)
        var text = script
        let ok = text.withUTF8 { bytes in
            var off = 0
            while off < bytes.count {
                let n = write(fd, bytes.baseAddress! + off, bytes.count - off)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return false }
                off += n
            }
            return true
        }
        close(fd)
        guard ok else {
            unlink(path)
            throw CLIError("cannot write the completion script to \(path): \(errnoDescription())")
        }
        let rc = name == "bash" ? ".bashrc" : name == "zsh" ? ".zshrc" : "config.fish"
        writeStdout("""
            It is nearly done, and need one more step.
            Please execute "source \(path)" on your shell.

            Note that this works only for the current shell session.
            For permanent completion setup, save "\(path)" somewhere,
            and modify your \(rc) like things to execute the 
            "source" of the saved file for every session.

            """)
    }

    /// swift-argument-parser adds its own `help` command after ours, whose
    /// completion functions would replace those of our `help` topics; its
    /// parts are taken out of the script.
    static func withoutBuiltinHelp(_ script: String, shell: String) -> String {
        var lines = script.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeAll { $0.contains("Show subcommand help information.") }
        switch shell {
        case "fish":
            if let i = lines.lastIndex(where: { $0.drop(while: { $0 == " " }) == "case 'help'" }),
               i + 1 < lines.count, lines[i + 1].contains("__damo_parse_subcommand -r") {
                lines.removeSubrange(i...(i + 1))
            }
        default:
            // The second definition of _damo_help, up to its closing brace.
            let definitions = lines.indices.filter { lines[$0] == "_damo_help() {" }
            if definitions.count > 1, let end = lines[definitions[1]...].firstIndex(of: "}") {
                lines.removeSubrange(definitions[1]...end)
                if end - definitions[1] + 1 < lines.count, lines[definitions[1]].isEmpty {
                    lines.remove(at: definitions[1])
                }
            }
            // The command lists name `help` twice; the last one goes.
            for i in lines.indices {
                lines[i] = dropLastDuplicate(lines[i], separator: "|", end: ")")
                lines[i] = dropLastDuplicate(lines[i], separator: " ", end: "'")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// `a|help|b|help)` without its last `|help` (or the same with spaces
    /// and a closing quote): the built-in command listed after ours.
    static func dropLastDuplicate(_ line: String, separator: Character, end: Character) -> String {
        let chars = Array(line)
        let earlier = Array(String(separator) + "help" + String(separator))
        let last = Array(String(separator) + "help" + String(end))
        func occurrences(_ pattern: [Character]) -> [Int] {
            guard chars.count >= pattern.count else { return [] }
            return (0...(chars.count - pattern.count)).filter { Array(chars[$0..<$0 + pattern.count]) == pattern }
        }
        guard !occurrences(earlier).isEmpty, let at = occurrences(last).last else { return line }
        return String(chars[..<at]) + String(chars[(at + last.count - 1)...])
    }

    /// The shell of $SHELL when it is one we complete for.
    static func loginShell() -> String {
        guard let env = getenv("SHELL") else { return "bash" }
        let base = String(cString: env).split(separator: "/").last.map(String.init) ?? ""
        return ["bash", "zsh", "fish"].contains(base) ? base : "bash"
    }
}
