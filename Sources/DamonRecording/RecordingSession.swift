import DamonKernel
import DamonModel
import DamonRecords

/// One `damo record` run against running kdamonds: access snapshots
/// through a stat scheme's tried regions (every aggregation interval, or
/// `--snapshot DELAY COUNT`), or DAMON's tracepoints (perf, trace-cmd or
/// tracefs, `DamonTracer`) where the kernel has no tried regions; a perf CPU profile; footprints,
/// mappings and stat lines of the targets and kdamonds every second.  It
/// ends on SIGINT/SIGTERM, when the targets and kdamonds are gone, after
/// the timeout or the snapshot count; then `stopCapturing()` and `save()`.
public final class RecordingSession {
    let control: DamonControl
    let plan: RecordingPlan
    /// The parameters recorded (`.kdamonds`), with the kdamonds' pids
    /// (and the child processes added as targets).
    var kdamonds: [Kdamond]
    /// Where child processes of the targets are added as targets: the
    /// writes that started DAMON, so that undoing them removes these too.
    public var childTargets: SysfsTransaction?
    /// A workload damo started, reaped when it exits.
    let workload: Int32?
    var workloadExited = false
    /// The clock, sleeps and stop signals the recording follows.
    public var clock: DamoClock = .system
    /// Messages for the user, shown at once (scripts wait for them).
    public var say: (String) -> Void = {
        StandardStreams.printLine($0)
        StandardStreams.flushLines()
    }

    var snapshots: LiveSnapshots?
    /// DAMON_STAT's snapshot, when the kdamond recorded is DAMON_STAT's
    /// (no scheme of ours can go into it): `--snapshot` takes these,
    /// otherwise its tracepoints are recorded, as damo does.
    public var damonStatSnapshot: (() throws -> Record)?
    /// Whether DAMON_STAT still runs.
    public var damonStatRuns: () -> Bool = { false }
    /// The snapshots since the last save, on disk (in the output's format).
    var spool: RecordSpool?
    var nrSnapshots = 0
    var trace: TraceCapture?
    /// When the current trace started, to tell an idle tracer.
    var traceStart = 0.0
    /// The stopped tracer and how long it ran, for save().
    var stoppedTrace: (tracer: DamonTracer, seconds: Double)?
    var profile: PerfRecorder?
    /// `.mem_footprint`, `.vmas` and `.proc_stats` since the last save,
    /// on disk.
    var footprints: JSONListSpool?
    var vmasSnapshots: JSONListSpool?
    var procStats: JSONListSpool?
    /// Once outputs were flushed into `<out>.<time>/`, every later save
    /// goes into such a directory too (as damo does).
    var flushed = false
    /// Files written by save(), for the report of a failed save.
    public internal(set) var kept: [String] = []

    public init(control: DamonControl, plan: RecordingPlan, kdamonds: [Kdamond], workload: Int32?) {
        self.control = control
        self.plan = plan
        self.kdamonds = kdamonds
        self.workload = workload
    }

    var monitoringIntervals: Intervals? { kdamonds.first?.contexts.first?.intervals }

    /// Starts capturing: the access snapshots or tracepoints, the profile.
    public func start() throws {
        if plan.access {
            if damonStatSnapshot != nil {
                if plan.snapshots == nil { try startTrace() }
            } else if plan.snapshots != nil || plan.recordFormat != nil && !plan.damonTraceEvents {
                do {
                    try startSnapshots()
                } catch is DamonControlError where ((try? control.runningKdamonds()) ?? []).isEmpty {
                    // The targets exited before anything could be recorded.
                    say("DAMON stopped before the recording started (its targets ended)")
                } catch let e as LiveSnapshotUnsupported where plan.snapshots == nil {
                    // Linux 6.1: the tracepoint instead.
                    do { try startTrace() } catch let t as RecordingError { throw RecordingError("\(e); \(t)") }
                }
            } else {
                try startTrace()
            }
        }
        if plan.cpuProfile && Processes.find(plan.perf) != nil {
            profile = try PerfRecorder(perf: plan.perf, output: temporaryName(plan.outputPath + ".profile"), arguments: [])
        }
    }

    func startSnapshots() throws {
        let s = LiveSnapshots(control: control, accessPattern: plan.accessPattern, filters: plan.damosFilters,
                              clock: clock.monotonicNs, purpose: .record)
        if plan.schemesTargetRegions {
            var sources: [(Int, Int, Int)] = []
            for (k, kd) in kdamonds.enumerated() {
                for (c, ctx) in kd.contexts.enumerated() {
                    for sIdx in ctx.schemes.indices { sources.append((k, c, sIdx)) }
                }
            }
            if sources.isEmpty { throw RecordingError("--schemes_target_regions: the kdamonds have no scheme") }
            try s.use(sources)
        } else {
            try s.prepare()
        }
        snapshots = s
    }

    /// A hidden name beside `path`, for a file perf writes before it is
    /// complete and renamed.
    func temporaryName(_ path: String) -> String {
        let dir = path.contains("/") ? String(path[...path.lastIndex(of: "/")!]) : ""
        let base = path.split(separator: "/").last.map(String.init) ?? path
        return dir + "." + base + ".perf-\(ProcFS.selfPid)"
    }

    /// Pids of the processes DAMON monitors.
    var targetPids: [Int] {
        kdamonds.flatMap { $0.contexts.filter { $0.ops.targetHasPid }.flatMap { $0.targets.compactMap(\.pid) } }
    }

