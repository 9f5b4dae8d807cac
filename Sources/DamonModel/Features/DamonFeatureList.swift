/// A DAMON feature under damo's name for it (`<interface>/<feature>`,
/// e.g. `sysfs/schemes_filters`), with when it reached the mainline.
public struct DamonFeature: Sendable, Equatable {
    public let name: String
    public let upstreamStatus: String
    /// `5.15`, ..., or `none` for what is not in the mainline.
    public let upstreamedVersion: String
    public let comments: String

    init(_ name: String, _ upstreamStatus: String, _ upstreamedVersion: String, _ comments: String = "") {
        self.name = name
        self.upstreamStatus = upstreamStatus
        self.upstreamedVersion = upstreamedVersion
        self.comments = comments
    }

    /// The mainline release that brought the feature, as (major, minor).
    public var upstreamedRelease: (Int, Int)? {
        let parts = upstreamedVersion.split(separator: ".").compactMap { Int($0) }
        return parts.count == 2 ? (parts[0], parts[1]) : nil
    }

    public static func named(_ name: String) -> DamonFeature? { all.first { $0.name == name } }
}

extension DamonFeature {
    /// The features damo 3.4.3 knows, in the order they reached the
    /// mainline (damo's feature list, which its `features` and `report
    /// sysinfo` print).
    public static let all: [DamonFeature] = [
        DamonFeature("debugfs/record", "withdrawn", "none", "was in DAMON patchset, but not merged in mainline"),
        DamonFeature("debugfs/vaddr", "merged in v5.15", "5.15"),
        DamonFeature("trace/damon_aggregated", "merged in v5.15 (2fcb93629ad8)", "5.15"),
        DamonFeature("interface/damon_debugfs", "merged in v5.15-rc1 (4bc05954d007)", "5.15"),
        DamonFeature("debugfs/schemes", "merged in v5.16", "5.16"),
        DamonFeature("debugfs/init_regions", "merged in v5.16 (90bebce9fcd6)", "5.16"),
        DamonFeature("debugfs/paddr", "merged in v5.16 (a28397beb55b)", "5.16"),
        DamonFeature("debugfs/schemes_size_quota", "merged in v5.16 (2b8a248d5873)", "5.16"),
        DamonFeature("debugfs/schemes_time_quota", "merged in v5.16 (1cd243030059)", "5.16"),
        DamonFeature("debugfs/schemes_prioritization", "merged in v5.16 (38683e003153)", "5.16"),
        DamonFeature("debugfs/schemes_wmarks", "merged in v5.16 (ee801b7dd782)", "5.16"),
        DamonFeature("interface/damon_reclaim", "merged in v5.16-rc1 (43b0536cb471)", "5.16"),
        DamonFeature("debugfs/schemes_stat_succ", "merged in v5.17 (0e92c2ee9f45)", "5.17"),
        DamonFeature("debugfs/schemes_stat_qt_exceed", "merged in v5.17 (0e92c2ee9f45)", "5.17"),
        DamonFeature("reclaim/stats", "merged in v5.17-rc1 (0e92c2ee9f45)", "5.17"),
        DamonFeature("debugfs/init_regions_target_idx", "merged in v5.18 (144760f8e0c3)", "5.18"),
        DamonFeature("interface/damon_sysfs", "merged in v5.18-rc1 (c951cd3b8901)", "5.18"),
        DamonFeature("sysfs/vaddr", "merged in v5.18-rc1 (c951cd3b8901)", "5.18"),
        DamonFeature("sysfs/schemes_time_quota", "merged in v5.18-rc1 (c951cd3b8901)", "5.18"),
        DamonFeature("sysfs/paddr", "merged in v5.18-rc1 (c951cd3b8901)", "5.18"),
        DamonFeature("sysfs/init_regions", "merged in v5.18-rc1 (c951cd3b8901)", "5.18"),
        DamonFeature("sysfs/schemes", "merged in v5.18-rc1 (c951cd3b8901)", "5.18"),
        DamonFeature("sysfs/schemes_stat_succ", "merged in v5.18-rc1 (c951cd3b8901)", "5.18"),
        DamonFeature("sysfs/schemes_size_quota", "merged in v5.18-rc1 (c951cd3b8901)", "5.18"),
        DamonFeature("sysfs/schemes_stat_qt_exceed", "merged in v5.18-rc1 (c951cd3b8901)", "5.18"),
        DamonFeature("sysfs/schemes_wmarks", "merged in v5.18-rc1 (c951cd3b8901)", "5.18"),
        DamonFeature("sysfs/schemes_prioritization", "merged in v5.18-rc1 (c951cd3b8901)", "5.18"),
        DamonFeature("sysfs/avail_ops", "merged in v5.19 (0f2cb5885771b)", "5.19"),
        DamonFeature("sysfs/fvaddr", "merged in v5.19 (b82434471cd2)", "5.19"),
        DamonFeature("sysfs/online_params_commit", "merged in v5.19 (adc286e6bdd3)", "5.19"),
        DamonFeature("reclaim/commit_inputs", "merged in v5.19 (81a84182c3430)", "5.19"),
        DamonFeature("interface/damon_lru_sort", "merged in v6.0-rc1 (40e983cca927)", "6.0"),
        DamonFeature("sysfs/schemes_tried_regions", "merged in v6.2-rc1", "6.2"),
        DamonFeature("sysfs/schemes_filters", "merged in v6.3-rc1", "6.3"),
        DamonFeature("sysfs/schemes_filters_anon", "merged in v6.3-rc1", "6.3"),
        DamonFeature("sysfs/schemes_filters_memcg", "merged in v6.3-rc1", "6.3"),
        DamonFeature("reclaim/skip_anon", "merged in v6.3-rc1 (d56fe24237c3d)", "6.3"),
        DamonFeature("sysfs/schemes_tried_regions_sz", "merged in v6.6-rc1", "6.6"),
        DamonFeature("sysfs/schemes_filters_addr", "merged in v6.6-rc1", "6.6"),
        DamonFeature("sysfs/schemes_filters_target", "merged in v6.6-rc1", "6.6"),
        DamonFeature("sysfs/schemes_apply_interval", "merged in v6.7-rc1", "6.7"),
        DamonFeature("trace/damos_before_apply", "merged in v6.7-rc1 (c603c630b509)", "6.7"),
        DamonFeature("sysfs/schemes_quota_goals", "merged in v6.8-rc1", "6.8"),
        DamonFeature("sysfs/schemes_quota_effective_bytes", "merged in v6.9-rc1", "6.9"),
        DamonFeature("sysfs/schemes_quota_goal_metric", "merged in v6.9-rc1", "6.9"),
        DamonFeature("sysfs/schemes_quota_goal_some_psi", "merged in v6.9-rc1", "6.9"),
        DamonFeature("reclaim/quota_mem_pressure_us", "merged in v6.9-rc1 (75c40c2509e79)", "6.9"),
        DamonFeature("reclaim/quota_user_feedback", "merged in v6.9-rc1 (75c40c2509e79)", "6.9"),
        DamonFeature("sysfs/schemes_filters_young", "merged in v6.10-rc1", "6.10"),
        DamonFeature("sysfs/schemes_migrate", "merged in v6.11-rc1", "6.11"),
        DamonFeature("sysfs/sz_ops_filter_passed", "merged in v6.14-rc1 (626ffabe67c2)", "6.14"),
        DamonFeature("sysfs/allow_filter", "merged in v6.14-rc1", "6.14"),
        DamonFeature("sysfs/schemes_filters_hugepage_size", "merged in v6.15-rc1 (0431c4262261)", "6.15"),
        DamonFeature("sysfs/schemes_filters_unmapped", "merged in v6.15-rc1", "6.15"),
        DamonFeature("sysfs/intervals_goal", "merged in v6.15-rc1 (1eb3471bf574)", "6.15"),
        DamonFeature("sysfs/schemes_filters_core_ops_dirs", "merged in v6.15-rc1", "6.15"),
        DamonFeature("sysfs/schemes_filters_active", "merged in v6.15-rc1 (3b23a44f1f19)", "6.15"),
        DamonFeature("sysfs/schemes_quota_goal_node_mem_used_free", "merged in v6.16-rc1 (0e1c773b501f)", "6.16"),
        DamonFeature("sysfs/schemes_dests", "merged in v6.17-rc1 (a2c24eae5a15)", "6.17"),
        DamonFeature("sysfs/refresh_ms", "merged in v6.17-rc1", "6.17"),
        DamonFeature("trace/damon_monitor_intervals_tune", "merged in v6.17-rc1 (214db7028727)", "6.17"),
        DamonFeature("trace/damos_esz", "merged in v6.17-rc1 (a86d695193bf)", "6.17"),
        DamonFeature("interface/damon_stat", "merged in v6.17-rc1 (369c415e6073)", "6.17"),
        DamonFeature("sysfs/addr_unit", "merged in v6.18-rc1 (09a616cbb371)", "6.18"),
        DamonFeature("reclaim/addr_unit", "merged in v6.18-rc1 (7db551fcfb2a)", "6.18"),
        DamonFeature("lru_sort/addr_unit", "merged in v6.18-rc1 (2e0fe9245d6b)", "6.18"),
        DamonFeature("stat/aggr_interval", "merged in v6.18-rc1 (cc7ceb1d14b0)", "6.18"),
        DamonFeature("stat/negative_idle_time", "merged in v6.18-rc1 (a983a26d5298)", "6.18"),
        DamonFeature("sysfs/schemes_quota_goal_node_memcg_used_free", "merged in v6.19-rc1 (6a18bbe48361)", "6.19"),
        DamonFeature("sysfs/obsolete_target", "merged in v6.19-rc1", "6.19"),
        DamonFeature("sysfs/damos_stat_nr_snapshots", "merged in v7.0-rc1 (4a6ceb7c9744)", "7.0"),
        DamonFeature("sysfs/damos_max_nr_snapshots", "merged in v7.0-rc1 (4a6ceb7c9744)", "7.0"),
        DamonFeature("trace/damos_stat_after_apply_interval", "merged in v7.0-rc1 (4a6ceb7c9744)", "7.0"),
        DamonFeature("sysfs/damos_quota_goal_in_active_mem_bp", "merged in v7.0-rc1 (4a6ceb7c9744)", "7.0"),
        DamonFeature("lru_sort/young_page_filter", "merged in v7.0-rc1 (4835e2871321f)", "7.0"),
        DamonFeature("lru_sort/active_mem_bp", "merged in v7.0-rc1 (4835e2871321f)", "7.0"),
        DamonFeature("lru_sort/autotune_monitoring_intervals", "merged in v7.0-rc1 (4835e2871321f)", "7.0"),
        DamonFeature("sysfs/damos_quota_goal_tuner", "merged in v7.1-rc1 (8719c59c4b928)", "7.1"),
        DamonFeature("sysfs/damos_action_collapse", "merged in v7.2-rc1 (58996503b631)", "7.2"),
        DamonFeature("sysfs/damos_quota_goal_node_eligible_mem_bp", "merged in v7.2-rc1 (9138e27a3bc3)", "7.2"),
        DamonFeature("sysfs/ctx_pause", "merged in v7.2-rc1 (3b9e3cc0405b4)", "7.2"),
        DamonFeature("sysfs/damos_quota_fail_charge_ratio", "merged in v7.2-rc1 (c7ec7d5f6b3d1)", "7.2"),
        DamonFeature("sysfs/attrs_monitoring", "merged in v7.2-rc1 (45c49d9fd6089)", "7.2"),
        DamonFeature("sysfs/probe_type_anon", "merged in v7.2-rc1 (8caba1448278)", "7.2"),
        DamonFeature("sysfs/probe_type_memcg", "merged in v7.2-rc1 (c71f8e13462d)", "7.2"),
        DamonFeature("trace/damon_region_aggregated", "merged in v7.2-rc1 (45c49d9fd6089)", "7.2"),
        DamonFeature("sysfs/probe_weights", "merged in v7.3-rc1 (37aae41c1056)", "7.3"),
        DamonFeature("sysfs/probe_preps", "merged into mm.git", "none"),
        DamonFeature("sysfs/probe_prep_set_pgidle", "merged into mm.git", "none"),
        DamonFeature("sysfs/probe_type_pgidle_unset", "merged into mm.git", "none"),
        DamonFeature("sysfs/probe_type_pgidle_set", "merged into mm.git", "none"),
        DamonFeature("sysfs/damos_filter_probe_hits_wsum", "merged into mm.git", "none"),
        DamonFeature("sysfs/probe_type_hugepage_size", "merged into mm.git", "none"),
        DamonFeature("sysfs/damos_quota_goal_complement", "hacking on damon/next", "none"),
        DamonFeature("sysfs/damon_sample_control", "hacking on damon/next", "none", "a replacement of ops_attrs; will be replaced by attrs_monitoring"),
        DamonFeature("sysfs/ops_attrs", "hacking on damon/next", "will be replaced by attrs_monitoring"),
    ]
}
