import DamonKernel
import DamonModel
import DamonRecording
import DamonRecords

/// `damo record`: DAMON's access pattern (and a CPU profile, memory
/// footprints, mappings and process stats) of a running DAMON, or of one
/// started for the recording and put back afterwards, saved as record
/// files: start → record → undo → save.
public protocol RecordingCommand {
    associatedtype Params: DamonParamsOptions
    associatedtype Output: RecordOutputOptions
    associatedtype Filters: RecordFilterOptions
    associatedtype Interface: InterfaceOptions
    var params: Params { get }
    var out: String { get }
    var outputOptions: Output { get }
    var outputFlushSec: String { get }
    var perfPath: String? { get }
    var schemesTargetRegions: Bool { get }
    var snapshot: [String] { get }
    var timeout: Double? { get }
    var doRecord: [String] { get }
    var damonTracer: String? { get }
    var filters: Filters { get }
    var interface: Interface { get }
}

let recordables = ["access", "cpu_profile", "mem_footprint", "vmas", "proc_stats", "damon_trace_events"]

extension RecordingCommand {
    /// Every option checked before DAMON or any file is touched.
    func plan(in env: DamoEnvironment) throws -> RecordingPlan {
        let outputType = outputOptions.outputType, outputPermission = outputOptions.outputPermission
        var plan = RecordingPlan()
        plan.outputPath = out
        guard RecordFormat(rawValue: outputType) != nil else {
            throw DamoError("--output_type must be one of \(RecordFormat.allCases.map(\.rawValue).joined(separator: ", ")) ('\(outputType)' given)")
        }
        plan.outputType = outputType
        guard let permission = permission(outputPermission) else {
            throw DamoError("wrong --output_permission (\(outputPermission)): an octal number from 0 to 777 is expected")
        }
        plan.permission = permission
        plan.flushSeconds = try seconds(outputFlushSec, "--output_flush_sec")
        guard plan.flushSeconds > 0 else { throw DamoError("--output_flush_sec must be positive") }
        if let timeout {
            guard timeout >= 0 else { throw DamoError("--timeout must not be negative") }
            plan.timeout = timeout
        }
        if !snapshot.isEmpty {
            let s = try expectCount(snapshot, 2, "--snapshot", "<delay> <count>")
            let count = try UnitParse.nr(s[1])
            guard count >= .int(1) else { throw DamoError("--snapshot count must be positive ('\(s[1])' given)") }
            plan.snapshots = (try seconds(s[0], "--snapshot delay"), count.int)
        }
        for what in doRecord where !recordables.contains(what) {
            throw DamoError("--do_record must be among \(recordables.joined(separator: ", ")) ('\(what)' given)")
        }
        plan.access = doRecord.contains("access")
        plan.cpuProfile = doRecord.contains("cpu_profile")
        plan.memFootprint = doRecord.contains("mem_footprint")
        plan.vmas = doRecord.contains("vmas")
        plan.procStats = doRecord.contains("proc_stats")
        plan.damonTraceEvents = doRecord.contains("damon_trace_events")
        if let damonTracer {
            guard let tracer = DamonTracer(rawValue: damonTracer) else {
                throw DamoError("--damon_tracer must be one of \(DamonTracer.allCases.map(\.rawValue).joined(separator: ", ")) ('\(damonTracer)' given)")
            }
            if tracer == .traceCmd && env.programs.find("trace-cmd") == nil {
                throw DamoError("--damon_tracer (trace-cmd) is unavailable")
            }
            if tracer != .perf && plan.outputType == RecordFormat.perfData.rawValue {
                throw DamoError("--output_type perf_data needs --damon_tracer perf")
            }
            plan.tracer = tracer
        }
        // tracefs where DAMO_TRACEFS says, else beside the DAMON files
        // used: an emulated root has its own (or none), never the machine's.
        let sysRoot = interface.interfaceRoot ?? env.damonFiles.environmentRoot ?? "/sys"
        plan.tracefs = { Tracefs.mountPoint(sysRoot: sysRoot).map { RealTracefs(root: $0) } }
        if let perfPath {
            guard env.programs.find(perfPath) != nil else { throw DamoError("--perf_path handling fail (perf not found at \"\(perfPath)\")") }
            plan.perf = perfPath
        }
        if plan.outputType == RecordFormat.perfData.rawValue && plan.snapshots != nil {
            throw DamoError("--output_type perf_data needs the tracepoint recording, which --snapshot does not do")
        }
        plan.schemesTargetRegions = schemesTargetRegions
        let filter = try filters.filter()
        plan.accessPattern = LiveSource.accessPattern(filter.accessPattern)
        plan.recordFilter = filter
        plan.damosFilters = try LiveSource.snapshotFilters(env)
        return plan
    }

