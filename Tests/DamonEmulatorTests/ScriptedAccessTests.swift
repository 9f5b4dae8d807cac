#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DamonEmulator
import DamonKernel
import Testing

@Suite("Scripted monitoring results")
struct ScriptedAccessTests {
    let state = "\(kd)/0/state"
    let schemes = "\(kd)/0/contexts/0/schemes"

    let regions = [
        EmulatedRegion(start: 0, end: 4096, nrAccesses: 0, age: 10),
        EmulatedRegion(start: 4096, end: 12288, nrAccesses: 5, age: 3, szFilterPassed: 4096),
        EmulatedRegion(start: 12288, end: 16384, nrAccesses: 20, age: 1),
    ]

    /// A stat scheme matching nr_accesses in [min, max], any size and age.
    func setScheme(_ fs: SysfsEmulator, _ index: Int, accesses: ClosedRange<UInt64>, action: String = "stat") throws {
        let s = "\(schemes)/\(index)"
        try fs.write("\(s)/action", action)
        try fs.write("\(s)/access_pattern/sz/max", String(UInt64.max))
        try fs.write("\(s)/access_pattern/age/max", String(UInt32.max))
        try fs.write("\(s)/access_pattern/nr_accesses/min", String(accesses.lowerBound))
        try fs.write("\(s)/access_pattern/nr_accesses/max", String(accesses.upperBound))
    }

    @Test func triedRegionsMatchTheAccessPattern() throws {
        let fs = try makeConfigured(schemes: 2)
        try setScheme(fs, 0, accesses: 0...100)
        try setScheme(fs, 1, accesses: 5...100)
        fs.setRegions(regions)
        try fs.write(state, "on")
        try fs.write(state, "update_schemes_tried_regions")
        #expect(try fs.list("\(schemes)/0/tried_regions") == ["0", "1", "2", "total_bytes"])
        #expect(try fs.read("\(schemes)/0/tried_regions/total_bytes") == "16384")
        #expect(try fs.list("\(schemes)/1/tried_regions") == ["0", "1", "total_bytes"])
        let r = "\(schemes)/1/tried_regions/0"
        #expect(try fs.list(r) == ["age", "end", "nr_accesses", "start", "sz_filter_passed"])
        #expect(try fs.read("\(r)/start") == "4096")
        #expect(try fs.read("\(r)/end") == "12288")
        #expect(try fs.read("\(r)/nr_accesses") == "5")
        #expect(try fs.read("\(r)/age") == "3")
        #expect(try fs.read("\(r)/sz_filter_passed") == "4096")
        #expect(try fs.read("\(schemes)/1/tried_regions/total_bytes") == "12288")

        try fs.write(state, "update_schemes_tried_bytes")
        #expect(try fs.list("\(schemes)/1/tried_regions") == ["total_bytes"])
        #expect(try fs.read("\(schemes)/1/tried_regions/total_bytes") == "12288")

        try fs.write(state, "update_schemes_tried_regions")
        try fs.write(state, "clear_schemes_tried_regions")
        #expect(try fs.list("\(schemes)/0/tried_regions") == ["total_bytes"])
        #expect(try fs.read("\(schemes)/0/tried_regions/total_bytes") == "0")
    }

    @Test func patternIsTheCommittedOne() throws {
        let fs = try makeConfigured(schemes: 1)
        try setScheme(fs, 0, accesses: 0...100)
        fs.setRegions(regions)
        try fs.write(state, "on")
        // Not committed yet: still the old pattern.
        try fs.write("\(schemes)/0/access_pattern/nr_accesses/min", "10")
        try fs.write(state, "update_schemes_tried_regions")
        #expect(try fs.read("\(schemes)/0/tried_regions/total_bytes") == "16384")
        try fs.write(state, "commit")
        try fs.write(state, "update_schemes_tried_regions")
        #expect(try fs.read("\(schemes)/0/tried_regions/total_bytes") == "4096")
    }

