import ArgumentParser
import DamonModel

/// damo's DAMON parameter options (`damo help damon_param_options`),
/// shared by the commands that build kdamonds: args damon, start, tune,
/// record.  Options that damo takes several times with several values
/// each are grouped per occurrence from the command line itself (see
/// DamonParamScan), as one flat list loses where one ends.
struct DamonParamOptions: ParsableArguments {
    // MARK: start markers

    @Flag(name: .customLong("kdamond"), help: "mark start of options for a kdamond on the command line")
    var kdamond = false

    @Flag(name: .customLong("damon_ctx"), help: "mark start of options for a DAMON context on the command line")
    var damonCtx = false

    @Flag(name: .customLong("damon_target"), help: "mark start of options for a target on the command line")
    var damonTarget = false

    @Flag(name: .customLong("damos_scheme"), help: "mark start of options for a scheme on the command line")
    var damosScheme = false

    @Flag(name: .customLong("probe"), help: "mark beginning of a new probe options on the command line")
    var probe = false

    // MARK: contexts

    @Option(name: .customLong("ops"), help: ArgumentHelp("monitoring operations set", valueName: "vaddr|paddr|fvaddr"))
    var ops: [String] = []

    @Option(name: .customLong("probe_prep"), help: ArgumentHelp("data attribute monitoring probe prep", valueName: "prep action"))
    var probePrep: [String] = []

    @Option(name: .customLong("nr_probe_preps"), parsing: .upToNextOption, help: .hidden)
    var nrProbePreps: [String] = []

    @Option(name: .customLong("probe_filter"), parsing: .upToNextOption,
            help: ArgumentHelp("data attribute monitoring probe filter", valueName: "<allow|reject> [non] <type> [option]..."))
    var probeFilter: [String] = []

    @Option(name: .customLong("nr_probe_filters"), parsing: .upToNextOption, help: .hidden)
    var nrProbeFilters: [String] = []

    @Option(name: .customLong("probe_weight"), parsing: .upToNextOption,
            help: ArgumentHelp("data attribute probe weight", valueName: "int"))
    var probeWeight: [String] = []

    @Option(name: .customLong("nr_probes"), parsing: .upToNextOption, help: .hidden)
    var nrProbes: [String] = []

    @Option(name: .customLong("pause_ctx"), parsing: .upToNextOption,
            help: ArgumentHelp("contexts to pause", valueName: "context index"))
    var pauseCtx: [String] = []

    @Option(name: .customLong("exp_ops_use_reports"), help: .hidden)
    var expOpsUseReports: [String] = []

    @Option(name: .customLong("exp_ops_write_only"), help: .hidden)
    var expOpsWriteOnly: [String] = []

    @Option(name: .customLong("exp_ops_cpus"), help: .hidden)
    var expOpsCpus: [String] = []

    @Option(name: .customLong("exp_ops_tids"), help: .hidden)
    var expOpsTids: [String] = []

    @Option(name: .customLong("refresh_stat"),
            help: ArgumentHelp("automatic kdamond internal stat refresh interval", valueName: "milliseconds"))
    var refreshStat: [String] = []

    @Option(name: .customLong("damon_addr_unit"), help: ArgumentHelp("DAMON address unit", valueName: "bytes"))
    var damonAddrUnit: [String] = []

    // MARK: targets

    @Option(name: .customLong("target_pid"), help: ArgumentHelp("pid of monitoring target process", valueName: "pid"))
    var targetPid: [String] = []

    @Option(name: [.customShort("r"), .customLong("regions")],
            help: ArgumentHelp("monitoring target address regions", valueName: "\"<start>-<end> ...\""))
    var regions: [String] = []

    @Option(name: .customLong("numa_node"), parsing: .upToNextOption,
            help: ArgumentHelp("if target is 'paddr', limit it to the numa node", valueName: "node id"))
    var numaNode: [String] = []

    @Flag(name: .customLong("monitoring_intervals_autotune"), help: "use default monitoring intervals goal (4% 3 5ms 10s)")
    var monitoringIntervalsAutotune = false

    @Option(name: .customLong("monitoring_intervals"), parsing: .upToNextOption,
            help: ArgumentHelp("monitoring intervals (us)", valueName: "sample> <aggr> <update"))
    var monitoringIntervals: [String] = []

    @Option(name: .customLong("monitoring_intervals_goal"), parsing: .upToNextOption,
            help: ArgumentHelp("monitoring intervals auto-tuning goal",
                               valueName: "access_bp> <aggrs> <min_sample_us> <max_sample_us"))
    var monitoringIntervalsGoal: [String] = []

    @Option(name: .customLong("monitoring_nr_regions_range"), parsing: .upToNextOption,
            help: ArgumentHelp("min/max number of monitoring regions", valueName: "min> <max"))
    var monitoringNrRegionsRange: [String] = []

    @Option(name: .customLong("sample_primitives"), parsing: .upToNextOption, help: .hidden)
    var samplePrimitives: [String] = []

    @Option(name: .customLong("nr_targets"), parsing: .upToNextOption, help: .hidden)
    var nrTargets: [String] = []

    @Option(name: .customLong("obsolete_targets"), parsing: .upToNextOption,
            help: ArgumentHelp("obsolte targets", valueName: "target index"))
    var obsoleteTargets: [String] = []

    @Option(name: .customLong("nr_ctxs"), parsing: .upToNextOption, help: .hidden)
    var nrCtxs: [String] = []

    // MARK: schemes