    func seconds(_ text: String, _ option: String) throws -> Double {
        do { return try UnitParse.sec(text).double } catch { throw DamoError("wrong \(option) (\(error))") }
    }

    public func run(in env: DamoEnvironment) throws {
        let plan = try plan(in: env)
        let control = interface.control(in: env)
        let target = params.parsed.deducibleTarget
        let ongoing = target == "ongoing"
            || (target == nil && (LiveSource.damonRunning(control) || DamonStat(fs: control.fs).canSnapshot))
        backUp(out)
        if plan.memFootprint { backUp(out + ".mem_footprint") }
        env.clock.takeStopSignals()
        // Past a file size limit, writes fail (EFBIG) and are reported
        // like a full disk, instead of SIGXFSZ ending damo mid-way.
        StopSignals.ignoreFileSizeLimit()

        var kdamonds: [Kdamond] = []
        var started: DamonControlSession? = nil
        var workload: Int32? = nil
        // No kdamond of ours: DAMON_STAT's is recorded, if it runs.
        let ofDamonStat = ongoing && !LiveSource.damonRunning(control)
        if ofDamonStat {
            kdamonds = [try DamonStatSource.kdamond(control.fs, plan: plan, in: env)]
        } else if ongoing {
            kdamonds = try control.status(updateStats: false)
        } else {
            (started, workload) = try params.turnOn(in: env) { given in
                kdamonds = given
                do { return try control.startSession(given) } catch {
                    throw DamoError("could not turn DAMON on (\(error))")
                }
            }
            let now = (try? control.status(updateStats: false)) ?? []
            for k in kdamonds.indices where k < now.count { kdamonds[k].pid = now[k].pid }
        }

        let session = RecordingSession(control: control, plan: plan, kdamonds: kdamonds, workload: workload)
        session.clock = env.clock
        if ofDamonStat {
            session.damonStatSnapshot = { try DamonStatSource.record(control.fs, mergeRegions: true, in: env) }
            session.damonStatRuns = { DamonStat(fs: control.fs).running }
        }
        session.say = {
            env.output.printLine($0)
            env.output.flushLines()
        }
        // Child processes become targets of the DAMON record started (a
        // running DAMON of someone else's is left as it is); not through
        // debugfs, which takes no new target while DAMON runs (damo's
        // attempt there fails silently).
        if let started, includesChildTasks(env) { session.childTargets = started.sysfsTransaction }
        var failure: Error? = nil
        var signal: Int32? = nil
        do {
            try session.start()
            signal = try session.run()
        } catch {
            failure = error
        }
        if let signal { env.output.printLine("\nsignal \(signal) received") }
        // Whatever happened, DAMON goes back as found and what was
        // recorded is saved.
        var problems: [String] = []
        do { try session.stopCapturing() } catch { problems.append("\(error)") }
        if let started {
            problems += started.end().map { "restoring DAMON: \($0)" }
        }
        do { try session.save() } catch { problems.append("\(error)") }
        if let failure {
            if problems.isEmpty { throw failure }
            throw DamoError((["\(failure)"] + problems).joined(separator: "; "))
        }
        if !problems.isEmpty { throw DamoError(problems.joined(separator: "; ")) }
        if let signal { throw CommandExit(signal) }
    }

    /// `--include_child_tasks` is the default; the later of it and
    /// `--exclude_child_tasks` wins, as in argparse.
    func includesChildTasks(_ env: DamoEnvironment) -> Bool {
        let args = env.arguments
        let exclude = args.lastIndex(of: "--exclude_child_tasks") ?? -1
        let include = args.lastIndex(of: "--include_child_tasks") ?? -1
        return include >= exclude
    }

    /// damo keeps an existing output as `<file>.old`.
    func backUp(_ path: String) {
        if ProcFS.isRegularFile(path) { Files.move(path, path + ".old") }
    }
}