    /// damo's condition to go on: a target process runs, or a kdamond.
    func sourceRuns() -> Bool {
        if let workload, !workloadExited {
            if ProcessLauncher.hasExited(workload) { workloadExited = true }
        }
        if targetPids.contains(where: ProcFS.processRuns) || damonStatRuns() { return true }
        return !((try? control.runningKdamonds()) ?? []).isEmpty
    }

    /// Records until stopped; returns the signal that stopped it, if any.
    public func run() throws -> Int32? {
        if plan.takesAWhile { say("Press Ctrl+C to stop") }
        let start = clock.now()
        var lastFlush = start
        var lastSide = -Double.infinity
        var left = plan.snapshots?.count ?? -1
        // damo sleeps a second between steps; a delay of 0 too.  Without
        // --snapshot, each aggregation interval is asked for as soon as
        // the previous one was had.
        var step: Double = 1
        if let s = plan.snapshots, s.delay > 0 { step = s.delay }
        // tracefs's buffer is drained often enough not to overrun.
        if case .tracefs? = trace { step = 0.2 }
        while clock.stopSignal() == nil && sourceRuns() {
            let now = clock.now()
            if plan.snapshots != nil || now - lastSide >= 1 {
                if let tx = childTargets { try addChildTargets(tx) }
                try collectSystemSnapshots()
                lastSide = now
            }
            if let timeout = plan.timeout, now - start >= timeout { break }
            if now - lastFlush >= plan.flushSeconds {
                lastFlush = now
                try flush()
            }
            if let t = trace {
                if let problem = t.failure() {
                    throw RecordingError("\(t.tracer.rawValue) stopped recording DAMON's tracepoints: \(problem)")
                }
                try t.collect()
            }
            if let s = snapshots {
                // The kernel's regions as they are (no merging); statistics
                // only where damo gives them (--snapshot), as updating them
                // costs the kernel another 100 ms tick (Linux 6.12).
                try append(s.take(mergeRegions: false, withStats: plan.snapshots != nil))
                left -= 1
                if left == 0 { break }
                if plan.snapshots == nil { step = s.nextRequestDelay() }
            } else if let take = damonStatSnapshot, plan.snapshots != nil {
                try append([take()])
                left -= 1
                if left == 0 { break }
            }
            clock.sleep(step)
        }
        return clock.stopSignal()
    }

    /// damo's `--include_child_tasks`: processes the vaddr targets started
    /// become targets too; targets that ended leave.
    func addChildTargets(_ tx: SysfsTransaction) throws {
        let commits = control.addChildTargets(&kdamonds, through: tx)
        // A snapshot scheme per target, for the targets there are now.
        guard let s = snapshots, !commits.isEmpty,
              s.sourceTargets.contains(where: { $0 != nil }) || commits.contains(where: { $0.committed > 1 }) else { return }
        do {
            try s.reinstall()
        } catch {
            // The last targets ended and their kdamond with them
            // meanwhile: the recording ends as it would have a moment later.
            if ((try? control.runningKdamonds()) ?? []).isEmpty { return }
            throw error
        }
    }

    func collectSystemSnapshots() throws {
        let targets = targetPids
        func add(_ item: KV, to spool: inout JSONListSpool?, _ suffix: String) throws {
            if spool == nil { spool = try JSONListSpool(name: plan.outputPath + suffix) }
            try spool!.append(item)
        }
        if plan.memFootprint {
            try add(SystemSnapshotsJSON.memFootprints(ProcSystem.memFootprints(pids: targets)), to: &footprints, ".mem_footprint")
        }
        if plan.vmas { try add(SystemSnapshotsJSON.vmas(ProcSystem.vmasSnapshot(pids: targets)), to: &vmasSnapshots, ".vmas") }
        if plan.procStats {
            let kdamondPids = kdamonds.compactMap(\.pid)
            try add(SystemSnapshotsJSON.procStats(ProcSystem.statsSnapshot(pids: kdamondPids + targets)), to: &procStats,
                    ".proc_stats")
        }
    }

    /// New single-snapshot records go to the record of their scheme.
    func append(_ records: [Record]) throws {
        for var record in records {
            if let ranges = plan.recordFilter?.addressRanges {
                RecordFilter(addressRanges: ranges).apply(&record)
            }
            nrSnapshots += record.snapshots.count
            guard let format = plan.recordFormat else { continue }
            if spool == nil { spool = try RecordSpool(format: format, name: plan.outputPath) }
            try spool!.append(record)
        }
    }

    /// Saves what was recorded so far into `<out>.<time>/` and starts over.
    func flush() throws {
        flushed = true
        let traced = trace != nil, profiled = profile != nil
        let problems = stopPerf()
        if !problems.isEmpty { throw RecordingError(problems.joined(separator: "; ")) }
        try save()
        footprints = nil
        vmasSnapshots = nil
        procStats = nil
        spool = nil
        if traced { try startTrace() }
        if profiled {
            profile = try PerfRecorder(perf: plan.perf, output: temporaryName(plan.outputPath + ".profile"), arguments: [])
        }
    }

    /// Stops the tracers; what went wrong (a tracer's failure, what of
    /// tracefs could not be put back), one line each.
    func stopPerf() -> [String] {
        let profiling = profile?.stop().map { "perf (the CPU profile) failed: \($0)" }
        guard let t = trace else { return profiling.map { [$0] } ?? [] }
        stoppedTrace = (t.tracer, clock.now() - traceStart)
        return (profiling.map { [$0] } ?? []) + t.stop()
    }

    /// Stops perf and removes the snapshot scheme; call before DAMON is
    /// put back and the outputs are saved.
    public func stopCapturing() throws {
        let problems = stopPerf()
        try snapshots?.finish()
        if !problems.isEmpty { throw RecordingError(problems.joined(separator: "; ")) }
    }
}
