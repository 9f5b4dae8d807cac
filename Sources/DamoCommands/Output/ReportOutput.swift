import DamonRecords
import DamoReports

/// Standard output for reports, ending and paging the way damo does so
/// that scripts reading our output see the same bytes: print() adds a
/// newline; a report longer than the terminal (50 lines when stdout is not
/// one) goes through `less`, which adds none.
public final class ReportOutput: TextSink {
    let output: DamoOutput
    let ending: ReportEnding
    let limit: Int
    var held: [UInt8] = []
    var newlines = 0
    var streaming = false
    var pager: ReportPager? = nil

    public init(_ output: DamoOutput, ending: ReportEnding) {
        self.output = output
        self.ending = ending
        limit = output.terminalRows ?? 50
        held.reserveCapacity(1 << 16)
    }

    public func write(_ text: String) {
        var t = text
        t.withUTF8 { write(bytes: $0) }
    }

    public func write(bytes: UnsafeBufferPointer<UInt8>) {
        if ending == .pagerIfNeeded && !streaming {
            for b in bytes where b == 0x0a { newlines += 1 }
            if newlines > limit { startStreaming() }
        }
        if streaming && held.isEmpty && bytes.count >= 1 << 16 {
            // A large piece (ByteBatch's) goes out without a copy.
            let raw = UnsafeRawBufferPointer(bytes)
            if let pager { pager.write(raw) } else { output.writeReport(raw) }
            return
        }
        held.append(contentsOf: bytes)
        if streaming && held.count >= 1 << 16 { flush() }
    }

    func startStreaming() {
        streaming = true
        pager = output.pager()
    }

    func flush() {
        held.withUnsafeBytes { buf in
            if let pager { pager.write(buf) } else { output.writeReport(buf) }
        }
        held.removeAll(keepingCapacity: true)
    }

    /// Ends the report: a newline unless it was paged.
    public func finish() throws {
        if !streaming || ending == .print { held.append(0x0a) }
        flush()
        try pager?.show()
    }
}

/// JSON straight into the report's output.
extension ReportOutput: ByteSink {
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        write(bytes: bytes.bindMemory(to: UInt8.self))
    }
}

extension DamoEnvironment {
    /// Prints a whole report.
    public func show(_ text: String, ending: ReportEnding = .print) throws {
        let out = ReportOutput(output, ending: ending)
        out.write(text)
        try out.finish()
    }

    /// A report written piece by piece.
    public func report(ending: ReportEnding) -> ReportOutput { ReportOutput(output, ending: ending) }
}
