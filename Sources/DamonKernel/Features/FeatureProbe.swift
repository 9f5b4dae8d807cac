import DamonModel
import DamoPlatform

/// Which DAMON features the running kernel has, found without changing
/// anything: no kdamond is created or started (damo creates and starts
/// some to see).  A feature is decided by the files the kernel shows for
/// it — interface directories, module parameters, tracepoints, and the
/// files of kdamond, context, target, scheme, goal and filter directories
/// that already exist — and, when no such file can tell (no directory of
/// that kind exists yet, or the feature has no file of its own, like a new
/// filter type), by the mainline release that brought it.
public struct FeatureProbe {
    public let fs: DamonFS
    /// The kernel's release (`uname -r`), for what files cannot tell.
    public let release: String?

    public init(fs: DamonFS, release: String?) {
        self.fs = fs
        self.release = release
    }

    public struct Finding: Sendable, Equatable {
        public let feature: DamonFeature
        public let supported: Bool
        /// What decided it: `file <path>`, `no <path>`, `Linux 6.1 < 6.3`, ...
        public let evidence: String
    }

    static let sysfs = "kernel/mm/damon/admin"
    static let debugfs = "kernel/debug/damon"
    static let tracepointDirs = ["kernel/tracing/events/damon", "kernel/debug/tracing/events/damon"]

    public var hasSysfs: Bool { fs.isDirectory(Self.sysfs) }
    public var hasDebugfs: Bool { fs.isDirectory(Self.debugfs) }

    /// Every feature of damo's list, in its order.
    public func probe() -> [Finding] {
        let dirs = ExistingDirs(fs: fs)
        var found: [String: Finding] = [:]
        var findings: [Finding] = []
        for feature in DamonFeature.all {
            let finding = decide(feature, dirs: dirs, found: found)
            found[feature.name] = finding
            findings.append(finding)
        }
        return findings
    }

    /// The release as (major, minor): `6.18.44-foo` is (6, 18).
    public static func releaseNumbers(_ release: String?) -> (Int, Int)? {
        guard let release else { return nil }
        let numbers = release.split(whereSeparator: { !$0.isNumber }).prefix(2).compactMap { Int($0) }
        return numbers.count == 2 ? (numbers[0], numbers[1]) : nil
    }

    func byRelease(_ feature: DamonFeature) -> Finding {
        guard let wanted = feature.upstreamedRelease else {
            return Finding(feature: feature, supported: false, evidence: "not in the mainline (\(feature.upstreamStatus))")
        }
        guard let have = Self.releaseNumbers(release) else {
            return Finding(feature: feature, supported: false, evidence: "no file shows it and the kernel release is unknown")
        }
        let ok = have >= wanted
        return Finding(feature: feature, supported: ok,
                       evidence: "Linux \(have.0).\(have.1) \(ok ? ">=" : "<") \(feature.upstreamedVersion) (no file shows it)")
    }

    func byFile(_ feature: DamonFeature, _ path: String?) -> Finding? {
        guard let path else { return nil }
        let ok = fs.exists(path)
        return Finding(feature: feature, supported: ok, evidence: (ok ? "file " : "no ") + path)
    }

    func absent(_ feature: DamonFeature, _ what: String) -> Finding {
        Finding(feature: feature, supported: false, evidence: "no \(what)")
    }

