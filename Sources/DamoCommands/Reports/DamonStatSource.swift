import DamonKernel
import DamonModel

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
}
