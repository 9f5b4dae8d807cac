import DamonModel

/// damo's experimental `report access --on_cache`: each snapshot's
/// accesses seen on a set-associative cache instead of memory.  Every
/// cache line of a region maps to set (address / line size) mod sets and
/// adds the region's nr_accesses (samples) to it; the snapshot becomes
/// one region per cache set ([set, set + 1), age 0), neighbours with the
/// same count merged.
public struct CacheSpace: Sendable {
    public let sets: Int
    public let lineSize: Int

    /// Most sets shown: one region each, before merging.
    public static let maxSets = 1 << 24

    /// nil (with the reason) unless size / ways / line size is a whole,
    /// positive number of sets within maxSets.
    public static func make(size: Int, ways: Int, lineSize: Int) -> Result<CacheSpace, CacheSpaceError> {
        guard size > 0, ways > 0, lineSize > 0 else {
            return .failure(CacheSpaceError("cache size, ways and line size must be positive"))
        }
        let setBytes = ways.multipliedReportingOverflow(by: lineSize)
        guard !setBytes.overflow, size % setBytes.partialValue == 0, size / setBytes.partialValue > 0 else {
            return .failure(CacheSpaceError("cache size \(size) is not a whole number of sets of \(ways) ways x \(lineSize) bytes"))
        }
        let sets = size / setBytes.partialValue
        guard sets <= maxSets else {
            return .failure(CacheSpaceError("\(sets) cache sets are more than \(maxSets)"))
        }
        return .success(CacheSpace(sets: sets, lineSize: lineSize))
    }

    /// The records with every snapshot translated.
    public func translate(_ records: [Record]) throws(CacheSpaceError) -> [Record] {
        var out = records
        for r in out.indices {
            for s in out[r].snapshots.indices {
                out[r].snapshots[s].regions = try translate(out[r].snapshots[s].regions, intervals: out[r].intervals)
            }
        }
        return out
    }

    /// One snapshot's regions in cache-set space.  Per region the lines
    /// visit the sets in turn from the first line's set: whole rounds add
    /// to every set, the rest to a run of sets (a difference array keeps it
    /// one step per region, however large).
    public func translate(_ regions: [Region], intervals: Intervals?) throws(CacheSpaceError) -> [Region] {
        let n = Int128(sets), line = Int128(lineSize)
        var everySet: Int128 = 0
        var diff = [Int128](repeating: 0, count: sets + 1)
        for var region in regions {
            if region.samples == nil, let intervals { region.addUnsetUnits(intervals) }
            let samples = Int128(region.samples ?? 0)
            let size = Int128(region.end) - Int128(region.start)
            guard size > 0, samples != 0 else { continue }
            let lines = (size + line - 1) / line
            let first = Int((Int128(region.start) / line) % n)
            let rest = Int(lines % n)
            everySet += lines / n * samples
            if first + rest <= sets {
                diff[first] += samples
                diff[first + rest] -= samples
            } else {
                diff[first] += samples
                diff[sets] -= samples
                diff[0] += samples
                diff[first + rest - sets] -= samples
            }
            // Bounded above by the sum of lines x samples: Int128 holds it.
        }
        var result: [Region] = []
        var running: Int128 = 0
        for set in 0..<sets {
            running += diff[set]
            let total = everySet + running
            guard total <= Int128(RecordLimits.maxCount) else {
                throw CacheSpaceError("cache set \(set) counts \(total) accesses, more than a region can hold (\(RecordLimits.maxCount))")
            }
            if let last = result.last, last.samples == Int(total) {
                result[result.count - 1].end = set + 1
            } else {
                result.append(Region(start: set, end: set + 1, samples: Int(total), aggrIntervals: 0, szFilterPassed: nil))
            }
        }
        return result
    }
}

public struct CacheSpaceError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
