import DamonKernel
import DamonModel
import DamonRecords

/// What records DAMON's trace events for `damo record`: perf (damo's
/// default), trace-cmd (damo's `--damon_tracer trace-cmd`), or tracefs
/// read by damo itself, which needs no program and is what recording
/// falls back to when perf is missing or cannot trace.
public enum DamonTracer: String, CaseIterable, Sendable {
    case perf
    case traceCmd = "trace-cmd"
    case tracefs
}

/// A running capture of DAMON's trace events into a raw file; a program's
/// with the tracefs settings to put back when it works in tracefs's main
/// buffer (trace-cmd, which leaves its changes there when it is killed).
enum TraceCapture {
    case program(DamonTracer, PerfRecorder, TracefsSettings?)
    case tracefs(TracefsRecorder)

    var tracer: DamonTracer {
        switch self {
        case .program(let t, _, _): t
        case .tracefs: .tracefs
        }
    }

    /// What went wrong if the tracer stopped by itself.
    func failure() -> String? {
        switch self {
        case .program(_, let p, _): p.isRunning ? nil : (p.problem() ?? "it exited")
        case .tracefs: nil
        }
    }

    /// Moves tracefs's new lines into the raw file.
    func collect() throws {
        if case .tracefs(let t) = self { try t.drain() }
    }

    /// Stops the tracer; what went wrong, one line each: the program's
    /// failure (one that does not end is killed, its output dropped), what
    /// of tracefs could not be put back.
    func stop() -> [String] {
        switch self {
        case .program(let tracer, let p, let settings):
            let failure = p.stop().map { "\(tracer.rawValue) failed: \($0)" }
            return (failure.map { [$0] } ?? []) + Tracefs.puttingBack(settings?.putBack() ?? [])
        case .tracefs(let t):
            return Tracefs.puttingBack(t.stop())
        }
    }
}

extension RecordingSession {
    /// The DAMON events to record: the regions, the regions schemes were
    /// tried at, or every DAMON event the kernel has.
    func traceEvents(available: [String]?) -> [String] {
        if plan.damonTraceEvents {
            return available ?? ["damon:damon_aggregated", "damon:damos_before_apply", "damon:damon_monitor_intervals_tune"]
        }
        return plan.schemesTargetRegions ? ["damon:damos_before_apply"] : ["damon:damon_aggregated"]
    }

    /// Starts the tracer asked for; without a choice perf, and tracefs
    /// when perf is not installed or fails at once.
    func startTrace() throws {
        traceStart = clock.now()
        switch plan.tracer {
        case .perf?:
            trace = try startProgram(.perf)
        case .traceCmd?:
            trace = try startProgram(.traceCmd)
        case .tracefs?:
            trace = try startTracefs()
        case nil:
            guard Processes.find(plan.perf) != nil else {
                trace = try startTracefs(why: "perf ('\(plan.perf)') is not installed")
                return
            }
            do {
                trace = try startProgram(.perf)
            } catch let perfError as RecordingError {
                trace = try startTracefs(why: perfError.description)
            }
        }
    }

    func startProgram(_ tracer: DamonTracer) throws -> TraceCapture {
        let raw = temporaryName(plan.outputPath)
        let events = traceEvents(available: nil).flatMap { ["-e", $0] }
        let recorder: PerfRecorder
        var settings: TracefsSettings? = nil
        if tracer == .perf {
            recorder = try PerfRecorder(perf: plan.perf, output: raw, arguments: events)
        } else {
            guard plan.recordFormat != nil else {
                throw RecordingError("--output_type perf_data needs perf to record DAMON's tracepoints (trace-cmd was asked for)")
            }
            // trace-cmd traces in the main buffer, which it leaves allocated
            // (and enabled, when it is killed).
            if let fs = plan.tracefs() {
                do { settings = try TracefsSettings(mainBufferOf: fs) } catch {
                    throw RecordingError("cannot read tracefs's settings before trace-cmd changes them: \(error)")
                }
            }
            recorder = try PerfRecorder(program: "trace-cmd", arguments: ["record", "-C", "mono", "-o", raw] + events,
                                        output: raw)
        }
        // A tracer fails fast when it cannot trace (no tracepoint, no permission).
        clock.sleep(0.3)
        if !recorder.isRunning, let problem = recorder.problem() {
            let left = Tracefs.puttingBack(settings?.putBack() ?? [])
            throw RecordingError((["\(tracer.rawValue) cannot record DAMON's tracepoints: \(problem)"] + left).joined(separator: "; "))
        }
        return .program(tracer, recorder, settings)
    }

