import DamonModel

/// The options `damo help` describes, in damo's order and words (the text
/// damo users know); each is an option our commands take.
enum HelpTopics {
    typealias Entry = ArgparseHelp.Entry

    static let deducibleTarget = Entry(
        invocation: "<deducible string>",
        help: "The implicit monitoring requests. It could be a command, process id, special keywords, or full DAMON parameters (same to that for --kdamonds)")

    /// Options for kdamonds and contexts, shared by both categories.
    static let common: [Entry] = [
        Entry(invocation: "--kdamond", help: "mark start of options for a kdamond on the command line"),
        Entry(invocation: "--damon_ctx", help: "mark start of options for a DAMON context on the command line"),
        Entry(invocation: "--ops {vaddr,paddr,fvaddr}", help: "monitoring operations set"),
        Entry(invocation: "--probe", help: "mark beginning of a new probe options on the command line"),
        Entry(invocation: "--probe_prep <prep action>", help: "data attribute monitoring probe prep"),
        Entry(invocation: "--probe_filter <<allow|reject> [non] <type> [option]...> [<<allow|reject> [non] <type> [option]...> ...]",
              help: "data attribute monitoring probe filter"),
        Entry(invocation: "--probe_weight <int> [<int> ...]", help: "data attribute probe weight"),
        Entry(invocation: "--pause_ctx <context index> [<context index> ...]", help: "contexts to pause"),
        Entry(invocation: "--refresh_stat <milliseconds>", help: "automatic kdamond internal stat refresh interval"),
        Entry(invocation: "--damon_addr_unit <bytes>", help: "DAMON address unit"),
    ]

    static let monitoring: [Entry] = [
        Entry(invocation: "--damon_target", help: "mark start of options for a target on the command line"),
        Entry(invocation: "--target_pid <pid>", help: "pid of monitoring target process"),
        Entry(invocation: "-r \"<start>-<end> ...\", --regions \"<start>-<end> ...\"", help: "monitoring target address regions"),
        Entry(invocation: "--numa_node <node id> [<node id> ...]", help: "if target is 'paddr', limit it to the numa node"),
        Entry(invocation: "--monitoring_intervals_autotune", help: "use default monitoring intervals goal (4% 3 5ms 10s)"),
        Entry(invocation: "--monitoring_intervals <sample> <aggr> <update>", help: "monitoring intervals (us)"),
        Entry(invocation: "--monitoring_intervals_goal <access_bp> <aggrs> <min_sample_us> <max_sample_us>",
              help: "monitoring intervals auto-tuning goal"),
        Entry(invocation: "--monitoring_nr_regions_range <min> <max>", help: "min/max number of monitoring regions"),
        Entry(invocation: "--obsolete_targets <target index> [<target index> ...]", help: "obsolte targets"),
    ]

    static let damos: [Entry] = [
        Entry(invocation: "--damos_scheme", help: "mark start of options for a scheme on the command line"),
        Entry(invocation: "--damos_action <action> [<action> ...]",
              help: "damos action to apply to the target regions. <action> should be {"
                  + DamosAction.allCases.map(\.rawValue).joined(separator: ",")
                  + "}. for 'migrate_{hot,cold}' actions, single target node id or multiple destination nodes input should also be given."),
        Entry(invocation: "--damos_sz_region <min> <max>", help: "min/max size of damos target regions (bytes)"),
        Entry(invocation: "--damos_access_rate <min> <max>", help: "min/max access rate of damos target regions (percent)"),
        Entry(invocation: "--damos_age <min> <max>", help: "min/max age of damos target regions (microseconds)"),
        Entry(invocation: "--damos_apply_interval <microseconds>", help: "the apply interval for the scheme"),
        Entry(invocation: "--damos_quotas <quota parameter> [<quota parameter> ...]",
              help: "damos quotas (<time (ms)> [<size (bytes)> [<reset interval (ms)> [<size priority weight (permil)> [<access rate priority weight> (permil) [<age priority weight> (permil)]]]]])"),
        Entry(invocation: "--damos_quota_interval <milliseconds>", help: "quota reset interval"),
        Entry(invocation: "--damos_quota_time <milliseconds>", help: "time quota"),
        Entry(invocation: "--damos_quota_space <bytes>", help: "space quota"),
        Entry(invocation: "--damos_quota_weights <permil> <permil> <permil>", help: "quota's prioritization weights"),
        Entry(invocation: "--damos_quota_fail_charge_ratio <numerator> <denominator>", help: "quota failed regions charge ratio"),
        Entry(invocation: "--damos_quota_goal <metric or value> [<metric or value> ...]",
              help: "damos quota goal (<metric> <target value> [optional value]). <metric> should be {"
                  + DamosQuotaGoalMetric.allCases.map(\.rawValue).joined(separator: ",") + "}."),
        Entry(invocation: "--damos_quota_goal_tuner DAMOS_QUOTA_GOAL_TUNER", help: "quota's goal-based tuner"),
        Entry(invocation: "--damos_filter <filed> [<filed> ...]", help: "<allow|reject> [none] <type> [option]..."),
        Entry(invocation: "--damos_wmarks <metric (none|free_mem_rate)> <interval (us)> <high mark (permil)> <mid mark (permil)> <low mark (permil)>",
              help: "damos watermarks"),
        Entry(invocation: "--damos_max_nr_snapshots DAMOS_MAX_NR_SNAPSHOTS", help: "damos max_nr_snapshots"),
    ]

