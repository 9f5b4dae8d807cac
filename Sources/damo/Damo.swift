import ArgumentParser
import DamonKernel
import DamonModel
import DamonRecords
import DamoReports

@main
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

    /// Errors of input and environment get one line on stderr and exit 1;
    /// argument mistakes get ArgumentParser's usage message.
    static func main() {
        do {
            var command = try parseAsRoot(NegativeValues.rewrite(Help.commandHelpArguments(Array(CommandLine.arguments.dropFirst()))))
            try command.run()
        } catch let e as CLIError {
            fail(e.description)
        } catch let e as RecordFileError {
            fail(e.description)
        } catch let e as ReportError {
            fail(e.description)
        } catch let e as UnitParseError {
            fail(e.description)
        } catch let e as ProcessError {
            fail(e.description)
        } catch let e as DamonControlError {
            fail(e.description)
        } catch let e as DamonFSError {
            fail(e.description)
        } catch let e as RecordingError {
            fail(e.description)
        } catch let e as LiveSnapshotUnsupported {
            fail(e.description)
        } catch {
            exit(withError: error)
        }
    }

    static func fail(_ message: String) -> Never {
        printError("damo: " + message)
        processExit(1)
    }
}

/// The release of damo whose command lines, files and output we follow.
let damoVersion = "3.4.3"

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the version number of damo.")
    func run() throws { try ReportOutput.show(damoVersion) }
}
