import DamoPlatform

extension Processes {
    /// Starts a workload command line (through the shell, which `exec`s
    /// it so that the pid is the workload's) and returns its pid without
    /// waiting: DAMON then monitors that process.
    public static func spawnWorkload(_ commandLine: String) throws -> Int32 {
        var pid: pid_t = 0
        let args = ["/bin/sh", "-c", "exec " + commandLine]
        var cargs: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) }
        cargs.append(nil)
        defer { for p in cargs { free(p) } }
        let rc = posix_spawn(&pid, "/bin/sh", nil, nil, cargs, environ)
        if rc != 0 {
            throw ProcessError("cannot run '\(commandLine)': \(errnoDescription(rc))")
        }
        return pid
    }

    /// Ends a workload damo started, when DAMON could not be started for it.
    public static func killWorkload(_ pid: Int32) {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }
}

extension Processes {
    /// Runs a program on damo's own standard streams (an interactive
    /// `perf report`) and returns its exit status (-signal if killed).
    public static func runInteractive(_ executable: String, _ arguments: [String]) throws -> Int32 {
        guard let path = find(executable) else {
            throw ProcessError("'\(executable)' is not installed (not found on PATH)")
        }
        var pid: pid_t = 0
        var cargs: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for p in cargs { free(p) } }
        let rc = posix_spawn(&pid, path, nil, nil, cargs, environ)
        if rc != 0 { throw ProcessError("cannot run \(executable): \(errnoDescription(rc))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : -signal
    }
}

extension Processes {
    /// Starts a command line through bash with its output discarded (the
    /// workload `damo monitor` starts) and returns its pid.
    public static func spawnQuiet(_ commandLine: String) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var pid: pid_t = 0
        let argv: [String] = ["/bin/bash", "-c", commandLine]
        var cargs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cargs { free(p) } }
        let rc = posix_spawn(&pid, "/bin/bash", &actions, nil, cargs, environ)
        if rc != 0 { throw ProcessError("cannot run '\(commandLine)': \(errnoDescription(rc))") }
        return pid
    }
}
