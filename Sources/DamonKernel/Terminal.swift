import DamoPlatform
import SystemPackage

/// What damo needs to know about its standard output to page like damo.
public enum Terminal {
    public static var stdoutIsTerminal: Bool { isatty(1) == 1 }

    /// Rows of the terminal on stdout; nil when stdout is not a terminal.
    public static var stdoutRows: Int? { windowSize()?.rows }

    /// Columns of the terminal on stdout; nil when stdout is not a terminal.
    public static var stdoutColumns: Int? { windowSize()?.columns }

    static func windowSize() -> (rows: Int?, columns: Int?)? {
        guard stdoutIsTerminal else { return nil }
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) != 0 { return nil }
        return (size.ws_row == 0 ? nil : Int(size.ws_row), size.ws_col == 0 ? nil : Int(size.ws_col))
    }

    /// Shows a file in `less` as damo does for long reports.
    public static func page(file path: String) throws {
        let (status, stderr) = try Processes.run("less", ["--RAW-CONTROL-CHARS", "--no-init", path],
                                                 stdoutTo: .standardOutput)
        if status != 0 && !stderr.isEmpty {
            throw ProcessError("less failed: \(stderr.split(separator: "\n").first ?? "")")
        }
    }
}

/// damo's standard output and error.  Reports are written at once, and a
/// report that cannot be written ends damo (quietly for a closed pipe, as
/// `damo ... | head` makes); messages are written at once or, like
/// print(), through the C library's buffer.
public enum StandardStreams {
    /// Report bytes to standard output (or to `fd`, a pager's spool file).
    public static func writeReport(_ bytes: UnsafeRawBufferPointer, to fd: FileDescriptor = .standardOutput) {
        do {
            _ = try fd.writeAll(bytes)
        } catch {
            exit((error as? Errno) == .brokenPipe ? 0 : 1)
        }
    }

    /// A message to standard output, now; a failure is not reported.
    public static func writeMessage(_ text: String) {
        _ = try? FileDescriptor.standardOutput.writeAll(text.utf8)
    }

    /// A line to standard output through the C library's buffer.
    public static func printLine(_ text: String) { print(text) }

    /// Writes out what printLine buffered.
    public static func flushLines() { fflush(nil) }

    /// Text to standard error, now.
    public static func writeError(_ text: String) {
        _ = try? FileDescriptor.standardError.writeAll(text.utf8)
    }
}

/// A long report spooled to a file and shown in `less` when complete.
public final class PagerSpool {
    let fd: FileDescriptor
    let path: String

    /// nil when no file can be made (the report then goes to stdout).
    public init?() {
        guard let (fd, path) = try? TemporaryFile.create("damo_show-XXXXXX") else { return nil }
        self.fd = fd
        self.path = path
    }

    public func write(_ bytes: UnsafeRawBufferPointer) { StandardStreams.writeReport(bytes, to: fd) }

    /// Closes the file, shows it and removes it.
    public func show() throws {
        try? fd.close()
        defer { unlink(path) }
        try Terminal.page(file: path)
    }
}
