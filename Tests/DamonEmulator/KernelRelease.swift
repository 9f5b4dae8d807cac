import DamonModel

/// A kernel release the emulator can be.  Its DAMON files and the requests
/// its `state` file takes come from one table: the features of damo's list
/// (`DamonFeature.all`, under damo's names) that reached the mainline by
/// that release.  What is no feature of that list (how requests are
/// answered, what a refused commit does) is in `Behaviour`, also by
/// release.
public struct EmulatedKernelRelease: Sendable, Hashable, CustomStringConvertible {
    public let major: Int
    public let minor: Int
    /// damo's names of the features the release has.
    public let features: Set<String>

    /// The release with every feature merged up to it (`major.minor`).
    public init(_ major: Int, _ minor: Int) {
        self.init(major, minor, featuresUpTo: (major, minor))
    }

    /// - Parameter extra: features of no release yet (mm.git, damon/next).
    init(_ major: Int, _ minor: Int, featuresUpTo limit: (Int, Int), extra: Set<String> = []) {
        self.major = major
        self.minor = minor
        features = Set(DamonFeature.all.compactMap { f in
            guard let r = f.upstreamedRelease, r <= limit else { return nil }
            return f.name
        }).union(extra)
    }

    public var description: String { "\(major).\(minor)" }

    public func has(_ feature: String) -> Bool { features.contains(feature) }

    public static let v6_1 = EmulatedKernelRelease(6, 1)
    public static let v6_12 = EmulatedKernelRelease(6, 12)
    /// What `SysfsLayout.v6_18` has always shown: the ABI document of
    /// DAMON's development tree, which has what mainline got up to 7.0
    /// (obsolete_target, nr_snapshots, max_nr_snapshots, active memory
    /// goals) but not probes, pause, goal_tuner or fail_charge_*.
    public static let documented = EmulatedKernelRelease(6, 18, featuresUpTo: (7, 0))
    /// Linux 7.3: data attribute monitoring probes (`monitoring_attrs/
    /// probes/`, anon and memcg filters) with weights, no preps.  Of the
    /// other 7.1-7.3 features the emulator shows no files.
    public static let v7_3 = EmulatedKernelRelease(7, 3)
    /// 7.3 with mm.git's probes: preps (set_pgidle), pgidle_set/unset and
    /// hugepage_size filters, the newest layout damo 3.4.3 writes.
    public static let mmProbes = EmulatedKernelRelease(7, 3, featuresUpTo: (7, 3), extra: [
        "sysfs/probe_preps", "sysfs/probe_prep_set_pgidle", "sysfs/probe_type_pgidle_unset",
        "sysfs/probe_type_pgidle_set", "sysfs/probe_type_hugepage_size",
    ])

    /// What the kernel does that damo's feature list does not name.
    public struct Behaviour: Sendable, Hashable {
        /// Requests the kdamond handles (commit, updates) are answered on
        /// the writer's 100 ms tick: damon_sysfs_handle_cmd() sleeps
        /// 100 ms at a time until the kdamond's callback took the request
        /// (Linux 6.12 checked; 6.14's damon_call() answers at once).
        public var answersOnTick: Bool
        /// A `commit` of parameters the kernel refuses succeeds as a write
        /// and ends the kdamond (its callback returns the error), instead
        /// of failing with EINVAL (6.1 and 6.12 checked on real kernels).
        public var refusedCommitEndsKdamond: Bool
        /// An update of tried regions on a kdamond that is not running
        /// clears the old ones before failing (6.18); older kernels fail
        /// first (6.12: damon_sysfs_handle_cmd()), and refuse to clear them
        /// too (`clear_schemes_tried_regions` needs a running kdamond).
        public var clearsTriedRegionsBeforeRunningCheck: Bool
        /// damon_set_attrs() refuses a sampling interval longer than the
        /// aggregation interval (in 6.12's source; not in 6.1's).
        public var checksSampleAgainstAggr: Bool
    }

