import DamonKernel
import DamonModel

/// A context's regions at one time, summarized: what `--snapshot` exports.
public struct ContextSnapshot: Sendable, Equatable {
    public var kdamond: Int
    public var context: Int
    public var nrRegions: Int
    public var monitoredBytes: UInt64
    /// Bytes of regions accessed in the last aggregation interval (damo's
    /// working set size).
    public var workingSetBytes: UInt64
    /// (quantile, seconds) of how long the bytes have been idle.
    public var idleQuantiles: [(quantile: Double, seconds: Double)]
    /// Unix time of the snapshot, in seconds.
    public var time: Double

    public static func == (a: ContextSnapshot, b: ContextSnapshot) -> Bool {
        a.kdamond == b.kdamond && a.context == b.context && a.nrRegions == b.nrRegions
            && a.monitoredBytes == b.monitoredBytes && a.workingSetBytes == b.workingSetBytes
            && a.idleQuantiles.map(\.quantile) == b.idleQuantiles.map(\.quantile)
            && a.idleQuantiles.map(\.seconds) == b.idleQuantiles.map(\.seconds) && a.time == b.time
    }
}

/// Takes live snapshots of every running context the way `damo report
/// access` does (LiveSnapshots: a DAMOS `stat` scheme's tried regions,
/// an equivalent existing scheme reused or one installed and removed
/// again), and summarizes them.
public enum SnapshotSampler {
    /// damo's default percentiles of `report access`.
    public static let quantiles: [Double] = [0, 0.01, 0.25, 0.5, 0.75, 0.99, 1]

    /// One snapshot per running context; none when no kdamond runs.
    /// Throws LiveSnapshotUnsupported on kernels without tried regions.
    public static func sample(fs: DamonFS) throws -> [ContextSnapshot] {
        let control = DamonControl(fs: fs, interface: .sysfs)
        guard !(try control.runningKdamonds()).isEmpty else { return [] }
        let live = LiveSnapshots(control: control)
        try live.prepare()
        let records: [Record]
        do {
            records = try live.take()
        } catch {
            try? live.finish()
            throw error
        }
        try live.finish()
        return records.compactMap { record in
            guard let snapshot = record.snapshots.first else { return nil }
            let aggrUs = record.intervals.map { Double($0.aggr.int) } ?? 0
            return summarize(snapshot.regions, aggrUs: aggrUs, kdamond: record.kdamondIdx,
                             context: record.contextIdx, time: snapshot.endTime.double / 1e9)
        }
    }

    /// Counts, bytes, working set and idle-time quantiles of regions.  A
    /// region's idle time is zero when it was accessed in the last
    /// aggregation interval, else its age plus that interval (as `report
    /// access --style recency-percentiles`); quantiles are over bytes.
    public static func summarize(_ regions: [Region], aggrUs: Double, kdamond: Int, context: Int,
                                 time: Double) -> ContextSnapshot {
        var total: UInt64 = 0, working: UInt64 = 0
        var idle: [(seconds: Double, bytes: UInt64)] = []
        idle.reserveCapacity(regions.count)
        for r in regions {
            let size = UInt64(max(r.size, 0))
            total &+= size
            let accesses = r.samples ?? 0
            if accesses > 0 { working &+= size }
            let age = Double(r.aggrIntervals ?? 0)
            idle.append((accesses > 0 ? 0 : (age + 1) * aggrUs / 1e6, size))
        }
        idle.sort { $0.seconds < $1.seconds }
        var quantiles: [(quantile: Double, seconds: Double)] = []
        if total > 0 {
            var cumulative: UInt64 = 0
            var pending = Self.quantiles[...]
            for entry in idle {
                cumulative &+= entry.bytes
                let fraction = Double(cumulative) / Double(total)
                while let q = pending.first, fraction >= q {
                    quantiles.append((q, entry.seconds))
                    pending = pending.dropFirst()
                }
            }
            // Rounding can leave the top quantile: it is the longest.
            for q in pending { quantiles.append((q, idle.last?.seconds ?? 0)) }
        }
        return ContextSnapshot(kdamond: kdamond, context: context, nrRegions: regions.count, monitoredBytes: total,
                               workingSetBytes: working, idleQuantiles: quantiles, time: time)
    }
}
