/// Which kernel's DAMON sysfs files the emulator shows: a name for a
/// release of the table in KernelRelease.swift, which decides the files,
/// the keywords they take and the kernel's behaviour.
public enum SysfsLayout: String, Sendable, CaseIterable {
    /// Linux 6.1: no tried_regions, filters, quota goals, apply_interval_us,
    /// target_nid, effective_bytes, dests, intervals_goal, addr_unit,
    /// refresh_ms or obsolete_target; `state` takes only on, off, commit
    /// and update_schemes_stats.
    case v6_1
    /// Linux 6.12: tried regions (with total_bytes), one `filters`
    /// directory (anon, memcg, young, addr, target; no `allow`),
    /// apply_interval_us, quota goals (user_input, some_mem_psi_us) and
    /// effective_bytes, migrate_hot/cold with target_nid; requests answered
    /// on the 100 ms tick, refused commits ending the kdamond.
    case v6_12
    /// The ABI document's layout (Linux 6.18 and what came up to 7.0):
    /// everything but pause, probes, sample/, goal_tuner, fail_charge_*.
    case v6_18

    public var release: EmulatedKernelRelease {
        switch self {
        case .v6_1: .v6_1
        case .v6_12: .v6_12
        case .v6_18: .documented
        }
    }
}

/// Every `operations` keyword the sysfs interface knows (the ones not in
/// `avail_operations` are accepted by the file but fail at `on`).
let knownOperations = ["vaddr", "fvaddr", "paddr"]

/// DAMOS filter types; the first six are handled by the operations set.
let opsFilterTypes = ["anon", "active", "memcg", "young", "hugepage_size", "unmapped"]
let coreFilterTypes = ["addr", "target"]

