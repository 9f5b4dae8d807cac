import DamoPlatform
import DamonModel

/// A `perf record` running beside damo (DAMON tracepoints, or the CPU
/// profile), stopped with SIGINT as perf expects.  Its output goes to a
/// file given by the caller; its messages to a log kept for errors.
public final class PerfRecorder {
    public let output: String
    let program: String
    let pid: pid_t
    let logPath: String
    var exited: Int32?
    /// Seconds a recorder may go without progress (CPU time used, its
    /// output growing) after SIGINT before it is killed, and the most it
    /// gets in all: perf and trace-cmd complete their files within seconds
    /// (perf longer while it adds build ids to a long recording), but a
    /// stuck one would hold damo for good.
    public var stopGrace = 5.0
    public var stopLimit = 120.0
    /// Why it had to be killed, when it had to.
    public private(set) var killedBecause: String?
    /// Whether it prints its events (to its log) rather than writing a
    /// file, as `trace-cmd stream` and `perf trace` do: killing one then
    /// loses nothing, since what it printed is all there is, so a kill is
    /// not a failure (`problem()`).
    public var streams = false

    /// Starts `perf record -a -k CLOCK_MONOTONIC -o OUTPUT ARGS...`: system
    /// wide, with the time stamps of CLOCK_MONOTONIC so that records and
    /// profiles of one recording share a clock.
    public convenience init(perf: String, output: String, arguments: [String]) throws {
        try self.init(program: perf, arguments: ["record", "-a", "-k", "CLOCK_MONOTONIC", "-o", output] + arguments,
                      output: output)
    }

    /// Starts another recorder stopped the same way (`trace-cmd record`).
    public init(program: String, arguments: [String], output: String) throws {
        guard let path = Processes.find(program) else {
            throw ProcessError("'\(program)' is not installed (not found on PATH)")
        }
        self.output = output
        self.program = program
        logPath = Processes.temporaryDirectory() + "/damo-perf-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).log"
        // In a process group of its own, which the SIGINT and a SIGKILL go
        // to: trace-cmd's per-CPU readers are its children.  (A terminal's
        // Ctrl-C reaches damo only, which passes it on.)
        let (child, rc) = ProcessLauncher.spawnLogged(path, arguments, log: logPath)
        if rc != 0 { throw ProcessError("cannot run \(program): \(errnoDescription(rc))") }
        pid = child
    }

    /// The program's standard output and error, as it writes them.
    public var log: String { logPath }

    deinit { unlink(logPath) }

    /// Whether perf still runs; collects its status once it ended.
    public var isRunning: Bool {
        if exited != nil { return false }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid {
            exited = status
            return false
        }
        return true
    }

    /// Stops perf (SIGINT), waits for it to write its file, and returns
    /// nil or what went wrong (perf's first error line).  One that does not
    /// end in time (`stopGrace`, `stopLimit`) is killed and its output
    /// removed, since it is incomplete (with trace-cmd's per-CPU files
    /// beside it).
    @discardableResult
    public func stop() -> String? {
        if exited == nil {
            // (to the group, as a terminal's Ctrl-C: `trace-cmd stream`
            // waits for ever when only its parent gets it)
            kill(-pid, SIGINT)
            let (status, why) = waitWhileProgressing()
            exited = status
            if let why {
                kill(-pid, SIGKILL)
                exited = ProcessLauncher.waitStatus(pid)
                killedBecause = why
                if !streams { Files.removeWithCompanions(output) }
            }
        }
        return problem()
    }

    /// Waits for it to end: its wait status, or why it is given up on
    /// (`stopGrace` seconds without progress, or `stopLimit` in all).
    func waitWhileProgressing() -> (status: Int32?, givenUp: String?) {
        let start = LiveSnapshots.monotonicNs()
        var progressAt = start
        var last = progress()
        while true {
            if let status = ProcessLauncher.waitStatus(pid, within: 0.25) { return (status, nil) }
            let now = LiveSnapshots.monotonicNs(), current = progress()
            if current != last { (last, progressAt) = (current, now) }
            if Double(now - progressAt) >= stopGrace * 1e9 {
                return (nil, "\(PyFormat.repr(stopGrace)) seconds without progress")
            }
            if Double(now - start) >= stopLimit * 1e9 { return (nil, "\(PyFormat.repr(stopLimit)) seconds") }
        }
    }

    /// What shows a recorder working: its group's CPU time and its output's size.
    func progress() -> [Int] {
        [ProcFS.groupCPUTicks(Int(pid)), ProcFS.fileSize(output) ?? -1]
    }

    /// perf's complaint when it failed (exited with an error, or was
    /// killed), else nil.
    public func problem() -> String? {
        guard let status = exited else { return nil }
        if let why = killedBecause {
            if streams { return nil }
            return "it did not end after SIGINT (\(why)); it was killed and its output dropped"
        }
        let code = (status >> 8) & 0xff, signal = status & 0x7f
        if signal == 0 && code == 0 { return nil }
        // Stopped by our SIGINT counts as success.
        if signal == SIGINT || (signal == 0 && code == 130) { return nil }
        let log = ProcFS.read(logPath) ?? ""
        let line = log.split(separator: "\n").first { !$0.hasPrefix("[ perf record:") && !$0.hasPrefix("CPU") && !$0.hasPrefix("Hit Ctrl") && !$0.isEmpty }
        return line.map(String.init) ?? "\(program) exited with status \(code)"
    }
}
