/// Which kernel's DAMON sysfs files the emulator shows.
public enum SysfsLayout: String, Sendable, CaseIterable {
    /// Linux 6.1: no tried_regions, filters, quota goals, apply_interval_us,
    /// target_nid, effective_bytes, dests, intervals_goal, addr_unit,
    /// refresh_ms or obsolete_target; `state` takes only on, off, commit
    /// and update_schemes_stats.
    case v6_1
    /// Linux 6.18: everything in the current ABI document except what came
    /// after it (pause, probes, sample/, goal_tuner, fail_charge_*).
    case v6_18

    var isNew: Bool { self == .v6_18 }

    /// Keywords `state` accepts.
    var stateCommands: [String] {
        switch self {
        case .v6_1: ["on", "off", "commit", "update_schemes_stats"]
        case .v6_18:
            ["on", "off", "commit", "commit_schemes_quota_goals", "update_schemes_stats",
             "update_schemes_tried_bytes", "update_schemes_tried_regions",
             "clear_schemes_tried_regions", "update_schemes_effective_quotas",
             "update_tuned_intervals"]
        }
    }

    /// Keywords a scheme's `action` accepts.
    var actions: [String] {
        switch self {
        case .v6_1: ["willneed", "cold", "pageout", "hugepage", "nohugepage", "lru_prio", "lru_deprio", "stat"]
        case .v6_18:
            ["willneed", "cold", "pageout", "hugepage", "nohugepage", "lru_prio", "lru_deprio",
             "migrate_hot", "migrate_cold", "stat"]
        }
    }

    /// Files of a scheme's `stats` directory.
    var statsFiles: [String] {
        switch self {
        case .v6_1: ["nr_tried", "sz_tried", "nr_applied", "sz_applied", "qt_exceeds"]
        case .v6_18:
            ["nr_tried", "sz_tried", "nr_applied", "sz_applied", "sz_ops_filter_passed",
             "qt_exceeds", "nr_snapshots"]
        }
    }
}

/// Every `operations` keyword the sysfs interface knows (the ones not in
/// `avail_operations` are accepted by the file but fail at `on`).
let knownOperations = ["vaddr", "fvaddr", "paddr"]

/// DAMOS filter types; the first six are handled by the operations set.
let opsFilterTypes = ["anon", "active", "memcg", "young", "hugepage_size", "unmapped"]
let coreFilterTypes = ["addr", "target"]

let quotaGoalMetrics = [
    "user_input", "some_mem_psi_us", "node_mem_used_bp", "node_mem_free_bp",
    "node_memcg_used_bp", "node_memcg_free_bp", "active_mem_bp", "inactive_mem_bp",
]

/// The directories the kernel creates, with its default file contents.
struct DefaultTree {
    let layout: SysfsLayout

    /// `<root>/kernel/mm[/damon/admin/kdamonds]`.
    func root(damonPresent: Bool) -> Node {
        let mm = dir([:])
        if damonPresent {
            mm.children["damon"] = dir([
                "admin": dir([
                    "kdamonds": dir(["nr_kdamonds": file(.count(.kdamond), "0")]),
                ]),
            ])
        }
        return dir(["kernel": dir(["mm": mm])])
    }

    func make(_ kind: ChildKind) -> Node {
        switch kind {
        case .kdamond: kdamond()
        case .context: context()
        case .target: target()
        case .region: dir(["start": file(.ulong, "0"), "end": file(.ulong, "0")])
        case .scheme: scheme()
        case .filter(let layer): filter(layer)
        case .goal: goal()
        case .dest: dir(["id": file(.uint, "0"), "weight": file(.uint, "0")])
        }
    }

    private func kdamond() -> Node {
        let node = dir([
            "state": file(.state, "off"),
            "pid": file(.readOnly, "-1"),
            "contexts": dir(["nr_contexts": file(.count(.context), "0")]),
        ])
        if layout.isNew { node.children["refresh_ms"] = file(.uint, "0") }
        return node
    }

