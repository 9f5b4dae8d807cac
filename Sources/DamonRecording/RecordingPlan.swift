import DamonKernel
import DamonModel
import DamonRecords

/// What `damo record` is asked to record and where.
public struct RecordingPlan {
    /// The record file; side files are named after it.
    public var outputPath: String = "damon.data"
    /// json_compressed, json, perf_script, or perf_data (which only the
    /// tracepoint recording can give).
    public var outputType: String = RecordFormat.jsonCompressed.rawValue
    public var permission: Int = 0o600
    /// Complete outputs are saved into `<out>.<time>/` this often.
    public var flushSeconds: Double = 3600
    public var timeout: Double?
    /// `--snapshot DELAY COUNT`: COUNT snapshots, DELAY seconds apart.
    public var snapshots: (delay: Double, count: Int)?
    public var access = true
    public var cpuProfile = true
    public var memFootprint = true
    public var vmas = true
    public var procStats = true
    /// Every DAMON tracepoint, and the raw perf file kept as `<out>.trace`.
    public var damonTraceEvents = false
    public var perf = "perf"
    /// `--damon_tracer`: what records DAMON's tracepoints; nil is perf,
    /// else tracefs.
    public var tracer: DamonTracer?
    /// The tracefs to read DAMON's tracepoints from, if mounted.
    public var tracefs: () -> TracefsFiles? = { Tracefs.locate(sysRoot: "/sys").map { RealTracefs(root: $0) } }
    /// The regions the user's schemes were tried at, instead of all.
    public var schemesTargetRegions = false
    /// The snapshot scheme's access pattern and filters.
    public var accessPattern = DamosAccessPattern()
    public var damosFilters: [DamosFilter] = []
    /// Applied to snapshots before they are kept.
    public var recordFilter: RecordFilter?

    public init() {}

    /// The record's format, unless the record is perf's own file.
    public var recordFormat: RecordFormat? { RecordFormat(rawValue: outputType).flatMap { $0 == .perfData ? nil : $0 } }

    /// damo's "Press Ctrl+C to stop" unless a few immediate snapshots.
    public var takesAWhile: Bool {
        guard let s = snapshots else { return true }
        return !(s.delay == 0 && s.count < 5)
    }
}

/// The recording could not be done or saved; one line for the user.
public struct RecordingError: DamoFailure {
    public let description: String
    public init(_ description: String) { self.description = description }
}
