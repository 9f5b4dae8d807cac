import DamoPlatform

/// Starting a command line to monitor, as damo does for a command given
/// as its target: `/bin/bash -c <command>`, sharing our standard streams,
/// left running.
public enum CommandTarget {
    /// Whether the first word of `command` is a program on PATH (damo's
    /// `which` test).
    public static func isCommand(_ command: String) -> Bool {
        guard let first = command.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).first else {
            return false
        }
        return Processes.find(String(first)) != nil
    }

    /// Starts the command; returns its pid.
    public static func start(_ command: String) throws -> Int {
        var pid: pid_t = 0
        let argv = ["/bin/bash", "-c", command]
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for a in cArgs { free(a) } }
        let status = posix_spawn(&pid, "/bin/bash", nil, nil, &cArgs, environ)
        if status != 0 {
            throw ProcessError("cannot start '\(command)' (\(String(cString: strerror(status))))")
        }
        return Int(pid)
    }
}