    func startTracefs(why: String? = nil) throws -> TraceCapture {
        guard plan.recordFormat != nil else {
            throw RecordingError((why.map { "\($0); " } ?? "") + "--output_type perf_data needs perf to record DAMON's tracepoints")
        }
        guard let fs = plan.tracefs() else {
            let reason = why.map { "\($0), and " } ?? ""
            throw RecordingError("\(reason)tracefs, which records DAMON's tracepoints without perf, is not mounted")
        }
        let events = traceEvents(available: Tracefs.availableDamonEvents(fs))
        let recorder: TracefsRecorder
        do {
            recorder = try TracefsRecorder(fs: fs, events: events, output: temporaryName(plan.outputPath),
                                           instance: "damo-record-\(ProcFS.selfPid)")
        } catch {
            throw RecordingError((why.map { "\($0); " } ?? "") + "tracefs cannot record DAMON's tracepoints: \(error)")
        }
        if let why { say("\(why); recording DAMON's tracepoints from tracefs (\(fs.root))") }
        return .tracefs(recorder)
    }

    /// Converts the raw trace into the record file at `path`, snapshot by
    /// snapshot: perf's file through `perf script`, trace-cmd's through
    /// `trace-cmd report`, tracefs's as it is.  Whether anything was
    /// written.  Reading errors name the tracer; a tracer that gave nothing
    /// while DAMON ran long enough to aggregate is an error, never an empty
    /// record, and leaves no file.
    func writeTrace(raw: String, tracer: DamonTracer, seconds: Double, to path: String,
                    format: RecordFormat) throws -> Bool {
        var text: String? = nil
        defer { if let text { Files.remove(text) } }
        var stream = try reading(tracer) { () throws -> RecordStream in
            switch tracer {
            case .perf:
                let perf = plan.perf
                return try RecordStream(path: raw, intervals: monitoringIntervals,
                                        perfScript: PerfScriptTexts { try Perf.script(input: $0, perf: perf, to: $1) })
            case .traceCmd:
                let (report, status, stderr) = try Processes.runToTemporaryFile("trace-cmd", ["report", "-i", raw])
                text = report
                guard status == 0 else {
                    throw RecordingError("'trace-cmd report' failed: \(stderr.split(separator: "\n").first ?? "exit status \(status)")")
                }
                return try RecordStream(traceText: report, intervals: monitoringIntervals)
            case .tracefs:
                return try RecordStream(traceText: raw, intervals: monitoringIntervals)
            }
        }
        let writer = try RecordFileWriter(path: path, format: format, permission: plan.permission)
        var snapshots = 0
        while let header = try reading(tracer, { try stream.nextRecord() }) {
            try writer.beginRecord(header)
            while let snapshot = try reading(tracer, { try stream.nextSnapshot() }) {
                try writer.add(snapshot)
                snapshots += 1
            }
            try writer.endRecord(stream.record)
        }
        guard snapshots > 0 else {
            writer.abandon()
            let aggregation = (monitoringIntervals?.aggr.double ?? 100_000) / 1_000_000
            if seconds >= max(1, 3 * aggregation) {
                throw RecordingError("\(tracer.rawValue) recorded no DAMON event in \(PyFormat.fixed(seconds, 1)) seconds of a running DAMON; nothing is written")
            }
            say("no DAMON event was recorded; \(path) is not written")
            return false
        }
        try writer.finish()
        return true
    }

    /// Errors of reading the trace, naming the tracer.
    func reading<T>(_ tracer: DamonTracer, _ body: () throws -> T) throws -> T {
        do { return try body() } catch {
            throw RecordingError("reading what \(tracer.rawValue) recorded failed: \(error)")
        }
    }
}