    /// The record filters of the reports (RecordFilterOptions).
    static let accessFilter: [Entry] = [
        Entry(invocation: "--sz_region <min> <max>", help: "min/max size of regions (bytes) to filter in"),
        Entry(invocation: "--access_rate <min> <max>", help: "min/max access rate of regions (percent) to filter in"),
        Entry(invocation: "--age <min> <max>", help: "min/max age of regions (seconds) to filter in"),
        Entry(invocation: "--address <start> <end>", help: "address ranges to filter in"),
        Entry(invocation: "--sz_snapshot <min> <max>", help: "min/max total size of regions of snapshots to filter in"),
        Entry(invocation: "--snapshot_time <start (ns)> <end (ns)>", help: "show snapshots generated in these time intervals"),
        Entry(invocation: "--snapshot_idx <start> <end>", help: "show snapshots of these indices range"),
        Entry(invocation: "--temperature <min> <max>", help: "min/max temperature of regions to filter in"),
    ]

    static let sortKeys = "address,access_rate,age,size,temperature"

    /// The format options of `report access` (damo's --json is not one of
    /// ours).
    static let accessFormat: [Entry] = [
        Entry(invocation: "--style {detailed,simple-boxes,temperature-sz-hist,recency-sz-hist,cold-memory-tail,recency-percentiles,idle-time-percentiles,temperature-percentiles,cold,hot}",
              help: "output format selection among pre-configures ones"),
        Entry(invocation: "--percentiles_range <number> [<number> ...]",
              help: "Percentiles to show. If <=3 arguments are given, ranges are made with Python range() function. If >3 argumenta are given, show percentiles of each argument."),
        Entry(invocation: "--sort_regions_by {\(sortKeys)} [{\(sortKeys)} ...]", help: "fields to sort regions by"),
        Entry(invocation: "--sort_regions_dsc {\(sortKeys),all} [{\(sortKeys),all} ...]",
              help: "sort regions in descending order for the given keys"),
        Entry(invocation: "--temperature_weights <int> <int> <int>",
              help: "temperature weights for size, access frequency, and age of each region"),
        Entry(invocation: "--hist_logscale", help: "draw histograms in logscale"),
        Entry(invocation: "--hist_ranges HIST_RANGES [HIST_RANGES ...]", help: "histogram range values"),
        Entry(invocation: "--hist_cumulate", help: "draw histogram in cumulative way"),
        Entry(invocation: "--format <set|append> <record_head|snapshot_head|region|snapshot_tail|record_tail> <format string> [<set|append> <record_head|snapshot_head|region|snapshot_tail|record_tail> <format string> ...]",
              help: "customize report content format"),
        Entry(invocation: "--snapshot_heatmap_width <number>", help: "width of snapshot heatmap"),
        Entry(invocation: "--snapshot_heatmap_colorset {gray,flame,emotion}", help: "snapshot heatmap colorset"),
        Entry(invocation: "--snapshot_heatmap_static", help: "draw snapshot heatmap as static"),
        Entry(invocation: "--region_box", help: "show region access pattern as a box"),
        Entry(invocation: "--region_box_values {size,access_rate,age,none} {size,access_rate,age,none} {size,access_rate,age,none}",
              help: "values to show via the <box>'s length, color, and height"),
        Entry(invocation: "--region_box_min_max_length <min> <max>", help: "minimum and maximum number of the region box' length"),
        Entry(invocation: "--region_box_min_max_height <min> <max>", help: "minimum and maximum number of region box' height"),
        Entry(invocation: "--region_box_colorset {gray,flame,emotion}", help: "colorset to use for region box"),
        Entry(invocation: "--region_box_scales {linear,log} {linear,log} {linear,log}", help: "scale of region box' length, color, and height"),
        Entry(invocation: "--region_box_align {left,right}", help: "where to align the region box"),
        Entry(invocation: "--min_chars_for <keyword> <number>", help: "minimum character for each keyword of the format"),
        Entry(invocation: "--total_sz_only", help: "print only total size of the regions for each snapshot"),
        Entry(invocation: "--dont_merge_regions", help: "don't merge contiguous regions of same access pattern"),
        Entry(invocation: "--raw_number", help: "use machine-friendly raw numbers"),
        Entry(invocation: "--raw_form", help: "print in raw format"),
    ]

    /// The long option names of entries (for checking them against the
    /// options the commands take).
    static func optionNames(_ entries: [Entry]) -> [String] {
        entries.flatMap { entry in
            entry.invocation.split(separator: " ").filter { $0.hasPrefix("--") }
                .map { String($0.drop(while: { $0 == "-" }).prefix(while: { $0 != "," })) }
        }
    }
}