    private func context() -> Node {
        let intervals = dir([
            "sample_us": file(.ulong, "5000"),
            "aggr_us": file(.ulong, "100000"),
            "update_us": file(.ulong, "60000000"),
        ])
        let node = dir([
            "avail_operations": file(.availOperations, ""),
            "operations": file(.keyword(knownOperations), "vaddr"),
            "monitoring_attrs": dir([
                "intervals": intervals,
                "nr_regions": dir(["min": file(.ulong, "10"), "max": file(.ulong, "1000")]),
            ]),
            "targets": dir(["nr_targets": file(.count(.target), "0")]),
            "schemes": dir(["nr_schemes": file(.count(.scheme), "0")]),
        ])
        if layout.isNew {
            node.children["addr_unit"] = file(.ulong, "1")
            intervals.children["intervals_goal"] = dir([
                "access_bp": file(.ulong, "0"), "aggrs": file(.ulong, "0"),
                "min_sample_us": file(.ulong, "0"), "max_sample_us": file(.ulong, "0"),
            ])
        }
        return node
    }

    private func target() -> Node {
        let node = dir([
            "pid_target": file(.int, "0"),
            "regions": dir(["nr_regions": file(.count(.region), "0")]),
        ])
        if layout.isNew { node.children["obsolete_target"] = file(.bool, "N") }
        return node
    }

    private func range() -> Node { dir(["min": file(.ulong, "0"), "max": file(.ulong, "0")]) }

    private func scheme() -> Node {
        let quotas = dir([
            "ms": file(.ulong, "0"), "bytes": file(.ulong, "0"), "reset_interval_ms": file(.ulong, "0"),
            "weights": dir([
                "sz_permil": file(.uint, "0"), "nr_accesses_permil": file(.uint, "0"),
                "age_permil": file(.uint, "0"),
            ]),
        ])
        let stats = dir(Dictionary(uniqueKeysWithValues: layout.statsFiles.map { ($0, file(.readOnly, "0")) }))
        let node = dir([
            "action": file(.keyword(layout.actions), "stat"),
            "access_pattern": dir(["sz": range(), "nr_accesses": range(), "age": range()]),
            "quotas": quotas,
            "watermarks": dir([
                "metric": file(.keyword(["none", "free_mem_rate"]), "none"),
                "interval_us": file(.ulong, "0"), "high": file(.ulong, "0"),
                "mid": file(.ulong, "0"), "low": file(.ulong, "0"),
            ]),
            "stats": stats,
        ])
        if layout.isNew {
            node.children["apply_interval_us"] = file(.ulong, "0")
            node.children["target_nid"] = file(.int, "-1")
            quotas.children["effective_bytes"] = file(.readOnly, "0")
            quotas.children["goals"] = dir(["nr_goals": file(.count(.goal), "0")])
            node.children["filters"] = dir(["nr_filters": file(.count(.filter(.both)), "0")])
            node.children["core_filters"] = dir(["nr_filters": file(.count(.filter(.core)), "0")])
            node.children["ops_filters"] = dir(["nr_filters": file(.count(.filter(.ops)), "0")])
            node.children["dests"] = dir(["nr_dests": file(.count(.dest), "0")])
            stats.children["max_nr_snapshots"] = file(.ulong, "0")
            node.children["tried_regions"] = dir(["total_bytes": file(.readOnly, "0")])
        }
        return node
    }

    private func filter(_ layer: FilterLayer) -> Node {
        dir([
            "type": file(.filterType(layer), "anon"),
            "matching": file(.bool, "N"),
            "allow": file(.bool, "N"),
            "memcg_path": file(.text, ""),
            "addr_start": file(.ulong, "0"),
            "addr_end": file(.ulong, "0"),
            "min": file(.ulong, "0"),
            "max": file(.ulong, "0"),
            "damon_target_idx": file(.int, "0"),
        ])
    }

    private func goal() -> Node {
        dir([
            "target_metric": file(.keyword(quotaGoalMetrics), "user_input"),
            "target_value": file(.ulong, "0"),
            "current_value": file(.ulong, "0"),
            "nid": file(.int, "0"),
            "path": file(.text, ""),
        ])
    }

    /// A directory of `tried_regions`, filled by the kernel side.
    func triedRegion(_ region: EmulatedRegion) -> Node {
        let node = dir([
            "start": file(.readOnly, String(region.start)),
            "end": file(.readOnly, String(region.end)),
            "nr_accesses": file(.readOnly, String(region.nrAccesses)),
            "age": file(.readOnly, String(region.age)),
            "sz_filter_passed": file(.readOnly, String(region.szFilterPassed)),
        ])
        return node
    }
}
