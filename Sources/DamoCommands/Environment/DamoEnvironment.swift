import DamonKernel
import DamonModel
import DamonRecords

/// The release of damo whose command lines, files and output we follow.
public let damoVersion = "3.4.3"

/// What a command takes from outside itself: its command line, DAMON's
/// files, the output streams, the programs it starts and the clock.  The
/// damo program runs commands in `.process`; tests give an emulated
/// kernel, captured output and their own clock.
public struct DamoEnvironment {
    /// The command line after the program name.  Options that damo takes
    /// several times with several values each are grouped per occurrence
    /// from it, as argparse sees them.
    public var arguments: [String]
    /// Where DAMON's interface files are.
    public var damonFiles: DamonFiles
    /// Standard output and error.
    public var output: DamoOutput
    /// Workloads to monitor and the tools damo runs.
    public var programs: Programs
    public var clock: DamoClock
    /// What building parameters asks of the machine.
    public var host: DamonParamsHost
    /// damo itself, for commands that run damo's other commands (monitor).
    public var damoExecutable: String
    /// perf.data records' `perf script` text, converted once per file
    /// however many passes read it.
    public var perfScriptTexts = PerfScriptTexts { try Perf.script(input: $0, to: $1) }

    public init(arguments: [String], damonFiles: DamonFiles, output: DamoOutput, programs: Programs,
                clock: DamoClock, host: DamonParamsHost, damoExecutable: String) {
        self.arguments = arguments
        self.damonFiles = damonFiles
        self.output = output
        self.programs = programs
        self.clock = clock
        self.host = host
        self.damoExecutable = damoExecutable
    }

    /// This process: the machine's DAMON, standard streams and programs.
    public static func process(arguments: [String]) -> DamoEnvironment {
        DamoEnvironment(arguments: arguments, damonFiles: .system, output: ProcessOutput(), programs: SystemPrograms(),
                        clock: .system, host: .system, damoExecutable: ProcFS.selfExecutable ?? CommandLine.arguments[0])
    }

    /// Messages for the user on standard output, written at once.
    public func say(_ text: String) { output.writeMessage(text + "\n") }

    /// Record files, read with this environment's perf for perf.data.
    public func perfScript() -> PerfScriptTexts { perfScriptTexts }
}