    @Option(name: .customLong("damos_action"), parsing: .upToNextOption,
            help: ArgumentHelp(
                "damos action to apply to the target regions. <action> should be {"
                    + DamosAction.allCases.map(\.rawValue).joined(separator: ",")
                    + "}. for 'migrate_{hot,cold}' actions, single target node id or multiple destination nodes input should also be given.",
                valueName: "action"))
    var damosAction: [String] = []

    @Option(name: .customLong("damos_sz_region"), parsing: .upToNextOption,
            help: ArgumentHelp("min/max size of damos target regions (bytes)", valueName: "min> <max"))
    var damosSzRegion: [String] = []

    @Option(name: .customLong("damos_access_rate"), parsing: .upToNextOption,
            help: ArgumentHelp("min/max access rate of damos target regions (percent)", valueName: "min> <max"))
    var damosAccessRate: [String] = []

    @Option(name: .customLong("damos_age"), parsing: .upToNextOption,
            help: ArgumentHelp("min/max age of damos target regions (microseconds)", valueName: "min> <max"))
    var damosAge: [String] = []

    @Option(name: .customLong("damos_apply_interval"),
            help: ArgumentHelp("the apply interval for the scheme", valueName: "microseconds"))
    var damosApplyInterval: [String] = []

    @Option(name: .customLong("damos_quotas"), parsing: .upToNextOption,
            help: ArgumentHelp(
                "damos quotas (<time (ms)> [<size (bytes)> [<reset interval (ms)> [<size priority weight (permil)> "
                    + "[<access rate priority weight> (permil) [<age priority weight> (permil)]]]]])",
                valueName: "quota parameter"))
    var damosQuotas: [String] = []

    @Option(name: .customLong("damos_quota_interval"), help: ArgumentHelp("quota reset interval", valueName: "milliseconds"))
    var damosQuotaInterval: [String] = []

    @Option(name: .customLong("damos_quota_time"), help: ArgumentHelp("time quota", valueName: "milliseconds"))
    var damosQuotaTime: [String] = []

    @Option(name: .customLong("damos_quota_space"), help: ArgumentHelp("space quota", valueName: "bytes"))
    var damosQuotaSpace: [String] = []

    @Option(name: .customLong("damos_quota_weights"), parsing: .upToNextOption,
            help: ArgumentHelp("quota's prioritization weights", valueName: "permil> <permil> <permil"))
    var damosQuotaWeights: [String] = []

    @Option(name: .customLong("damos_quota_fail_charge_ratio"), parsing: .upToNextOption,
            help: ArgumentHelp("quota failed regions charge ratio", valueName: "numerator> <denominator"))
    var damosQuotaFailChargeRatio: [String] = []

    @Option(name: .customLong("damos_quota_goal"), parsing: .upToNextOption,
            help: ArgumentHelp(
                "damos quota goal (<metric> <target value> [optional value]). <metric> should be {"
                    + DamosQuotaGoalMetric.allCases.map(\.rawValue).joined(separator: ",") + "}.",
                valueName: "metric or value"))
    var damosQuotaGoal: [String] = []

    @Option(name: .customLong("damos_quota_goal_tuner"), help: ArgumentHelp("quota's goal-based tuner", valueName: "consist|temporal"))
    var damosQuotaGoalTuner: [String] = []

    @Option(name: .customLong("damos_nr_quota_goals"), parsing: .upToNextOption, help: .hidden)
    var damosNrQuotaGoals: [String] = []

    @Option(name: .customLong("damos_filter"), parsing: .upToNextOption,
            help: ArgumentHelp("<allow|reject> [none] <type> [option]...", valueName: "field"))
    var damosFilter: [String] = []

    @Option(name: .customLong("damos_nr_filters"), parsing: .upToNextOption, help: .hidden)
    var damosNrFilters: [String] = []

    @Option(name: .customLong("damos_wmarks"), parsing: .upToNextOption,
            help: ArgumentHelp("damos watermarks",
                               valueName: "metric (none|free_mem_rate)> <interval (us)> <high mark (permil)> <mid mark (permil)> <low mark (permil)"))
    var damosWmarks: [String] = []

    @Option(name: .customLong("damos_max_nr_snapshots"), help: "damos max_nr_snapshots")
    var damosMaxNrSnapshots: [String] = []

    @Option(name: .customLong("nr_schemes"), parsing: .upToNextOption, help: .hidden)
    var nrSchemes: [String] = []

    // MARK: whole parameters

    @Option(name: [.customShort("c"), .customLong("schemes")], help: .hidden)
    var schemes: String?

    @Option(name: .customLong("kdamonds"), help: .hidden)
    var kdamonds: String?

    @Argument(help: ArgumentHelp(
        "The implicit monitoring requests. It could be a command, process id, special keywords, or full DAMON parameters (same to that for --kdamonds)",
        valueName: "deducible string"))
    var deducibleTarget: String?

    // MARK: pinpoint monitoring attributes (hidden, as in damo)

    @Option(name: [.customShort("s"), .customLong("sample")], help: .hidden)
    var sample: [String] = []

    @Option(name: [.customShort("a"), .customLong("aggr")], help: .hidden)
    var aggr: [String] = []

    @Option(name: [.customShort("u"), .customLong("updr")], help: .hidden)
    var updr: [String] = []

    @Option(name: [.customShort("n"), .customLong("minr")], help: .hidden)
    var minr: [String] = []

    @Option(name: [.customShort("m"), .customLong("maxr")], help: .hidden)
    var maxr: [String] = []
}