    func decide(_ feature: DamonFeature, dirs: ExistingDirs, found: [String: Finding]) -> Finding {
        let name = feature.name
        let parts = name.split(separator: "/", maxSplits: 1).map(String.init)
        let (kind, what) = (parts[0], parts[1])
        switch kind {
        case "interface":
            switch what {
            case "damon_sysfs": return byFile(feature, Self.sysfs)!
            case "damon_debugfs": return byFile(feature, Self.debugfs)!
            default: return byFile(feature, "module/" + what)!
            }
        case "reclaim", "lru_sort", "stat":
            let module = "module/damon_" + kind
            let param = Self.moduleParameters[name] ?? what
            return byFile(feature, module + "/parameters/" + param)!
        case "trace":
            if let dir = Self.tracepointDirs.first(where: { fs.isDirectory($0) }) {
                return byFile(feature, dir + "/" + what)!
            }
            guard hasSysfs || hasDebugfs else { return absent(feature, "DAMON interface") }
            return byRelease(feature)
        case "debugfs":
            guard hasDebugfs else { return absent(feature, Self.debugfs) }
            if what == "vaddr" { return byFile(feature, Self.debugfs)! }
            if ["record", "schemes", "init_regions"].contains(what) { return byFile(feature, Self.debugfs + "/" + what)! }
            return byRelease(feature)
        default:
            guard hasSysfs else { return absent(feature, Self.sysfs) }
            if let rule = Self.sysfsFiles[what] {
                if let dir = dirs.first(rule.level), let finding = byFile(feature, dir + "/" + rule.file) {
                    if let contains = rule.contains, finding.supported {
                        let text = (try? fs.read(dir + "/" + rule.file)) ?? ""
                        let ok = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).contains(Substring(contains))
                        return Finding(feature: feature, supported: ok,
                                       evidence: "\(dir)/\(rule.file) \(ok ? "lists" : "lacks") \(contains)")
                    }
                    return finding
                }
            }
            if Self.sysfsBaseline.contains(what) {
                return Finding(feature: feature, supported: true, evidence: "file " + Self.sysfs)
            }
            // Kinds of a feature whose own files exist (a filter type of
            // the filters directory): without them, none of the kinds.
            if let base = Self.sysfsRequires[what], let baseFinding = found["sysfs/" + base], !baseFinding.supported {
                return Finding(feature: feature, supported: false, evidence: "no sysfs/\(base) (\(baseFinding.evidence))")
            }
            return byRelease(feature)
        }
    }

    /// What the first sysfs release (5.18) had.
    static let sysfsBaseline: Set<String> = [
        "vaddr", "paddr", "init_regions", "schemes", "schemes_stat_succ", "schemes_size_quota",
        "schemes_stat_qt_exceed", "schemes_wmarks", "schemes_prioritization", "schemes_time_quota",
    ]

    enum Level { case kdamond, context, target, scheme, goal, filter }

    struct FileRule {
        let level: Level
        let file: String
        var contains: String? = nil
    }

    /// sysfs features with files of their own, relative to a directory of
    /// the given level.
    static let sysfsFiles: [String: FileRule] = [
        "vaddr": FileRule(level: .context, file: "avail_operations", contains: "vaddr"),
        "paddr": FileRule(level: .context, file: "avail_operations", contains: "paddr"),
        "avail_ops": FileRule(level: .context, file: "avail_operations"),
        "fvaddr": FileRule(level: .context, file: "avail_operations", contains: "fvaddr"),
        "schemes_tried_regions": FileRule(level: .scheme, file: "tried_regions"),
        "schemes_filters": FileRule(level: .scheme, file: "filters"),
        "schemes_tried_regions_sz": FileRule(level: .scheme, file: "tried_regions/total_bytes"),
        "schemes_apply_interval": FileRule(level: .scheme, file: "apply_interval_us"),
        "schemes_quota_goals": FileRule(level: .scheme, file: "quotas/goals"),
        "schemes_quota_effective_bytes": FileRule(level: .scheme, file: "quotas/effective_bytes"),
        "schemes_quota_goal_metric": FileRule(level: .goal, file: "target_metric"),
        "schemes_migrate": FileRule(level: .scheme, file: "target_nid"),
        "sz_ops_filter_passed": FileRule(level: .scheme, file: "stats/sz_ops_filter_passed"),
        "allow_filter": FileRule(level: .filter, file: "allow"),
        "intervals_goal": FileRule(level: .context, file: "monitoring_attrs/intervals/intervals_goal"),
        "schemes_filters_core_ops_dirs": FileRule(level: .scheme, file: "core_filters"),
        "schemes_dests": FileRule(level: .scheme, file: "dests"),
        "refresh_ms": FileRule(level: .kdamond, file: "refresh_ms"),
        "addr_unit": FileRule(level: .context, file: "addr_unit"),
        "obsolete_target": FileRule(level: .target, file: "obsolete_target"),
        "damos_stat_nr_snapshots": FileRule(level: .scheme, file: "stats/nr_snapshots"),
        "damos_max_nr_snapshots": FileRule(level: .scheme, file: "stats/max_nr_snapshots"),
        "damos_quota_goal_tuner": FileRule(level: .scheme, file: "quotas/goal_tuner"),
        "ctx_pause": FileRule(level: .context, file: "pause"),
        "damos_quota_fail_charge_ratio": FileRule(level: .scheme, file: "quotas/fail_charge_num"),
        "attrs_monitoring": FileRule(level: .context, file: "monitoring_attrs/probes"),
    ]

    /// Features that are kinds of another one's files.
    static let sysfsRequires: [String: String] = [
        "schemes_filters_anon": "schemes_filters", "schemes_filters_memcg": "schemes_filters",
        "schemes_filters_addr": "schemes_filters", "schemes_filters_target": "schemes_filters",
        "schemes_filters_young": "schemes_filters", "allow_filter": "schemes_filters",
        "schemes_filters_hugepage_size": "schemes_filters", "schemes_filters_unmapped": "schemes_filters",
        "schemes_filters_active": "schemes_filters", "schemes_quota_goal_metric": "schemes_quota_goals",
        "schemes_quota_goal_some_psi": "schemes_quota_goal_metric",
        "schemes_quota_goal_node_mem_used_free": "schemes_quota_goal_metric",
        "schemes_quota_goal_node_memcg_used_free": "schemes_quota_goal_metric",
        "damos_quota_goal_in_active_mem_bp": "schemes_quota_goal_metric",
        "damos_quota_goal_node_eligible_mem_bp": "schemes_quota_goal_metric",
        "probe_type_anon": "attrs_monitoring", "probe_type_memcg": "attrs_monitoring",
        "probe_weights": "attrs_monitoring",
    ]

    /// Module parameters that show a feature, where not named after it.
    static let moduleParameters: [String: String] = [
        "reclaim/stats": "nr_quota_exceeds",
        "reclaim/quota_mem_pressure_us": "quota_autotune_feedback",
        "reclaim/quota_user_feedback": "quota_autotune_feedback",
        "stat/aggr_interval": "aggr_interval_us",
        "stat/negative_idle_time": "aggr_interval_us",
        "lru_sort/young_page_filter": "autotune_monitoring_intervals",
        "lru_sort/active_mem_bp": "autotune_monitoring_intervals",
    ]

    /// The first existing directory of each level under the sysfs
    /// interface (kdamond 0, its context 0, ...), searched in order.
    struct ExistingDirs {
        var byLevel: [Level: String] = [:]

        init(fs: DamonFS) {
            func numbered(_ dir: String) -> [String] {
                ((try? fs.list(dir)) ?? []).filter { Int($0) != nil }.sorted { Int($0)! < Int($1)! }.map { dir + "/" + $0 }
            }
            for k in numbered(FeatureProbe.sysfs + "/kdamonds") {
                record(.kdamond, k)
                for c in numbered(k + "/contexts") {
                    record(.context, c)
                    for t in numbered(c + "/targets") { record(.target, t) }
                    for s in numbered(c + "/schemes") {
                        record(.scheme, s)
                        for g in numbered(s + "/quotas/goals") { record(.goal, g) }
                        for filters in ["filters", "core_filters", "ops_filters"] {
                            for f in numbered(s + "/" + filters) { record(.filter, f) }
                        }
                    }
                }
            }
        }

        mutating func record(_ level: Level, _ dir: String) {
            if byLevel[level] == nil { byLevel[level] = dir }
        }

        func first(_ level: Level) -> String? { byLevel[level] }
    }
}

/// The running kernel's release, as `uname -r` prints it.
public enum KernelRelease {
    public static func current() -> String? {
        var names = utsname()
        guard uname(&names) == 0 else { return nil }
        return withUnsafeBytes(of: names.release) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
    }
}
