import DamoPlatform

/// A `perf record` running beside damo (DAMON tracepoints, or the CPU
/// profile), stopped with SIGINT as perf expects.  Its output goes to a
/// file given by the caller; its messages to a log kept for errors.
public final class PerfRecorder {
    public let output: String
    let program: String
    let pid: pid_t
    let logPath: String
    var exited: Int32?

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
        // perf must get the SIGINT damo sends it; a terminal's Ctrl-C
        // reaches it too (same process group), which is fine.
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
    /// nil or what went wrong (perf's first error line).
    @discardableResult
    public func stop() -> String? {
        if exited == nil {
            kill(pid, SIGINT)
            exited = ProcessLauncher.waitStatus(pid)
        }
        return problem()
    }

    /// perf's complaint when it failed (exited with an error), else nil.
    public func problem() -> String? {
        guard let status = exited else { return nil }
        let code = (status >> 8) & 0xff, signal = status & 0x7f
        if signal == 0 && code == 0 { return nil }
        // Stopped by our SIGINT counts as success.
        if signal == SIGINT || (signal == 0 && code == 130) { return nil }
        let log = ProcFS.read(logPath) ?? ""
        let line = log.split(separator: "\n").first { !$0.hasPrefix("[ perf record:") && !$0.hasPrefix("CPU") && !$0.hasPrefix("Hit Ctrl") && !$0.isEmpty }
        return line.map(String.init) ?? "\(program) exited with status \(code)"
    }
}
