/// A command line given as damo's monitoring target: damo starts it
/// (ProcessLauncher.startCommand or spawnWorkload) and monitors its pid.
public enum CommandTarget {
    /// Whether the first word of `command` is a program on PATH (damo's
    /// `which` test).
    public static func isCommand(_ command: String) -> Bool {
        guard let first = command.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).first else {
            return false
        }
        return Processes.find(String(first)) != nil
    }
}
