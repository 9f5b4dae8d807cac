import DamonKernel

/// `damo setup_cli_completion`: a completion script for bash, zsh or fish
/// (the argument parser's, covering every command and option), saved to
/// a file to `source`, as damo does for bash.
public protocol SetupCLICompletionCommand {
    var shell: String? { get }
    var printScript: Bool { get }
    /// The argument parser's script for a shell (bash, zsh or fish).
    func completionScript(for shell: String) -> String
}

extension SetupCLICompletionCommand {
    public func run(in env: DamoEnvironment) throws {
        let name = shell ?? CompletionScript.loginShell()
        guard ["bash", "zsh", "fish"].contains(name) else {
            throw DamoError("--shell must be bash, zsh or fish ('\(name)' given)")
        }
        let script = CompletionScript.withoutBuiltinHelp(completionScript(for: name), shell: name)
        if printScript {
            env.output.writeMessage(script.hasSuffix("\n") ? script : script + "\n")
            return
        }
        let path: String
        do { path = try TemporaryFile.write(script, "damo_completion_script-XXXXXX") } catch {
            switch error {
            case .create(let e):
                throw DamoError("cannot create a file for the completion script: \(e.text)")
            case .write(let path, let e):
                throw DamoError("cannot write the completion script to \(path): \(e.text)")
            }
        }
        let rc = name == "bash" ? ".bashrc" : name == "zsh" ? ".zshrc" : "config.fish"
        env.output.writeMessage("""
            It is nearly done, and need one more step.
            Please execute "source \(path)" on your shell.

            Note that this works only for the current shell session.
            For permanent completion setup, save "\(path)" somewhere,
            and modify your \(rc) like things to execute the 
            "source" of the saved file for every session.

            """)
    }
}

enum CompletionScript {
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
        guard let env = ThisProcess.environment("SHELL") else { return "bash" }
        let base = env.split(separator: "/").last.map(String.init) ?? ""
        return ["bash", "zsh", "fish"].contains(base) ? base : "bash"
    }
}
