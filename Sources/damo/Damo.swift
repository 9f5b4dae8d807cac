import ArgumentParser
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
    /// (`damo: ...`) on standard error; argument mistakes print
    /// ArgumentParser's message and usage.
    public static func run(_ arguments: [String], in env: DamoEnvironment) -> Int32 {
        do {
            var command = try Damo.parseAsRoot(NegativeValues.rewrite(Help.commandHelpArguments(arguments)))
            if let damoCommand = command as? DamoCLICommand {
                try damoCommand.run(in: env)
            } else {
                try command.run()
            }
            return 0
        } catch let exit as CommandExit {
            return exit.status
        } catch DamoError.usage(let message) {
            return argumentParserFailure(ValidationError(message), env)
        } catch let failure as DamoFailure {
            var line = "damo: " + failure.description
            if !line.hasSuffix("\n") { line += "\n" }
            env.output.writeError(line)
            return failure.exitStatus
        } catch {
            return argumentParserFailure(error, env)
        }
    }

    /// ArgumentParser's message (help, version, usage errors) and status.
    static func argumentParserFailure(_ error: Error, _ env: DamoEnvironment) -> Int32 {
        let code = Damo.exitCode(for: error)
        let text = Damo.fullMessage(for: error)
        if !text.isEmpty {
            if code == .success { env.output.writeMessage(text + "\n") } else { env.output.writeError(text + "\n") }
        }
        return code.rawValue
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