    @Test func providersSeeTheUpdateNumber() throws {
        let fs = try makeConfigured(schemes: 1)
        try setScheme(fs, 0, accesses: 0...100)
        fs.setRegions { update in
            [EmulatedRegion(start: 0, end: UInt64(update + 1) * 4096, nrAccesses: 1, age: 1)]
        }
        try fs.write(state, "on")
        try fs.write(state, "update_schemes_tried_regions")
        #expect(try fs.read("\(schemes)/0/tried_regions/0/end") == "4096")
        try fs.write(state, "update_schemes_tried_regions")
        #expect(try fs.read("\(schemes)/0/tried_regions/0/end") == "8192")
        fs.setSchemeRegions(scheme: 0) { _ in [EmulatedRegion(start: 1, end: 2, nrAccesses: 3, age: 4)] }
        try fs.write(state, "update_schemes_tried_regions")
        #expect(try fs.read("\(schemes)/0/tried_regions/0/start") == "1")
    }

    @Test func triedRegionsNeedARunningKdamond() throws {
        let fs = try makeConfigured(schemes: 1)
        try setScheme(fs, 0, accesses: 0...100)
        fs.setRegions(regions)
        #expect(errnoOf { try fs.write(state, "update_schemes_tried_regions") } == EINVAL)
        try fs.write(state, "on")
        try fs.write(state, "update_schemes_tried_regions")
        try fs.write(state, "off")
        #expect(errnoOf { try fs.write(state, "update_schemes_tried_regions") } == EINVAL)
        // The failed update still cleared the old results, as damos_walk's caller does.
        #expect(try fs.list("\(schemes)/0/tried_regions") == ["total_bytes"])
        try fs.write(state, "clear_schemes_tried_regions")
    }

    @Test func statsGrowOnEachUpdate() throws {
        let fs = try makeConfigured(schemes: 2)
        try setScheme(fs, 0, accesses: 5...100)
        try setScheme(fs, 1, accesses: 0...0, action: "pageout")
        fs.setRegions(regions)
        try fs.write(state, "on")
        let stats0 = "\(schemes)/0/stats", stats1 = "\(schemes)/1/stats"
        #expect(try fs.read("\(stats0)/nr_tried") == "0")
        try fs.write(state, "update_schemes_stats")
        try fs.write(state, "update_schemes_stats")
        #expect(try fs.read("\(stats0)/nr_tried") == "4")
        #expect(try fs.read("\(stats0)/sz_tried") == "24576")
        #expect(try fs.read("\(stats0)/nr_applied") == "0")
        #expect(try fs.read("\(stats0)/sz_ops_filter_passed") == "8192")
        #expect(try fs.read("\(stats0)/nr_snapshots") == "2")
        #expect(try fs.read("\(stats1)/nr_applied") == "2")
        #expect(try fs.read("\(stats1)/sz_applied") == "8192")
    }

    @Test func scriptedStatsSteps() throws {
        let fs = try makeConfigured(schemes: 1)
        fs.setStatsStep(scheme: 0) { update in
            EmulatedSchemeStats(nrTried: 10, szTried: UInt64(update) * 100, qtExceeds: 1)
        }
        try fs.write(state, "on")
        for _ in 0..<3 { try fs.write(state, "update_schemes_stats") }
        #expect(try fs.read("\(schemes)/0/stats/nr_tried") == "30")
        #expect(try fs.read("\(schemes)/0/stats/sz_tried") == "300")
        #expect(try fs.read("\(schemes)/0/stats/qt_exceeds") == "3")
        // Commit keeps the stats of schemes that stay; new ones start at 0.
        try fs.write("\(schemes)/nr_schemes", "2")
        try fs.write(state, "commit")
        try fs.write(state, "update_schemes_stats")
        #expect(try fs.read("\(schemes)/0/stats/nr_tried") == "40")
        #expect(try fs.read("\(schemes)/1/stats/nr_tried") == "0")
        // A new on starts from zero.
        try fs.write(state, "off")
        try fs.write(state, "on")
        try fs.write(state, "update_schemes_stats")
        #expect(try fs.read("\(schemes)/0/stats/nr_tried") == "10")
    }

    @Test func effectiveQuotas() throws {
        let fs = try makeConfigured(schemes: 2)
        try fs.write("\(schemes)/0/quotas/bytes", "1048576")
        fs.setEffectiveQuota(scheme: 1, bytes: 777)
        try fs.write(state, "on")
        try fs.write(state, "update_schemes_effective_quotas")
        #expect(try fs.read("\(schemes)/0/quotas/effective_bytes") == "1048576")
        #expect(try fs.read("\(schemes)/1/quotas/effective_bytes") == "777")
    }
}
