import DamoPlatform

/// Versions of the tools damo can use, as `report sysinfo` shows them.
public enum HostTools {
    /// Lines a program printed (standard output, then error).
    static func output(_ executable: String, _ arguments: [String]) -> [String]? {
        guard let run = try? Processes.runToTemporaryFile(executable, arguments) else { return nil }
        defer { unlink(run.path) }
        let text = (ProcFS.read(run.path) ?? "") + run.stderr
        return text.split(separator: "\n").map(String.init)
    }

    /// perf's path on PATH, if installed.
    public static var perfPath: String? { Processes.find("perf") }

    public static func perfVersion() -> String? {
        guard let perf = Processes.find("perf") else { return nil }
        return output(perf, ["--version"])?.first
    }

    public static func traceCmdVersion() -> String? {
        guard let tool = Processes.find("trace-cmd"), let lines = output(tool, []) else { return nil }
        for line in lines where line.hasPrefix("trace-cmd version ") {
            return line.split(separator: " ").dropFirst(2).joined(separator: " ")
        }
        return nil
    }
}
