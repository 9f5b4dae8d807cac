import DamoPlatform
import DamonKernel
import DamonModel
import DamonRecords
import DamoReports

/// `damo report trace`: DAMON's trace events, from a stored trace (perf's
/// or trace-cmd's file, or this command's `--output`) or live, read from
/// tracefs (perf or trace-cmd when asked) until Ctrl-C.
public protocol ReportTraceCommand {
    var event: [String] { get }
    var noEvent: [String] { get }
    var tracer: String? { get }
    var input: String? { get }
    var output: String? { get }
    var raw: Bool { get }
    var maxCols: Int { get }
    /// The DAMON interface root; tracefs is looked for under it.
    var interfaceRoot: String? { get }
}

/// The header of `--output` files, as damo writes and reads it.
enum TraceOutputHeader {
    static let version = "damo_report_trace_output_format_version:"
    static let time = "damo_report_trace_output_time:"
    static let tracer = "damo_report_trace_output_tracer:"
}

extension ReportTraceCommand {
    public func run(in env: DamoEnvironment) throws {
        let events = try chosenEvents()
        if let input {
            try showStored(input, events: events, in: env)
        } else {
            try showLive(events: events, in: env)
        }
    }

    func chosenEvents() throws -> [String] {
        let known = Tracefs.damonEvents
        for e in event where e != "all" && !known.contains(e) {
            throw DamoError("--event: invalid choice: '\(e)' (choose from \((known + ["all"]).joined(separator: ", ")))")
        }
        for e in noEvent where !known.contains(e) {
            throw DamoError("--no_event: invalid choice: '\(e)' (choose from \(known.joined(separator: ", ")))")
        }
        guard maxCols > 0 else { throw DamoError("--max_cols must be positive (\(maxCols) given)") }
        let shown = event.isEmpty || event.contains("all") ? known : event
        return shown.filter { !noEvent.contains($0) }
    }

    func show(_ lines: [String], in env: DamoEnvironment) {
        for line in lines { env.output.printLine(line) }
    }

    // MARK: stored traces

