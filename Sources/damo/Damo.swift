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
        subcommands: [
            Start.self, Tune.self, Stop.self, RecordCommand.self, Report.self, Args.self,
            Monitor.self, Adjust.self, ConvertRecordFormat.self, Validate.self, Version.self,
            // Older names, still accepted.
            Status.self,
        ])

    /// Errors of input and environment get one line on stderr and exit 1;
    /// argument mistakes get ArgumentParser's usage message.
    static func main() {
        do {
            var command = try parseAsRoot(NegativeValues.rewrite(Aliases.rewrite(Array(CommandLine.arguments.dropFirst()))))
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

/// Commands of older damo releases that are spelled as a newer one.
enum Aliases {
    /// `show`: `report access`.
    static func rewrite(_ arguments: [String]) -> [String] {
        guard arguments.first == "show" else { return arguments }
        return ["report", "access"] + arguments.dropFirst()
    }
}

/// The release of damo whose command lines, files and output we follow.
let damoVersion = "3.4.3"

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the version number of damo.")
    func run() throws { try ReportOutput.show(damoVersion) }
}
