import ArgumentParser
import DamonModel
import DamonRecords

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Validate a given damo-record result file.")

    @Option(name: [.customLong("input"), .customShort("i")], help: "input file name")
    var input = "damon.data"

    @Option(name: .customLong("aggr"), parsing: .upToNextOption,
            help: ArgumentHelp("min/max valid aggregation intervals (us)", valueName: "microseconds"))
    var aggr: [Int] = [75000, 125000]

    @Option(name: .customLong("nr_regions"), parsing: .upToNextOption,
            help: ArgumentHelp("min/max number of regions", valueName: "number of regions"))
    var nrRegions: [Int] = [3, 1200]

    @Option(name: .customLong("nr_accesses"), parsing: .upToNextOption,
            help: ArgumentHelp("min/max number of measured accesses per aggregate interval", valueName: "number of accesses"))
    var nrAccesses: [Int] = [0, 24]

    @Option(name: .customLong("allow_error"), help: "allowed percent of error samples")
    var allowError: Double = 2

    @Option(name: .customLong("regions_boundary"), parsing: .upToNextOption,
            help: ArgumentHelp("regions boundary", valueName: "start>-<end"))
    var regionsBoundary: [String] = []

    func run() throws {
        let aggrRange = try expectCount(aggr, 2, "--aggr", "<min> <max>")
        let regionsRange = try expectCount(nrRegions, 2, "--nr_regions", "<min> <max>")
        let accessRange = try expectCount(nrAccesses, 2, "--nr_accesses", "<min> <max>")
        let boundaries: [(Int, Int)] = try regionsBoundary.map {
            let parts = $0.split(separator: "-").map { Int($0) }
            guard parts.count == 2, let s = parts[0], let e = parts[1] else {
                throw CLIError("wrong --regions_boundary '\($0)' (expected <start>-<end>)")
            }
            return (s, e)
        }
        let records = try loadRecords([input])
        if records.isEmpty { throw CLIError("invalid: \(input) has no record (target snapshots is zero)") }
        for record in records {
            let allowed = Double(record.snapshots.count) * allowError / 100
            var aggrErrors = 0.0, regionErrors = 0.0
            for snapshot in record.snapshots {
                let aggrUs = ((snapshot.endTime - snapshot.startTime) / .int(1000)).double
                if aggrUs < Double(aggrRange[0]) || Double(aggrRange[1]) < aggrUs {
                    guard aggrErrors < allowed else {
                        throw CLIError("invalid: expect \(aggrRange[0])<=aggregate interval<=\(aggrRange[1]) but \(Int(aggrUs))")
                    }
                    aggrErrors += 1
                }
                let n = snapshot.regions.count
                if n < regionsRange[0] || regionsRange[1] < n {
                    guard regionErrors < allowed else {
                        throw CLIError("invalid: expect \(regionsRange[0])<=nr_regions<=\(regionsRange[1]) but \(n)")
                    }
                    regionErrors += 1
                }
                for region in snapshot.regions {
                    if region.start >= region.end {
                        throw CLIError("invalid: wrong region [\(region.start), \(region.end))")
                    }
                    if !boundaries.isEmpty && !boundaries.contains(where: { region.start >= $0.0 && region.end <= $0.1 }) {
                        throw CLIError("invalid: region \(region.start)-\(region.end) out of the boundary")
                    }
                    let acc = region.samples ?? 0
                    if acc < accessRange[0] || accessRange[1] < acc {
                        throw CLIError("invalid: expect \(accessRange[0])<=nr_accesses<=\(accessRange[1]) but \(acc)")
                    }
                }
            }
        }
    }
}
