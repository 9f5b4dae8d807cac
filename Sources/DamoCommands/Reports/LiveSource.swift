import DamonKernel
import DamonModel
import DamonRecords

/// Snapshots of the running DAMON, for `report access` without a record
/// file and for `record`.
enum LiveSource {
    /// Whether a kdamond runs behind the interface (false without one).
    static func damonRunning(_ control: DamonControl) -> Bool {
        ((try? control.runningKdamonds()) ?? []).isEmpty == false
    }

    /// The snapshot scheme's access pattern from the record filter options.
    static func accessPattern(_ filter: AccessPatternFilter?) -> DamosAccessPattern {
        guard let f = filter else { return DamosAccessPattern() }
        return DamosAccessPattern(szMin: f.sizeMin, szMax: f.sizeMax,
                                  nrAccessesMin: f.rateMin, nrAccessesMax: f.rateMax, nrAccessesUnit: .percent,
                                  ageMin: f.ageMinUs, ageMax: f.ageMaxUs, ageUnit: .usec)
    }

    /// `--snapshot_damos_filter` occurrences as DAMOS filters.
    static func snapshotFilters(_ env: DamoEnvironment) throws -> [DamosFilter] {
        do {
            return try env.groupedValues(of: "--snapshot_damos_filter").map {
                try DamosFilterWords.filter($0)
            }
        } catch let e as DamoError {
            throw DamoError("wrong --snapshot_damos_filter (\(e))")
        }
    }

    /// One live snapshot of every running context, the scheme removed again
    /// afterwards.
    static func records(_ control: DamonControl, filter: RecordFilter, damosFilters: [DamosFilter],
                        mergeRegions: Bool) throws -> [Record] {
        let snapshots = LiveSnapshots(control: control, accessPattern: accessPattern(filter.accessPattern),
                                      filters: damosFilters)
        do {
            try snapshots.prepare()
            let records = try snapshots.take(mergeRegions: mergeRegions)
            try snapshots.finish()
            return records
        } catch {
            try? snapshots.finish()
            throw liveError(error)
        }
    }

    /// Tried regions of existing schemes (`--input tried_regions_of K C S`),
    /// nothing installed.
    static func triedRegions(_ control: DamonControl, of sources: [(Int, Int, Int)], mergeRegions: Bool) throws -> [Record] {
        let snapshots = LiveSnapshots(control: control)
        do {
            try snapshots.use(sources)
            return try snapshots.take(mergeRegions: mergeRegions)
        } catch {
            throw liveError(error)
        }
    }

    static func liveError(_ error: Error) -> Error {
        if let e = error as? LiveSnapshotUnsupported {
            return DamoError("cannot read the running DAMON: \(e); record with 'damo record' and give the record with --input")
        }
        return error
    }
}
