import DamoPlatform

/// Programs damo starts and leaves running (workloads to monitor, `perf
/// record` beside a recording): the one place where processes are
/// spawned without waiting.  swift-subprocess owns a process for as long
/// as its `run` lasts, which these outlive, so they go through
/// posix_spawn here; programs damo runs to completion go through
/// swift-subprocess (Processes.run).
public enum ProcessLauncher {
    /// What a child's standard stream is connected to.
    enum Stream {
        case inherited
        case devNull
        /// A file opened for writing (created, truncated).
        case file(String)
        /// Same as another of the child's descriptors.
        case sameAs(Int32)
    }

    /// Spawns `argv` (argv[0] is the program's path) with the streams
    /// given for descriptors 0, 1 and 2; `defaultSignals` gives the child
    /// an empty signal mask and default SIGINT/SIGTERM handling; `ownGroup`
    /// a process group of its own (signalled whole as `-pid`).
    static func spawn(_ argv: [String], stdin: Stream = .inherited, stdout: Stream = .inherited,
                      stderr: Stream = .inherited, defaultSignals: Bool = false,
                      ownGroup: Bool = false) -> (pid: pid_t, error: Int32) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (fd, stream) in [(Int32(0), stdin), (1, stdout), (2, stderr)] {
            switch stream {
            case .inherited: break
            case .devNull: posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
            case .file(let path): posix_spawn_file_actions_addopen(&actions, fd, path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            case .sameAs(let other): posix_spawn_file_actions_adddup2(&actions, other, fd)
            }
        }
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var flags: Int32 = 0
        if defaultSignals {
            var none = sigset_t()
            sigemptyset(&none)
            posix_spawnattr_setsigmask(&attr, &none)
            var defaults = sigset_t()
            sigemptyset(&defaults)
            sigaddset(&defaults, SIGINT)
            sigaddset(&defaults, SIGTERM)
            posix_spawnattr_setsigdefault(&attr, &defaults)
            flags |= Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        }
        if ownGroup {
            posix_spawnattr_setpgroup(&attr, 0)
            flags |= Int32(POSIX_SPAWN_SETPGROUP)
        }
        posix_spawnattr_setflags(&attr, Int16(flags))
        let cargs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for a in cargs { free(a) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, &attr, cargs, environ)
        return (pid, rc)
    }

    /// Starts a workload command line (through the shell, which `exec`s
    /// it so that the pid is the workload's) and returns its pid without
    /// waiting: DAMON then monitors that process.
    public static func spawnWorkload(_ commandLine: String) throws -> Int32 {
        let (pid, rc) = spawn(["/bin/sh", "-c", "exec " + commandLine])
        if rc != 0 { throw ProcessError("cannot run '\(commandLine)': \(errnoDescription(rc))") }
        return pid
    }

    /// Starts a command line as damo does for a command given as its
    /// target: `/bin/bash -c <command>`, sharing our standard streams, left
    /// running.  Returns its pid.
    public static func startCommand(_ commandLine: String) throws -> Int {
        let (pid, rc) = spawn(["/bin/bash", "-c", commandLine])
        if rc != 0 { throw ProcessError("cannot start '\(commandLine)' (\(errnoDescription(rc)))") }
        return Int(pid)
    }

    /// Starts a command line through bash with its output discarded (the
    /// workload `damo monitor` starts) and returns its pid.
    public static func spawnQuiet(_ commandLine: String) throws -> Int32 {
        let (pid, rc) = spawn(["/bin/bash", "-c", commandLine], stdout: .devNull, stderr: .sameAs(1))
        if rc != 0 { throw ProcessError("cannot run '\(commandLine)': \(errnoDescription(rc))") }
        return pid
    }

    /// Starts a program in the background with no input and its messages
    /// in `log` (perf record), in a process group of its own.  It gets the
    /// default SIGINT, which is how it is asked to stop.
    static func spawnLogged(_ path: String, _ arguments: [String], log: String) -> (pid: pid_t, error: Int32) {
        spawn([path] + arguments, stdin: .devNull, stdout: .file(log), stderr: .sameAs(1), defaultSignals: true,
              ownGroup: true)
    }

    /// Ends a workload damo started, when DAMON could not be started for it.
    public static func killWorkload(_ pid: Int32) {
        kill(pid, SIGKILL)
        _ = waitStatus(pid)
    }

    /// Whether a child damo started has exited (and is reaped now).
    public static func hasExited(_ pid: Int32) -> Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == pid
    }

    /// Waits for a child to end (through signals); its wait status.
    static func waitStatus(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status
    }

    /// Waits up to `seconds` for a child to end; its wait status, or nil
    /// if it still runs.  (Not StopSignals' sleep: a stop signal damo has
    /// received must not cut this wait short.)
    static func waitStatus(_ pid: pid_t, within seconds: Double) -> Int32? {
        let deadline = LiveSnapshots.monotonicNs() + Int(seconds * 1e9)
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { return status }
            if r < 0 && errno != EINTR { return nil }
            if LiveSnapshots.monotonicNs() >= deadline { return nil }
            var slice = timespec(tv_sec: 0, tv_nsec: 20_000_000)
            nanosleep(&slice, nil)
        }
    }
}
