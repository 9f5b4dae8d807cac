import DamonKernel
import DamonModel
import DamonRecording

/// DAMON_STAT as the source of `report access` and `record` when no
/// kdamond of ours runs: damo 3.4.3 snapshots its published summary
/// instead of installing a snapshot scheme (which DAMON_STAT's kdamond,
/// not ours, could not take).
enum DamonStatSource {
    /// Whether DAMON_STAT can stand in: it runs and publishes its
    /// aggregation interval, and no `--snapshot_damos_filter` asks for
    /// what only a scheme of ours could apply.
    static func usable(_ fs: DamonFS, in env: DamoEnvironment) throws -> Bool {
        guard DamonStat(fs: fs).canSnapshot else { return false }
        return try LiveSource.snapshotFilters(env).isEmpty
    }

    /// One snapshot of DAMON_STAT now, over MemTotal.
    static func record(_ fs: DamonFS, mergeRegions: Bool, in env: DamoEnvironment) throws -> Record {
        guard let memTotal = env.host.memTotalBytes() else {
            throw DamoError("cannot read MemTotal of /proc/meminfo, which DAMON_STAT's snapshot spreads over")
        }
        return try DamonStat(fs: fs).snapshotRecord(memTotalBytes: memTotal, nowNs: env.clock.now() * 1e9,
                                                    mergeRegions: mergeRegions)
    }

    /// DAMON_STAT's kdamond, recorded as `ongoing` when no kdamond of ours
    /// runs; what cannot be asked of a kdamond that is not ours fails here,
    /// before anything is recorded.
    static func kdamond(_ fs: DamonFS, plan: RecordingPlan, in env: DamoEnvironment) throws -> Kdamond {
        let stat = DamonStat(fs: fs)
        let why = !stat.params.present ? "/sys/\(stat.params.dir) not found"
            : !stat.running ? "not running"
            : env.host.pidNamed("kdamond.0") == nil ? "no kdamond.0 process" : nil
        if let why {
            throw DamoError("DAMON is not turned on, and DAMON_STAT is unavailable (\(why)): nothing to record for 'ongoing'")
        }
        if plan.snapshots != nil && (plan.schemesTargetRegions || !plan.damosFilters.isEmpty) {
            throw DamoError("DAMON_STAT's kdamond is not ours: --schemes_target_regions and --snapshot_damos_filter need a kdamond started through DAMON's sysfs")
        }
        if plan.snapshots != nil && !stat.canSnapshot {
            throw DamoError("DAMON_STAT of this kernel publishes no aggr_interval_us: its snapshots cannot be recorded (record without --snapshot)")
        }
        return DamonStat.kdamond(pid: env.host.pidNamed("kdamond.0"), paddrRegion: try env.host.systemRAMSpan())
    }
}
