import DamonKernel

/// damo's standard output and error, as commands write them.
public protocol DamoOutput: AnyObject {
    /// Report bytes, at once.  Failing to write ends the process (a
    /// closed pipe quietly).
    func writeReport(_ bytes: UnsafeRawBufferPointer)
    /// A message on standard output, at once.
    func writeMessage(_ text: String)
    /// A line on standard output as print() writes it: through the C
    /// library's buffer, which `flushLines` (or the end) writes out.
    func printLine(_ text: String)
    func flushLines()
    /// Text on standard error, at once.
    func writeError(_ text: String)
    /// Rows of the terminal standard output is (nil when not one).
    var terminalRows: Int? { get }
    /// The width help text is wrapped to: COLUMNS, else the terminal's.
    var columns: Int? { get }
    /// A file a long report is spooled to and shown from in `less`, when
    /// standard output is a terminal and less is there.
    func pager() -> ReportPager?
}

/// A long report spooled for the pager.
public protocol ReportPager: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer)
    func show() throws
}

extension PagerSpool: ReportPager {}

/// This process's standard streams.
public final class ProcessOutput: DamoOutput {
    public init() {}
    public func writeReport(_ bytes: UnsafeRawBufferPointer) { StandardStreams.writeReport(bytes) }
    public func writeMessage(_ text: String) { StandardStreams.writeMessage(text) }
    public func printLine(_ text: String) { StandardStreams.printLine(text) }
    public func flushLines() { StandardStreams.flushLines() }
    public func writeError(_ text: String) { StandardStreams.writeError(text) }
    public var terminalRows: Int? { Terminal.stdoutRows }
    public var columns: Int? {
        if let env = ThisProcess.environment("COLUMNS"), let n = Int(env), n > 0 { return n }
        return Terminal.stdoutColumns
    }
    public func pager() -> ReportPager? {
        guard Terminal.stdoutIsTerminal, Processes.find("less") != nil else { return nil }
        return PagerSpool()
    }
}