/// The directories the kernel creates, with its default file contents.
struct DefaultTree {
    let release: EmulatedKernelRelease
    func has(_ feature: String) -> Bool { release.has(feature) }

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
        case .probe: probe()
        case .probeFilter: probeFilter()
        case .probePrep: dir(["prep_action": file(.keyword(release.probePrepActions), "set_pgidle")])
        }
    }

    private func kdamond() -> Node {
        let node = dir([
            "state": file(.state, "off"),
            "pid": file(.readOnly, "-1"),
            "contexts": dir(["nr_contexts": file(.count(.context), "0")]),
        ])
        if has("sysfs/refresh_ms") { node.children["refresh_ms"] = file(.uint, "0") }
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
        if has("sysfs/addr_unit") { node.children["addr_unit"] = file(.ulong, "1") }
        if has("sysfs/attrs_monitoring") {
            node.node("monitoring_attrs")?.children["probes"] = dir(["nr_probes": file(.count(.probe), "0")])
        }
        if has("sysfs/intervals_goal") {
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
        if has("sysfs/obsolete_target") { node.children["obsolete_target"] = file(.bool, "N") }
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
        let stats = dir(Dictionary(uniqueKeysWithValues: release.statsFiles.map { ($0, file(.readOnly, "0")) }))
        let node = dir([
            "action": file(.keyword(release.actions), "stat"),
            "access_pattern": dir(["sz": range(), "nr_accesses": range(), "age": range()]),
            "quotas": quotas,
            "watermarks": dir([
                "metric": file(.keyword(["none", "free_mem_rate"]), "none"),
                "interval_us": file(.ulong, "0"), "high": file(.ulong, "0"),
                "mid": file(.ulong, "0"), "low": file(.ulong, "0"),
            ]),
            "stats": stats,
        ])
        if has("sysfs/damos_max_nr_snapshots") { stats.children["max_nr_snapshots"] = file(.ulong, "0") }
        if has("sysfs/schemes_apply_interval") { node.children["apply_interval_us"] = file(.ulong, "0") }
        if has("sysfs/schemes_migrate") { node.children["target_nid"] = file(.int, "-1") }
        if has("sysfs/schemes_quota_effective_bytes") { quotas.children["effective_bytes"] = file(.readOnly, "0") }
        if has("sysfs/schemes_quota_goals") { quotas.children["goals"] = dir(["nr_goals": file(.count(.goal), "0")]) }
        if has("sysfs/schemes_filters") {
            node.children["filters"] = dir(["nr_filters": file(.count(.filter(.both)), "0")])
        }
        if has("sysfs/schemes_filters_core_ops_dirs") {
            node.children["core_filters"] = dir(["nr_filters": file(.count(.filter(.core)), "0")])
            node.children["ops_filters"] = dir(["nr_filters": file(.count(.filter(.ops)), "0")])
        }
        if has("sysfs/schemes_dests") { node.children["dests"] = dir(["nr_dests": file(.count(.dest), "0")]) }
        if has("sysfs/schemes_tried_regions") {
            node.children["tried_regions"] = dir(has("sysfs/schemes_tried_regions_sz")
                ? ["total_bytes": file(.readOnly, "0")] : [:])
        }
        return node
    }

    private func filter(_ layer: FilterLayer) -> Node {
        let node = dir(["type": file(.filterType(layer), "anon"), "matching": file(.bool, "N")])
        if has("sysfs/allow_filter") { node.children["allow"] = file(.bool, "N") }
        if has("sysfs/schemes_filters_memcg") { node.children["memcg_path"] = file(.text, "") }
        if has("sysfs/schemes_filters_addr") {
            node.children["addr_start"] = file(.ulong, "0")
            node.children["addr_end"] = file(.ulong, "0")
        }
        if has("sysfs/schemes_filters_hugepage_size") {
            node.children["min"] = file(.ulong, "0")
            node.children["max"] = file(.ulong, "0")
        }
        if has("sysfs/schemes_filters_target") { node.children["damon_target_idx"] = file(.int, "0") }
        return node
    }

    /// `probes/<P>/`: filters always, weight (7.3) and preps (mm.git) as
    /// damo 3.4.3 detects them.
    private func probe() -> Node {
        let node = dir(["filters": dir(["nr_filters": file(.count(.probeFilter), "0")])])
        if has("sysfs/probe_weights") { node.children["weight"] = file(.uint, "0") }
        if has("sysfs/probe_preps") { node.children["preps"] = dir(["nr_preps": file(.count(.probePrep), "0")]) }
        return node
    }

    private func probeFilter() -> Node {
        let node = dir([
            "type": file(.keyword(release.probeFilterTypes), "anon"), "matching": file(.bool, "N"),
            "allow": file(.bool, "N"), "path": file(.text, ""),
        ])
        if has("sysfs/probe_type_hugepage_size") {
            node.children["min"] = file(.ulong, "0")
            node.children["max"] = file(.ulong, "0")
        }
        return node
    }

    private func goal() -> Node {
        let node = dir(["target_value": file(.ulong, "0"), "current_value": file(.ulong, "0")])
        if has("sysfs/schemes_quota_goal_metric") {
            node.children["target_metric"] = file(.keyword(release.goalMetrics), "user_input")
        }
        if has("sysfs/schemes_quota_goal_node_mem_used_free") { node.children["nid"] = file(.int, "0") }
        if has("sysfs/schemes_quota_goal_node_memcg_used_free") { node.children["path"] = file(.text, "") }
        return node
    }

    /// A directory of `tried_regions`, filled by the kernel side.
    func triedRegion(_ region: EmulatedRegion) -> Node {
        let node = dir([
            "start": file(.readOnly, String(region.start)),
            "end": file(.readOnly, String(region.end)),
            "nr_accesses": file(.readOnly, String(region.nrAccesses)),
            "age": file(.readOnly, String(region.age)),
        ])
        if has("sysfs/sz_ops_filter_passed") {
            node.children["sz_filter_passed"] = file(.readOnly, String(region.szFilterPassed))
        }
        if !region.probeHits.isEmpty {
            node.children["probes"] = EmulatedProbe.hitsNode(region.probeHits)
        }
        return node
    }
}