    func showStored(_ path: String, events: [String], in env: DamoEnvironment) throws {
        let (text, source, temporary) = try storedText(path)
        defer { if temporary { Files.remove(text) } }
        var report = TraceReport(source: source, events: events, maxCols: maxCols, raw: raw)
        var lines = LineReader(source: try FileByteSource(path: text))
        var first = true
        try lines.forEachLine { bytes in
            var line = Substring(String(decoding: bytes, as: UTF8.self))
            // (damo strips the whole text, so the first line's indent)
            if first { line = line.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" } }
            first = false
            show(try report.render(line), in: env)
        }
        env.output.flushLines()
    }

    /// The trace as text: perf's file through `perf script`, trace-cmd's
    /// through `trace-cmd report`, an `--output` file as it is.
    func storedText(_ path: String) throws -> (path: String, source: TraceReport.Source, temporary: Bool) {
        let head: [UInt8]
        do { head = try Array(ProcFS.bytes(path).prefix(4096)) } catch {
            throw DamoError("cannot read \(path): \(error)")
        }
        if head.starts(with: Array("PERFILE2".utf8)) {
            return (try Perf.script(input: path), .perfScript, true)
        }
        if head.starts(with: [0x17, 0x08, 0x44] + Array("tracing".utf8)) {
            guard Processes.find("trace-cmd") != nil else {
                throw DamoError("\(path) is trace-cmd's file, which needs trace-cmd (not installed) to be read")
            }
            let (text, status, stderr) = try Processes.runToTemporaryFile("trace-cmd", ["report", "-i", path])
            guard status == 0 else {
                Files.remove(text)
                throw DamoError("'trace-cmd report -i \(path)' failed: \(stderr.split(separator: "\n").first ?? "exit status \(status)")")
            }
            return (text, .traceCmd, true)
        }
        let lines = String(decoding: head, as: UTF8.self).trimmingWhitespace().split(separator: "\n", omittingEmptySubsequences: false)
        func notTrace(_ why: String) -> DamoError {
            DamoError("cannot read \(path) as perf's or trace-cmd's file or a 'report trace --output' file (\(why))")
        }
        guard lines.count >= 3 else { throw notTrace("no header") }
        let version = lines[0].split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard version.count == 2 else { throw notTrace("wrong number of version header fields (\(version.count))") }
        guard version[0] == TraceOutputHeader.version else { throw notTrace("unexpected version header field (\(version[0]))") }
        let tracer = lines[2].split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard tracer.count == 2 else { throw notTrace("wrong number of tracer header fields (\(tracer.count))") }
        guard tracer[0] == TraceOutputHeader.tracer else { throw notTrace("wrong tracer field name (\(tracer[0]))") }
        // damo reads a perf-made file as `perf script` text.
        switch tracer[1] {
        case "perf": return (path, .perfScript, false)
        case "trace-cmd": return (path, .traceCmd, false)
        default: throw notTrace("unsupported tracer (\(tracer[1]))")
        }
    }

    // MARK: live

    func showLive(events wanted: [String], in env: DamoEnvironment) throws {
        let choice = tracer ?? "tracefs"
        let temporary = Processes.temporaryDirectory() + "/damo-report-trace-\(ProcFS.selfPid).txt"
        var recorder: TracefsRecorder? = nil
        var program: PerfRecorder? = nil
        var settings: TracefsSettings? = nil
        let tail: String
        let source: TraceReport.Source
        var events: [String]
        env.clock.takeStopSignals()
        let sysRoot = interfaceRoot ?? env.damonFiles.environmentRoot ?? "/sys"
        switch choice {
        case "tracefs":
            guard let mount = Tracefs.mountPoint(sysRoot: sysRoot) else {
                throw DamoError("tracefs is not mounted (no \(sysRoot)/kernel/tracing or \(sysRoot)/kernel/debug/tracing)")
            }
            let fs = RealTracefs(root: mount)
            events = try available(wanted, in: Tracefs.availableDamonEvents(fs), env)
            recorder = try TracefsRecorder(fs: fs, events: events, output: temporary,
                                           instance: "damo-report-trace-\(ProcFS.selfPid)")
            tail = temporary
            source = .traceCmd
        case "perf", "trace-cmd":
            guard env.programs.find(choice) != nil else { throw DamoError("--tracer \(choice) is not installed") }
            events = wanted
            // trace-cmd fails on an event the kernel lacks, and leaves the
            // main buffer it traces in allocated (and enabled, when killed).
            if choice == "trace-cmd", let mount = Tracefs.mountPoint(sysRoot: sysRoot) {
                let fs = RealTracefs(root: mount)
                events = try available(wanted, in: Tracefs.availableDamonEvents(fs), env)
                do { settings = try TracefsSettings(mainBufferOf: fs) } catch {
                    throw DamoError("cannot read tracefs's settings before trace-cmd changes them: \(error)")
                }
            }
            let arguments = (choice == "perf" ? ["trace", "--libtraceevent_print"] : ["stream"]) + events.flatMap { ["-e", $0] }
            program = try PerfRecorder(program: choice, arguments: arguments, output: temporary)
            program!.streams = true
            tail = program!.log
            source = choice == "perf" ? .perfTrace : .traceCmd
        default:
            throw DamoError("--tracer must be one of perf, trace-cmd, tracefs ('\(choice)' given)")
        }
        defer { Files.remove(temporary) }
        var saved: AtomicFileSink? = nil
        if let output {
            // tracefs's lines are trace-cmd's columns, which damo reads back.
            let header = "\(TraceOutputHeader.version) 0\n\(TraceOutputHeader.time) \(PyFormat.repr(ProcSystem.now()))\n"
                + "\(TraceOutputHeader.tracer) \(choice == "perf" ? "perf" : "trace-cmd")\n"
            do {
                saved = try AtomicFileSink(path: output, permission: 0o644)
                try saved!.write(Array(header.utf8))
            } catch {
                _ = recorder?.stop()
                program?.stop()
                _ = settings?.putBack()
                throw error
            }
        }
        var report = TraceReport(source: source, events: events, maxCols: maxCols, raw: false)
        var reader = TailReader(path: tail)
        func step() throws {
            try recorder?.drain()
            for line in try reader.newLines() {
                let shown = try report.render(Substring(line))
                if shown.isEmpty { continue }
                if raw { env.output.printLine(line.trimmingWhitespace()) } else { show(shown, in: env) }
                try saved?.write(Array((line + "\n").utf8))
            }
            env.output.flushLines()
        }
        var failure: Error? = nil
        do {
            while env.clock.stopSignal() == nil {
                if let p = program, !p.isRunning { break }
                try step()
                env.clock.sleep(0.2)
            }
        } catch {
            failure = error
        }
        var problems = recorder?.stop() ?? []
        program?.stop()
        problems += settings?.putBack() ?? []
        if failure == nil { do { try step() } catch { failure = error } }
        do { try saved?.finish() } catch { if failure == nil { failure = error } }
        if let failure { saved?.abandon(); throw failure }
        if !problems.isEmpty { throw DamoError(Tracefs.puttingBack(problems)[0]) }
        if let why = program?.killedBecause {
            // (trace-cmd 3.1.6's stream on Linux 6.1 often ignores SIGINT.
            // It writes no file a kill could spoil, so this is no failure.)
            env.output.writeError("damo: \(choice) did not end after SIGINT (\(why)); it was killed\n")
        }
        if let signal = env.clock.stopSignal() { env.output.printLine("signal \(signal) received") }
        if let p = program, let problem = p.problem() { throw DamoError("\(choice) failed: \(problem)") }
    }

    /// The wanted events this kernel has; the ones it lacks named in one line.
    func available(_ wanted: [String], in have: [String], _ env: DamoEnvironment) throws -> [String] {
        let lacking = wanted.filter { !have.contains($0) }
        let events = wanted.filter(have.contains)
        if events.isEmpty {
            throw DamoError("this kernel has none of the DAMON trace events asked for (\(wanted.joined(separator: ", ")))")
        }
        if !lacking.isEmpty {
            env.output.writeError("damo: this kernel lacks \(lacking.joined(separator: ", ")); tracing \(events.joined(separator: ", "))\n")
        }
        return events
    }
}

/// The complete lines a growing file gained since the last call.
struct TailReader {
    let path: String
    var offset = 0
    var partial: [UInt8] = []

    mutating func newLines() throws -> [String] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { return [] }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(offset)) }
            if n < 0 { if errno == EINTR { continue }; throw DamoError("reading \(path) failed: \(errnoDescription(errno))") }
            if n == 0 { break }
            offset += n
            partial += buffer[0..<n]
        }
        guard let last = partial.lastIndex(of: 0x0a) else { return [] }
        let lines = partial[...last].split(separator: 0x0a).map { String(decoding: $0, as: UTF8.self) }
        partial.removeFirst(last + 1)
        return lines
    }
}
