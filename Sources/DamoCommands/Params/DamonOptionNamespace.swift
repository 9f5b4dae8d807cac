import DamonModel
/// The DAMON parameter options as damo's argparse namespace holds them:
/// nil for options not given, one entry per occurrence, per-context and
/// per-target lists padded with nil as damo pads them with None.
struct DamonParamArgs {
    var kdamond = false, damonCtx = false, damonTarget = false, damosScheme = false, probe = false
    /// Option names in command line order (start markers included).
    var order: [String] = []

    var ops: [String?]?
    var probePrep: [String] = []
    var nrProbePreps: [Int]?
    var probeFilter: [[String]] = []
    var nrProbeFilters: [Int]?
    var probeWeight: [[Int]] = []
    var nrProbes: [Int]?
    var pauseCtx: [Int]?
    var expOpsUseReports: [String?]?
    var expOpsWriteOnly: [String?]?
    var expOpsCpus: [String?]?
    var expOpsTids: [String?]?
    var refreshStat: [String]?
    var damonAddrUnit: [String?]?

    var targetPid: [Int?]?
    var regions: [String?]?
    var numaNode: [[Int]?]?
    var monitoringIntervalsAutotune = false
    var monitoringIntervals: [[String]?]?
    var monitoringIntervalsGoal: [[String]?]?
    var monitoringNrRegionsRange: [[String]?]?
    var samplePrimitives: [[String]?]?
    var nrTargets: [Int]?
    var obsoleteTargets: [Int]?
    var nrCtxs: [Int]?

    var damosAction: [[String]] = []
    var damosSzRegion: [[String]] = []
    var damosAccessRate: [[String]] = []
    var damosAge: [[String]] = []
    var damosApplyInterval: [String] = []
    var damosQuotas: [[String]?] = []
    var damosQuotaInterval: [String] = []
    var damosQuotaTime: [String] = []
    var damosQuotaSpace: [String] = []
    var damosQuotaWeights: [[String]] = []
    var damosQuotaFailChargeRatio: [[String]] = []
    var damosQuotaGoal: [[String]] = []
    var damosQuotaGoalTuner: [String?] = []
    var damosNrQuotaGoals: [Int] = []
    var damosFilter: [[String]] = []
    var damosNrFilters: [Int] = []
    var damosWmarks: [[String]?] = []
    var damosMaxNrSnapshots: [String?] = []
    var nrSchemes: [Int]?

    var schemes: String?
    var kdamonds: String?
    var deducibleTarget: String?

    var sample: [String?]?
    var aggr: [String?]?
    var updr: [String?]?
    var minr: [String?]?
    var maxr: [String?]?
}

