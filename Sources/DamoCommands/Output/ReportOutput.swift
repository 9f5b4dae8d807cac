import DamoPlatform
import DamonKernel
import DamonRecords
import DamoReports

/// Standard output for reports, ending and paging the way damo does so
/// that scripts reading our output see the same bytes: print() adds a
/// newline; a report longer than the terminal (50 lines when stdout is not
/// one) goes through `less`, which adds none.
final class ReportOutput: TextSink {
    let ending: ReportEnding
    let limit: Int
    let pageInteractively: Bool
    var held: [UInt8] = []
    var newlines = 0
    var streaming = false
    var spool: (fd: Int32, path: String)? = nil

    init(ending: ReportEnding) {
        self.ending = ending
        limit = Terminal.stdoutRows ?? 50
        pageInteractively = Terminal.stdoutIsTerminal && Processes.find("less") != nil
        held.reserveCapacity(1 << 16)
    }

    func write(_ text: String) {
        var t = text
        t.withUTF8 { bytes in
            if ending == .pagerIfNeeded && !streaming {
                for b in bytes where b == 0x0a { newlines += 1 }
                if newlines > limit { startStreaming() }
            }
            held.append(contentsOf: bytes)
            if streaming && held.count >= 1 << 16 { flush() }
        }
    }

    func write(bytes: UnsafeBufferPointer<UInt8>) {
        if ending == .pagerIfNeeded && !streaming {
            for b in bytes where b == 0x0a { newlines += 1 }
            if newlines > limit { startStreaming() }
        }
        held.append(contentsOf: bytes)
        if streaming && held.count >= 1 << 16 { flush() }
    }

    func startStreaming() {
        streaming = true
        if pageInteractively {
            var template = Array((Processes.temporaryDirectory() + "/damo_show-XXXXXX").utf8CString)
            let fd = mkstemp(&template)
            if fd >= 0 { spool = (fd, stringFromCChars(template)) }
        }
    }

    func flush() {
        let fd = spool?.fd ?? 1
        held.withUnsafeBytes { buf in
            var off = 0
            while off < buf.count {
                let n = Glibc.write(fd, buf.baseAddress! + off, buf.count - off)
                if n < 0 {
                    if errno == EINTR { continue }
                    // A closed pipe (damo ... | head) is not an error worth a message.
                    exit(errno == EPIPE ? 0 : 1)
                }
                off += n
            }
        }
        held.removeAll(keepingCapacity: true)
    }

    /// Ends the report: a newline unless it was paged.
    func finish() throws {
        if !streaming || ending == .print { held.append(0x0a) }
        flush()
        if let spool {
            close(spool.fd)
            defer { unlink(spool.path) }
            try Terminal.page(file: spool.path)
        }
    }

    /// Prints a whole report.
    static func show(_ text: String, ending: ReportEnding = .print) throws {
        let out = ReportOutput(ending: ending)
        out.write(text)
        try out.finish()
    }
}

/// JSON straight into the report's output.
extension ReportOutput: ByteSink {
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        write(bytes: bytes.bindMemory(to: UInt8.self))
    }
}

/// Writes to standard error, for the one-line error messages.
func printError(_ message: String) {
    var line = message
    if !line.hasSuffix("\n") { line += "\n" }
    line.withUTF8 { _ = Glibc.write(2, $0.baseAddress, $0.count) }
}
