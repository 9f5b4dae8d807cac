#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
