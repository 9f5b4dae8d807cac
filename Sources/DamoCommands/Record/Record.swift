import DamoPlatform
import ArgumentParser
import DamonKernel
import DamonModel
import DamonRecords
import DamonRecording

struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record", abstract: "Record data accesses and additional information.",
        discussion: "DAMON parameters options are also supported. Do 'damo help damon_param_options -h' for the options.")

    @OptionGroup var params: DamonParamOptions

    @Option(name: [.customShort("o"), .customLong("out")], help: ArgumentHelp("output file path", valueName: "file path"))
    var out = "damon.data"

    @Option(name: .customLong("output_type"),
            help: ArgumentHelp("output file's type", valueName: "json_compressed|json|perf_script|perf_data"))
    var outputType = "json_compressed"

    @Option(name: .customLong("output_permission"), help: "permission of the output file")
    var outputPermission = "600"

    @Option(name: .customLong("output_flush_sec"), help: "intermediate output files flush duration in seconds")
    var outputFlushSec = "3600"

    @Option(name: .customLong("perf_path"), help: "path of perf tool")
    var perfPath: String?

    @Flag(name: .customLong("exclude_child_tasks"), help: "do not record access of child processes")
    var excludeChildTasks = false

    @Flag(name: .customLong("include_child_tasks"), help: "record accesses of child processes")
    var includeChildTasks = false

    @Flag(name: .customLong("schemes_target_regions"), help: "record schemes tried to be applied regions")
    var schemesTargetRegions = false

    @Option(name: .customLong("snapshot"), parsing: .upToNextOption,
            help: ArgumentHelp("record accesses as snapshots", valueName: "delay> <count"))
    var snapshot: [String] = []

    @Option(name: .customLong("timeout"), help: ArgumentHelp("stop recording after the given seconds", valueName: "seconds"))
    var timeout: Double?

    @Option(name: .customLong("do_record"), parsing: .upToNextOption,
            help: ArgumentHelp("what to do record (access, cpu_profile, mem_footprint, vmas, proc_stats, damon_trace_events)"))
    var doRecord: [String] = ["access", "cpu_profile", "mem_footprint", "vmas", "proc_stats"]

    @Option(name: .customLong("damon_tracer"), help: .hidden)
    var damonTracer: String?

    @Option(name: .customLong("snapshot_damos_filter"), parsing: .upToNextOption,
            help: ArgumentHelp("Region-internal DAMOS filters for the snapshot. Format is same to --damos_filter.",
                               valueName: "damos filter argument"))
    var snapshotDamosFilter: [String] = []

    @OptionGroup var filters: RecordFilterOptions
    @OptionGroup var interface: InterfaceRootOption

    static let recordables = ["access", "cpu_profile", "mem_footprint", "vmas", "proc_stats", "damon_trace_events"]

    /// Every option checked before DAMON or any file is touched.
    func plan() throws -> RecordingPlan {
        var plan = RecordingPlan()
        plan.outputPath = out
        guard RecordFormat(rawValue: outputType) != nil else {
            throw CLIError("--output_type must be one of \(RecordFormat.allCases.map(\.rawValue).joined(separator: ", ")) ('\(outputType)' given)")
        }
        plan.outputType = outputType
        guard let permission = RecordingPlan.permission(outputPermission) else {
            throw CLIError("wrong --output_permission (\(outputPermission)): an octal number from 0 to 777 is expected")
        }
        plan.permission = permission
        plan.flushSeconds = try seconds(outputFlushSec, "--output_flush_sec")
        guard plan.flushSeconds > 0 else { throw CLIError("--output_flush_sec must be positive") }
        if let timeout {
            guard timeout >= 0 else { throw CLIError("--timeout must not be negative") }
            plan.timeout = timeout
        }
        if !snapshot.isEmpty {
            let s = try expectCount(snapshot, 2, "--snapshot", "<delay> <count>")
            let count = try UnitParse.nr(s[1])
            guard count >= .int(1) else { throw CLIError("--snapshot count must be positive ('\(s[1])' given)") }
            plan.snapshots = (try seconds(s[0], "--snapshot delay"), count.int)
        }
        for what in doRecord where !RecordCommand.recordables.contains(what) {
            throw CLIError("--do_record must be among \(RecordCommand.recordables.joined(separator: ", ")) ('\(what)' given)")
        }
        plan.access = doRecord.contains("access")
        plan.cpuProfile = doRecord.contains("cpu_profile")
        plan.memFootprint = doRecord.contains("mem_footprint")
        plan.vmas = doRecord.contains("vmas")
        plan.procStats = doRecord.contains("proc_stats")
        plan.damonTraceEvents = doRecord.contains("damon_trace_events")
        if let damonTracer, damonTracer != "perf" {
            throw CLIError("--damon_tracer \(damonTracer) is not supported; perf records DAMON's tracepoints")
        }
        if let perfPath {
            guard Processes.find(perfPath) != nil else { throw CLIError("--perf_path handling fail (perf not found at \"\(perfPath)\")") }
            plan.perf = perfPath
        }
        if plan.outputType == RecordFormat.perfData.rawValue && plan.snapshots != nil {
            throw CLIError("--output_type perf_data needs the tracepoint recording, which --snapshot does not do")
        }
        plan.schemesTargetRegions = schemesTargetRegions
        let filter = try filters.filter()
        plan.accessPattern = LiveSource.accessPattern(filter.accessPattern)
        plan.recordFilter = filter
        plan.damosFilters = try LiveSource.snapshotFilters()
        return plan
    }

    func seconds(_ text: String, _ option: String) throws -> Double {
        do { return try UnitParse.sec(text).double } catch { throw CLIError("wrong \(option) (\(error))") }
    }

    func run() throws {
        let plan = try plan()
        let control = interface.control
        let ongoing = params.deducibleTarget == "ongoing" || (params.deducibleTarget == nil && LiveSource.damonRunning(control))
        backUp(out)
        if plan.memFootprint { backUp(out + ".mem_footprint") }
        StopSignals.install()
        // Past a file size limit, writes fail (EFBIG) and are reported
        // like a full disk, instead of SIGXFSZ ending damo mid-way.
        signal(SIGXFSZ, SIG_IGN)

        var kdamonds: [Kdamond]
        var started: SysfsTransaction? = nil
        var workload: Int32? = nil
        if ongoing {
            guard LiveSource.damonRunning(control) else {
                throw CLIError("DAMON is not turned on; nothing to record for 'ongoing'")
            }
            kdamonds = try control.status(updateStats: false)
        } else {
            kdamonds = try kdamondsFromOptions(params, startedWorkload: &workload)
            do {
                started = try control.startUndoable(kdamonds)
            } catch {
                if let workload { Processes.killWorkload(workload) }
                throw CLIError("could not turn DAMON on (\(error))")
            }
            let now = (try? control.status(updateStats: false)) ?? []
            for k in kdamonds.indices where k < now.count { kdamonds[k].pid = now[k].pid }
        }

        let session = RecordingSession(control: control, plan: plan, kdamonds: kdamonds, workload: workload)
        // Child processes become targets of the DAMON record started (a
        // running DAMON of someone else's is left as it is).
        if let started, includesChildTasks { session.childTargets = started }
        var failure: Error? = nil
        var signal: Int32? = nil
        do {
            try session.start()
            signal = try session.run()
        } catch {
            failure = error
        }
        if let signal { print("\nsignal \(signal) received") }
        // Whatever happened, DAMON goes back as found and what was
        // recorded is saved.
        var problems: [String] = []
        do { try session.stopCapturing() } catch { problems.append("\(error)") }
        if let started {
            problems += control.undoStart(started, kdamonds: kdamonds.count).map { "restoring DAMON: \($0)" }
        }
        do { try session.save() } catch { problems.append("\(error)") }
        if let failure {
            if problems.isEmpty { throw failure }
            throw CLIError((["\(failure)"] + problems).joined(separator: "; "))
        }
        if !problems.isEmpty { throw CLIError(problems.joined(separator: "; ")) }
        if let signal { processExit(signal) }
    }

    /// `--include_child_tasks` is the default; the later of it and
    /// `--exclude_child_tasks` wins, as in argparse.
    var includesChildTasks: Bool {
        let args = CommandLine.arguments
        let exclude = args.lastIndex(of: "--exclude_child_tasks") ?? -1
        let include = args.lastIndex(of: "--include_child_tasks") ?? -1
        return include >= exclude
    }

    /// damo keeps an existing output as `<file>.old`.
    func backUp(_ path: String) {
        if ProcFS.isRegularFile(path) { _ = rename(path, path + ".old") }
    }
}
