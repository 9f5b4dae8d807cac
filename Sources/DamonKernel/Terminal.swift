import DamoPlatform

/// What damo needs to know about its standard output to page like damo.
public enum Terminal {
    public static var stdoutIsTerminal: Bool { isatty(1) == 1 }

    /// Rows of the terminal on stdout; nil when stdout is not a terminal.
    public static var stdoutRows: Int? {
        guard stdoutIsTerminal else { return nil }
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) != 0 || size.ws_row == 0 { return nil }
        return Int(size.ws_row)
    }

    /// Columns of the terminal on stdout; nil when stdout is not a terminal.
    public static var stdoutColumns: Int? {
        guard stdoutIsTerminal else { return nil }
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) != 0 || size.ws_col == 0 { return nil }
        return Int(size.ws_col)
    }

    /// Shows a file in `less` as damo does for long reports.
    public static func page(file path: String) throws {
        let (status, stderr) = try Processes.run("less", ["--RAW-CONTROL-CHARS", "--no-init", path], stdoutTo: 1)
        if status != 0 && !stderr.isEmpty {
            throw ProcessError("less failed: \(stderr.split(separator: "\n").first ?? "")")
        }
    }
}
