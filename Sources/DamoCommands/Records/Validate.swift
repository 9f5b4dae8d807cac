import DamonModel
import DamonRecords

/// `damo validate`: whether a record looks like one DAMON made with the
/// given intervals and region counts.
public protocol ValidateCommand {
    var input: String { get }
    var aggr: [Int] { get }
    var nrRegions: [Int] { get }
    var nrAccesses: [Int] { get }
    var allowError: Double { get }
    var regionsBoundary: [String] { get }
}

extension ValidateCommand {
    public func run(in env: DamoEnvironment) throws {
        let aggrRange = try expectCount(aggr, 2, "--aggr", "<min> <max>")
        let regionsRange = try expectCount(nrRegions, 2, "--nr_regions", "<min> <max>")
        let accessRange = try expectCount(nrAccesses, 2, "--nr_accesses", "<min> <max>")
        let boundaries: [(Int, Int)] = try regionsBoundary.map {
            let parts = $0.split(separator: "-").map { Int($0) }
            guard parts.count == 2, let s = parts[0], let e = parts[1] else {
                throw DamoError("wrong --regions_boundary '\($0)' (expected <start>-<end>)")
            }
            return (s, e)
        }
        // Two passes: the snapshot counts (the errors allowed are a share
        // of them), then the snapshots one at a time.
        let headers = try RecordStream.headers(path: input, perfScript: env.perfScript())
        if !headers.contains(where: { $0.snapshots > 0 }) { throw env.noSnapshot(input) }
        var stream = try RecordStream(path: input, perfScript: env.perfScript())
        while try stream.nextRecord() != nil {
            guard stream.recordCount <= headers.count else { throw RecordFileError(input, "changed while it was read") }
            let allowed = Double(headers[stream.recordCount - 1].snapshots) * allowError / 100
            var aggrErrors = 0.0, regionErrors = 0.0
            while let snapshot = try stream.nextSnapshot() {
                let aggrUs = ((snapshot.endTime - snapshot.startTime) / .int(1000)).double
                if aggrUs < Double(aggrRange[0]) || Double(aggrRange[1]) < aggrUs {
                    guard aggrErrors < allowed else {
                        throw DamoError("invalid: expect \(aggrRange[0])<=aggregate interval<=\(aggrRange[1]) but \(Int(aggrUs))")
                    }
                    aggrErrors += 1
                }
                let n = snapshot.regions.count
                if n < regionsRange[0] || regionsRange[1] < n {
                    guard regionErrors < allowed else {
                        throw DamoError("invalid: expect \(regionsRange[0])<=nr_regions<=\(regionsRange[1]) but \(n)")
                    }
                    regionErrors += 1
                }
                for region in snapshot.regions {
                    if region.start >= region.end {
                        throw DamoError("invalid: wrong region [\(region.start), \(region.end))")
                    }
                    if !boundaries.isEmpty && !boundaries.contains(where: { region.start >= $0.0 && region.end <= $0.1 }) {
                        throw DamoError("invalid: region \(region.start)-\(region.end) out of the boundary")
                    }
                    let acc = region.samples ?? 0
                    if acc < accessRange[0] || accessRange[1] < acc {
                        throw DamoError("invalid: expect \(accessRange[0])<=nr_accesses<=\(accessRange[1]) but \(acc)")
                    }
                }
            }
        }
    }
}