extension DamonParamArgs {
    /// The options of `o`, grouped by occurrence from `commandLine` (the
    /// arguments after the program name).
    init(_ o: DamonParamOptions, commandLine: [String]) throws {
        let scan = DamonParamScan(commandLine)
        func groups(_ name: String, _ flat: [String]) throws -> [[String]] { try scan.occurrences(name, flat) }
        func ints(_ name: String, _ values: [String]) throws -> [Int] {
            try values.map {
                guard let i = UnitParse.pyInt($0), let v = Int(exactly: i) else {
                    throw CLIError("argument --\(name): invalid int value: '\($0)'")
                }
                return v
            }
        }
        /// nargs='+' without append: the last occurrence counts.
        func lastInts(_ name: String, _ flat: [String]) throws -> [Int]? {
            guard let last = try groups(name, flat).last else { return nil }
            return try ints(name, last)
        }
        func optional<T>(_ values: [T]) -> [T?]? { values.isEmpty ? nil : values.map { $0 } }

        kdamond = o.kdamond
        damonCtx = o.damonCtx
        damonTarget = o.damonTarget
        damosScheme = o.damosScheme
        probe = o.probe
        order = scan.order
        ops = optional(o.ops)
        for name in o.ops where DamonOps(rawValue: name) == nil {
            throw CLIError("argument --ops: invalid choice: '\(name)' (choose from 'vaddr', 'paddr', 'fvaddr')")
        }
        probePrep = o.probePrep
        nrProbePreps = try lastInts("nr_probe_preps", o.nrProbePreps)
        probeFilter = try groups("probe_filter", o.probeFilter)
        nrProbeFilters = try lastInts("nr_probe_filters", o.nrProbeFilters)
        probeWeight = try groups("probe_weight", o.probeWeight).map { try ints("probe_weight", $0) }
        nrProbes = try lastInts("nr_probes", o.nrProbes)
        pauseCtx = try lastInts("pause_ctx", o.pauseCtx)
        expOpsUseReports = optional(o.expOpsUseReports)
        expOpsWriteOnly = optional(o.expOpsWriteOnly)
        expOpsCpus = optional(o.expOpsCpus)
        expOpsTids = optional(o.expOpsTids)
        refreshStat = o.refreshStat.isEmpty ? nil : o.refreshStat
        damonAddrUnit = optional(o.damonAddrUnit)

        targetPid = o.targetPid.isEmpty ? nil : try ints("target_pid", o.targetPid).map { $0 }
        regions = optional(o.regions)
        let numa = try groups("numa_node", o.numaNode).map { try ints("numa_node", $0) }
        numaNode = optional(numa)
        monitoringIntervalsAutotune = o.monitoringIntervalsAutotune
        monitoringIntervals = optional(try groups("monitoring_intervals", o.monitoringIntervals))
        monitoringIntervalsGoal = optional(try groups("monitoring_intervals_goal", o.monitoringIntervalsGoal))
        monitoringNrRegionsRange = optional(try groups("monitoring_nr_regions_range", o.monitoringNrRegionsRange))
        let primitives = try groups("sample_primitives", o.samplePrimitives)
        for p in primitives.joined() where p != "page_table" && p != "page_fault" {
            throw CLIError("argument --sample_primitives: invalid choice: '\(p)' (choose from 'page_table', 'page_fault')")
        }
        samplePrimitives = optional(primitives)
        nrTargets = try lastInts("nr_targets", o.nrTargets)
        obsoleteTargets = try lastInts("obsolete_targets", o.obsoleteTargets)
        nrCtxs = try lastInts("nr_ctxs", o.nrCtxs)

        damosAction = try groups("damos_action", o.damosAction)
        damosSzRegion = try groups("damos_sz_region", o.damosSzRegion)
        damosAccessRate = try groups("damos_access_rate", o.damosAccessRate)
        damosAge = try groups("damos_age", o.damosAge)
        damosApplyInterval = o.damosApplyInterval
        damosQuotas = try groups("damos_quotas", o.damosQuotas)
        damosQuotaInterval = o.damosQuotaInterval
        damosQuotaTime = o.damosQuotaTime
        damosQuotaSpace = o.damosQuotaSpace
        damosQuotaWeights = try groups("damos_quota_weights", o.damosQuotaWeights)
        damosQuotaFailChargeRatio = try groups("damos_quota_fail_charge_ratio", o.damosQuotaFailChargeRatio)
        damosQuotaGoal = try groups("damos_quota_goal", o.damosQuotaGoal)
        damosQuotaGoalTuner = o.damosQuotaGoalTuner
        damosNrQuotaGoals = try lastInts("damos_nr_quota_goals", o.damosNrQuotaGoals) ?? []
        damosFilter = try groups("damos_filter", o.damosFilter)
        damosNrFilters = try lastInts("damos_nr_filters", o.damosNrFilters) ?? []
        damosWmarks = try groups("damos_wmarks", o.damosWmarks)
        damosMaxNrSnapshots = o.damosMaxNrSnapshots
        nrSchemes = try lastInts("nr_schemes", o.nrSchemes)

        schemes = o.schemes
        kdamonds = o.kdamonds
        deducibleTarget = o.deducibleTarget
        sample = optional(o.sample)
        aggr = optional(o.aggr)
        updr = optional(o.updr)
        minr = optional(o.minr)
        maxr = optional(o.maxr)
    }

    /// Whether any --damos_* option other than --damos_action is given.
    var anyDamosOptionButAction: Bool {
        !(damosSzRegion.isEmpty && damosAccessRate.isEmpty && damosAge.isEmpty && damosApplyInterval.isEmpty
            && damosQuotas.isEmpty && damosQuotaInterval.isEmpty && damosQuotaTime.isEmpty
            && damosQuotaSpace.isEmpty && damosQuotaWeights.isEmpty && damosQuotaFailChargeRatio.isEmpty
            && damosQuotaGoal.isEmpty && damosQuotaGoalTuner.isEmpty && damosNrQuotaGoals.isEmpty
            && damosFilter.isEmpty && damosNrFilters.isEmpty && damosWmarks.isEmpty
            && damosMaxNrSnapshots.isEmpty)
    }
}
