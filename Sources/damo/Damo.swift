import ArgumentParser
import Foundation
import DamoCommands
import DamonKernel
import DamonModel

/// The damo command line: ArgumentParser's declarations of every command
/// and option, each command calling what it does in DamoCommands.
struct Damo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "damo",
        abstract: "Monitor and manage data access patterns with DAMON.",
        version: damoVersion,
        // In damo 3.4.3's order (record, module, reclaim, lru_sort and
        // monitor go where damo lists them).
        subcommands: [
            Start.self, Tune.self, Stop.self, RecordCommand.self, Report.self, Replay.self,
            Module.self, Reclaim.self, LruSort.self,
            SetupCLICompletion.self, Help.self, Args.self, Version.self, Schemes.self, Monitor.self,
            Features.self, Validate.self, Adjust.self, ConvertRecordFormat.self, Diagnose.self, Metrics.self,
            // Older names, still accepted.
            Status.self, Show.self, FmtJSON.self, TranslateDamos.self,
        ])
}

/// A damo command: its options, and the call of what it does in an
/// environment (the process's, or a test's).
protocol DamoCLICommand: ParsableCommand {
    func run(in env: DamoEnvironment) throws
}

extension DamoCLICommand {
    func run() throws { try run(in: .process(arguments: Array(CommandLine.arguments.dropFirst()))) }
}

/// Running damo: the command line parsed, the command run, and every
/// failure told in one place.
public enum DamoMain {
    /// Runs the command line (after the program name) in `env` and
    /// returns the exit status: failures of damo's family print one line
    /// (`damo: ...`, status 1 unless the failure says otherwise); argument
    /// mistakes print argparse's error line (`damo report wss: error:
    /// ...`, status 2, without argparse's usage line: `--help` shows it).
    public static func run(_ arguments: [String], in env: DamoEnvironment) -> Int32 {
        let arguments = NegativeValues.rewrite(LastOccurrence.rewrite(Help.commandHelpArguments(arguments)))
        let words = CommandWords(arguments)
        if let message = words.unknownCommand {
            return usageError(message, words, env)
        }
        do {
            var command = try Damo.parseAsRoot(arguments)
            if let damoCommand = command as? DamoCLICommand {
                try damoCommand.run(in: env)
            } else {
                try command.run()
            }
            return 0
        } catch let exit as CommandExit {
            return exit.status
        } catch DamoError.usage(let message) {
            return usageError(message, words, env)
        } catch let failure as DamoFailure {
            env.output.writeError("damo: " + oneLine(failure.description) + "\n")
            return failure.exitStatus
        } catch {
            return argumentParserFailure(error, words, env)
        }
    }

    /// A mistake in the command line, as argparse's error line.
    static func usageError(_ message: String, _ words: CommandWords, _ env: DamoEnvironment) -> Int32 {
        env.output.writeError("\(words.name): error: \(oneLine(message))\n")
        return DamoError.usage(message).exitStatus
    }

    /// A message of several lines (a parser's context lines, a text given
    /// on the command line) as one line: its lines joined, caret lines
    /// left out.
    static func oneLine(_ message: String) -> String {
        message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.allSatisfy { $0 == "^" || $0 == "~" } }.joined(separator: "; ")
    }

    /// ArgumentParser's help and version on standard output; its errors
    /// as damo's usage errors.
    static func argumentParserFailure(_ error: Error, _ words: CommandWords, _ env: DamoEnvironment) -> Int32 {
        // An exit status thrown on purpose carries no message.
        if let exit = error as? ExitCode { return exit.rawValue }
        let code = Damo.exitCode(for: error)
        if code == .success {
            let text = Damo.fullMessage(for: error)
            if !text.isEmpty { env.output.writeMessage(text + "\n") }
            return code.rawValue
        }
        return usageError(Damo.message(for: error), words, env)
    }

    /// damo, as a program.
    public static func main() -> Never {
        let arguments = Array(CommandLine.arguments.dropFirst())
        ThisProcess.exit(run(arguments, in: .process(arguments: arguments)))
    }
}

struct Version: DamoCLICommand {
    static let configuration = CommandConfiguration(abstract: "Print the version number of damo.")
    func run(in env: DamoEnvironment) throws { try env.show(damoVersion) }
}
