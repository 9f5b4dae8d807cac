import SystemPackage

/// The programs a command starts: workloads DAMON monitors (left
/// running) and the tools run to completion (perf, less, python,
/// ImageMagick).  Commands take them from their environment.
public protocol Programs {
    /// The full path of a program on PATH.
    func find(_ name: String) -> String?
    /// A workload (`sh -c 'exec ...'`), left running; its pid.
    func spawnWorkload(_ commandLine: String) throws -> Int32
    /// A target command (`bash -c ...`), left running; its pid.
    func startCommand(_ commandLine: String) throws -> Int
    /// A command with its output discarded, left running; its pid.
    func spawnQuiet(_ commandLine: String) throws -> Int32
    /// Ends a workload that was started.
    func killWorkload(_ pid: Int32)
    /// Whether a started workload has exited (reaping it).
    func hasExited(_ pid: Int32) -> Bool
    /// Runs a program with its output to `output`; exit status (-signal)
    /// and standard error.
    func run(_ executable: String, _ arguments: [String], stdoutTo output: FileDescriptor) throws
        -> (status: Int32, stderr: String)
    /// Runs a program with its output to a new temporary file (the caller
    /// removes it).
    func runToTemporaryFile(_ executable: String, _ arguments: [String]) throws
        -> (path: String, status: Int32, stderr: String)
    /// Runs a program on our standard streams; exit status (-signal).
    func runInteractive(_ executable: String, _ arguments: [String]) throws -> Int32
}

/// The machine's programs.
public struct SystemPrograms: Programs {
    public init() {}
    public func find(_ name: String) -> String? { Processes.find(name) }
    public func spawnWorkload(_ commandLine: String) throws -> Int32 { try ProcessLauncher.spawnWorkload(commandLine) }
    public func startCommand(_ commandLine: String) throws -> Int { try ProcessLauncher.startCommand(commandLine) }
    public func spawnQuiet(_ commandLine: String) throws -> Int32 { try ProcessLauncher.spawnQuiet(commandLine) }
    public func killWorkload(_ pid: Int32) { ProcessLauncher.killWorkload(pid) }
    public func hasExited(_ pid: Int32) -> Bool { ProcessLauncher.hasExited(pid) }
    public func run(_ executable: String, _ arguments: [String], stdoutTo output: FileDescriptor) throws
        -> (status: Int32, stderr: String) { try Processes.run(executable, arguments, stdoutTo: output) }
    public func runToTemporaryFile(_ executable: String, _ arguments: [String]) throws
        -> (path: String, status: Int32, stderr: String) { try Processes.runToTemporaryFile(executable, arguments) }
    public func runInteractive(_ executable: String, _ arguments: [String]) throws -> Int32 {
        try Processes.runInteractive(executable, arguments)
    }
}
