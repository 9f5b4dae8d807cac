import DamonModel

extension DamonOption {
    /// damo's DAMON parameter options, in the order `--help` lists them
    /// and their values are checked; the help texts are damo's own words.
    /// An option of one kdamond, context or scheme is this entry and the
    /// model's field it sets; the rest are read by DamonParamsResolver.
    public static let table: [DamonOption] = [
        // Start markers: where the options of a kdamond, context, target,
        // scheme or probe begin on the command line.
        DamonOption("kdamond", .flag, help: "mark start of options for a kdamond on the command line",
                    topic: .common, update: .flag(\.kdamond)),
        DamonOption("damon_ctx", .flag, help: "mark start of options for a DAMON context on the command line",
                    topic: .common, update: .flag(\.damonCtx)),
        DamonOption("damon_target", .flag, help: "mark start of options for a target on the command line",
                    topic: .monitoring, update: .flag(\.damonTarget)),
        DamonOption("damos_scheme", .flag, help: "mark start of options for a scheme on the command line",
                    topic: .damos, update: .flag(\.damosScheme)),

        // Contexts and kdamonds.
        DamonOption("ops", .one, help: "monitoring operations set", topic: .common,
                    choices: ["vaddr", "paddr", "fvaddr"], valueName: "vaddr|paddr|fvaddr", update: .custom {
                        $0.ops = $1.isEmpty ? nil : $1.map(\.first)
                        try DamonOptionNamespace.check($1.flatMap { $0 }, "ops", choices: ["vaddr", "paddr", "fvaddr"])
                    }),
        DamonOption("probe", .flag, help: "mark beginning of a new probe options on the command line",
                    topic: .common, update: .flag(\.probe)),
        DamonOption("probe_prep", .one, help: "data attribute monitoring probe prep", topic: .common,
                    metavar: "<prep action>", update: .strings(\.probePrep)),
        DamonOption("nr_probe_preps", .oneOrMore, update: .counts(\.nrProbePreps)),
        DamonOption("probe_filter", .oneOrMore, help: "data attribute monitoring probe filter", topic: .common,
                    metavar: "<<allow|reject> [non] <type> [option]...>", update: .groups(\.probeFilter)),
        DamonOption("nr_probe_filters", .oneOrMore, update: .counts(\.nrProbeFilters)),
        DamonOption("probe_weight", .oneOrMore, help: "data attribute probe weight", topic: .common,
                    metavar: "<int>", update: .custom {
                        $0.probeWeight = try $1.map { try DamonOptionNamespace.ints("probe_weight", $0) }
                    }),
        DamonOption("nr_probes", .oneOrMore, update: .counts(\.nrProbes)),
        DamonOption("pause_ctx", .oneOrMore, help: "contexts to pause", topic: .common, metavar: "<context index>",
                    update: .counts(\.pauseCtx)),
        DamonOption("exp_ops_use_reports", .one, update: .values(\.expOpsUseReports)),
        DamonOption("exp_ops_write_only", .one, update: .values(\.expOpsWriteOnly)),
        DamonOption("exp_ops_cpus", .one, update: .values(\.expOpsCpus)),
        DamonOption("exp_ops_tids", .one, update: .values(\.expOpsTids)),
        DamonOption("refresh_stat", .one, help: "automatic kdamond internal stat refresh interval", topic: .common,
                    metavar: "<milliseconds>", update: .kdamond {
                        $0.refreshMs = try DamonParamsResolver.parse($1[0], UnitParse.ms, "kdamond creation fail")
                    }),
        DamonOption("damon_addr_unit", .one, help: "DAMON address unit", topic: .common, metavar: "<bytes>",
                    update: .context {
                        $0.addrUnit = try DamonParamsResolver.parse($1[0], UnitParse.bytes,
                                                                    "Creating context from arguments failed")
                    }),

        // Targets and monitoring attributes.
        DamonOption("target_pid", .one, help: "pid of monitoring target process", topic: .monitoring,
                    metavar: "<pid>", update: .custom {
                        $0.targetPid = $1.isEmpty ? nil : try DamonOptionNamespace.ints("target_pid", $1.flatMap { $0 })
                    }),
        DamonOption("regions", .one, short: "r", help: "monitoring target address regions", topic: .monitoring,
                    metavar: "\"<start>-<end> ...\"", update: .values(\.regions)),
        DamonOption("numa_node", .oneOrMore, help: "if target is 'paddr', limit it to the numa node",
                    topic: .monitoring, metavar: "<node id>", update: .custom {
                        $0.numaNode = $1.isEmpty ? nil : try $1.map { try DamonOptionNamespace.ints("numa_node", $0) }
                    }),
        DamonOption("monitoring_intervals_autotune", .flag,
                    help: "use default monitoring intervals goal (4% 3 5ms 10s)", topic: .monitoring,
                    update: .flag(\.monitoringIntervalsAutotune)),
        DamonOption("monitoring_intervals", .fixed(3), help: "monitoring intervals (us)", topic: .monitoring,
                    metavar: "<sample> <aggr> <update>", update: .optionalGroups(\.monitoringIntervals)),
        DamonOption("monitoring_intervals_goal", .fixed(4), help: "monitoring intervals auto-tuning goal",
                    topic: .monitoring, metavar: "<access_bp> <aggrs> <min_sample_us> <max_sample_us>",
                    update: .optionalGroups(\.monitoringIntervalsGoal)),
        DamonOption("monitoring_nr_regions_range", .fixed(2), help: "min/max number of monitoring regions",
                    topic: .monitoring, metavar: "<min> <max>", update: .optionalGroups(\.monitoringNrRegionsRange)),
        DamonOption("sample_primitives", .oneOrMore, update: .custom {
            try DamonOptionNamespace.check($1.flatMap { $0 }, "sample_primitives", choices: ["page_table", "page_fault"])
            $0.samplePrimitives = $1.isEmpty ? nil : $1
        }),
        DamonOption("nr_targets", .oneOrMore, update: .counts(\.nrTargets)),
        DamonOption("obsolete_targets", .oneOrMore, help: "obsolte targets", topic: .monitoring,
                    metavar: "<target index>", update: .counts(\.obsoleteTargets)),
        DamonOption("nr_ctxs", .oneOrMore, update: .counts(\.nrCtxs)),

        // Schemes.
        DamonOption("damos_action", .oneOrMore,
                    help: "damos action to apply to the target regions. <action> should be {"
                        + DamosAction.allCases.map(\.rawValue).joined(separator: ",")
                        + "}. for 'migrate_{hot,cold}' actions, single target node id or multiple destination nodes input should also be given.",
                    topic: .damos, metavar: "<action>", update: .groups(\.damosAction)),
        DamonOption("damos_sz_region", .fixed(2), help: "min/max size of damos target regions (bytes)",
                    topic: .damos, metavar: "<min> <max>", update: .scheme {
                        ($0.accessPattern.szMin, $0.accessPattern.szMax) =
                            try DamosResolver.range($1, UnitParse.bytes, "--damos_sz_region")
                    }),
        DamonOption("damos_access_rate", .fixed(2), help: "min/max access rate of damos target regions (percent)",
                    topic: .damos, metavar: "<min> <max>", update: .scheme {
                        ($0.accessPattern.nrAccessesMin, $0.accessPattern.nrAccessesMax) =
                            try DamosResolver.range($1, UnitParse.percent, "--damos_access_rate")
                    }),
        DamonOption("damos_age", .fixed(2), help: "min/max age of damos target regions (microseconds)",
                    topic: .damos, metavar: "<min> <max>", update: .scheme {
                        ($0.accessPattern.ageMin, $0.accessPattern.ageMax) =
                            try DamosResolver.range($1, UnitParse.us, "--damos_age")
                    }),
        DamonOption("damos_apply_interval", .one, help: "the apply interval for the scheme", topic: .damos,
                    metavar: "<microseconds>", update: .scheme {
                        $0.applyIntervalUs = try DamosResolver.number($1[0], UnitParse.us, "--damos_apply_interval")
                    }),
        DamonOption("damos_quotas", .oneOrMore,
                    help: "damos quotas (<time (ms)> [<size (bytes)> [<reset interval (ms)> [<size priority weight (permil)> "
                        + "[<access rate priority weight> (permil) [<age priority weight> (permil)]]]]])",
                    topic: .damos, metavar: "<quota parameter>", update: .custom { $0.damosQuotas = $1 }),
        DamonOption("damos_quota_interval", .one, help: "quota reset interval", topic: .damos,
                    metavar: "<milliseconds>", update: .strings(\.damosQuotaInterval)),
        DamonOption("damos_quota_time", .one, help: "time quota", topic: .damos, metavar: "<milliseconds>",
                    update: .strings(\.damosQuotaTime)),
        DamonOption("damos_quota_space", .one, help: "space quota", topic: .damos, metavar: "<bytes>",
                    update: .strings(\.damosQuotaSpace)),
        DamonOption("damos_quota_weights", .fixed(3), help: "quota's prioritization weights", topic: .damos,
                    metavar: "<permil> <permil> <permil>", update: .groups(\.damosQuotaWeights)),
        DamonOption("damos_quota_fail_charge_ratio", .fixed(2), help: "quota failed regions charge ratio",
                    topic: .damos, metavar: "<numerator> <denominator>", update: .groups(\.damosQuotaFailChargeRatio)),
        DamonOption("damos_quota_goal", .oneOrMore,
                    help: "damos quota goal (<metric> <target value> [optional value]). <metric> should be {"
                        + DamosQuotaGoalMetric.allCases.map(\.rawValue).joined(separator: ",") + "}.",
                    topic: .damos, metavar: "<metric or value>", update: .groups(\.damosQuotaGoal)),
        DamonOption("damos_quota_goal_tuner", .one, help: "quota's goal-based tuner", topic: .damos,
                    valueName: "consist|temporal", update: .custom { $0.damosQuotaGoalTuner = $1.map(\.first) }),
        DamonOption("damos_nr_quota_goals", .oneOrMore, update: .custom {
            $0.damosNrQuotaGoals = try $1.last.map { try DamonOptionNamespace.ints("damos_nr_quota_goals", $0) } ?? []
        }),
        // damo's help says "filed"; ours says "field".
        DamonOption("damos_filter", .oneOrMore, help: "<allow|reject> [none] <type> [option]...", topic: .damos,
                    metavar: "<filed>", valueName: "field", update: .groups(\.damosFilter)),
        DamonOption("damos_nr_filters", .oneOrMore, update: .custom {
            $0.damosNrFilters = try $1.last.map { try DamonOptionNamespace.ints("damos_nr_filters", $0) } ?? []
        }),
        DamonOption("damos_wmarks", .fixed(5), help: "damos watermarks", topic: .damos,
                    metavar: "<metric (none|free_mem_rate)> <interval (us)> <high mark (permil)> <mid mark (permil)> <low mark (permil)>",
                    update: .custom { $0.damosWmarks = $1 }),
        DamonOption("damos_max_nr_snapshots", .one, help: "damos max_nr_snapshots", topic: .damos,
                    update: .custom { $0.damosMaxNrSnapshots = $1.map(\.first) }),
        DamonOption("nr_schemes", .oneOrMore, update: .counts(\.nrSchemes)),

        // Whole parameters: a scheme list (-c/--schemes), kdamonds, or the
        // deducible target (a command, a pid, 'paddr', or parameters).
        DamonOption("schemes", .one, short: "c", update: .text(\.schemes)),
        DamonOption("kdamonds", .one, update: .text(\.kdamonds)),
        DamonOption("deducibleTarget", .positional,
                    help: "The implicit monitoring requests. It could be a command, process id, special keywords, or full DAMON parameters (same to that for --kdamonds)",
                    metavar: "<deducible string>", update: .text(\.deducibleTarget)),

        // Pinpoint monitoring attributes of early damo (hidden, as in damo).
        DamonOption("sample", .one, short: "s", update: .values(\.sample)),
        DamonOption("aggr", .one, short: "a", update: .values(\.aggr)),
        DamonOption("updr", .one, short: "u", update: .values(\.updr)),
        DamonOption("minr", .one, short: "n", update: .values(\.minr)),
        DamonOption("maxr", .one, short: "m", update: .values(\.maxr)),
    ]
}