    public var behaviour: Behaviour {
        let before614 = (major, minor) < (6, 14)
        return Behaviour(answersOnTick: before614 && has("sysfs/schemes_tried_regions"),
                         refusedCommitEndsKdamond: before614,
                         clearsTriedRegionsBeforeRunningCheck: !before614,
                         checksSampleAgainstAggr: (major, minor) >= (6, 12))
    }

    /// Keywords a kdamond's `state` takes.
    var stateCommands: [String] {
        var commands = ["on", "off", "commit", "update_schemes_stats"]
        if has("sysfs/schemes_quota_goals") { commands.append("commit_schemes_quota_goals") }
        if has("sysfs/schemes_tried_regions_sz") { commands.append("update_schemes_tried_bytes") }
        if has("sysfs/schemes_tried_regions") {
            commands += ["update_schemes_tried_regions", "clear_schemes_tried_regions"]
        }
        if has("sysfs/schemes_quota_effective_bytes") { commands.append("update_schemes_effective_quotas") }
        if has("sysfs/intervals_goal") { commands.append("update_tuned_intervals") }
        return commands
    }

    /// Keywords a scheme's `action` takes.
    var actions: [String] {
        ["willneed", "cold", "pageout", "hugepage", "nohugepage", "lru_prio", "lru_deprio"]
            + (has("sysfs/schemes_migrate") ? ["migrate_hot", "migrate_cold"] : []) + ["stat"]
    }

    /// Read-only files of a scheme's `stats` directory (the writable
    /// `max_nr_snapshots` of 7.0 aside).
    var statsFiles: [String] {
        ["nr_tried", "sz_tried", "nr_applied", "sz_applied"]
            + (has("sysfs/sz_ops_filter_passed") ? ["sz_ops_filter_passed"] : []) + ["qt_exceeds"]
            + (has("sysfs/damos_stat_nr_snapshots") ? ["nr_snapshots"] : [])
    }

    /// Filter types the kernel knows (ops handles all but addr and target).
    var filterTypes: [String] {
        let all: [(String, String)] = [
            ("anon", "sysfs/schemes_filters_anon"), ("active", "sysfs/schemes_filters_active"),
            ("memcg", "sysfs/schemes_filters_memcg"), ("young", "sysfs/schemes_filters_young"),
            ("hugepage_size", "sysfs/schemes_filters_hugepage_size"),
            ("unmapped", "sysfs/schemes_filters_unmapped"), ("addr", "sysfs/schemes_filters_addr"),
            ("target", "sysfs/schemes_filters_target"),
        ]
        return all.filter { has($0.1) }.map(\.0)
    }

    /// Probe filter types a probe filter's `type` takes.
    var probeFilterTypes: [String] {
        let all: [(String, String)] = [
            ("anon", "sysfs/probe_type_anon"), ("memcg", "sysfs/probe_type_memcg"),
            ("pgidle_unset", "sysfs/probe_type_pgidle_unset"), ("pgidle_set", "sysfs/probe_type_pgidle_set"),
            ("hugepage_size", "sysfs/probe_type_hugepage_size"),
        ]
        return all.filter { has($0.1) }.map(\.0)
    }

    /// Actions a probe prep's `prep_action` takes.
    var probePrepActions: [String] { has("sysfs/probe_prep_set_pgidle") ? ["set_pgidle"] : [] }

    /// Quota goal metrics `target_metric` takes.
    var goalMetrics: [String] {
        let all: [(String, String)] = [
            ("user_input", "sysfs/schemes_quota_goals"), ("some_mem_psi_us", "sysfs/schemes_quota_goal_some_psi"),
            ("node_mem_used_bp", "sysfs/schemes_quota_goal_node_mem_used_free"),
            ("node_mem_free_bp", "sysfs/schemes_quota_goal_node_mem_used_free"),
            ("node_memcg_used_bp", "sysfs/schemes_quota_goal_node_memcg_used_free"),
            ("node_memcg_free_bp", "sysfs/schemes_quota_goal_node_memcg_used_free"),
            ("active_mem_bp", "sysfs/damos_quota_goal_in_active_mem_bp"),
            ("inactive_mem_bp", "sysfs/damos_quota_goal_in_active_mem_bp"),
        ]
        return all.filter { has($0.1) }.map(\.0)
    }
}
