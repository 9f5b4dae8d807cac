import DamonModel
import Testing
@testable import DamonKernel

/// The text of debugfs files, both ways.
@Suite struct DebugfsTextTests {
    @Test func writtenForms() throws {
        let context = DamonContext(ops: .vaddr, targets: [
            DamonTarget(pid: 10, regions: [AddressRange(0, 4096), AddressRange(8192, 12288)]),
            DamonTarget(pid: 20, regions: [AddressRange(4096, 8192)]),
        ], intervals: Intervals(sample: .int(10_000), aggr: .int(200_000), opsUpdate: .int(2_000_000)),
           nrRegions: NrRegionsRange(min: .int(20), max: .int(2000)))
        #expect(DebugfsText.attrs(context) == "10000 200000 2000000 20 2000 ")
        #expect(DebugfsText.targetIDs(context) == "10 20")
        #expect(DebugfsText.initRegions(context, byIndex: true) == "0 0 4096 0 8192 12288 1 4096 8192")
        #expect(DebugfsText.initRegions(context, byIndex: false) == "10 0 4096 10 8192 12288 20 4096 8192")
        #expect(try DebugfsText.schemes(context) == "\n")
        var paddr = context
        paddr.ops = .paddr
        paddr.targets = [DamonTarget(regions: [AddressRange(4096, 8192)])]
        #expect(DebugfsText.targetIDs(paddr) == "paddr\n")
        #expect(DebugfsText.initRegions(paddr, byIndex: false) == "42 4096 8192")
        // 50% of 20 samples, 1 s in 200 ms aggregation intervals.
        let scheme = Damos(action: .willneed, accessPattern: DamosAccessPattern(
            nrAccessesMin: .int(50), nrAccessesMax: .int(100), ageMin: .int(1_000_000), ageMax: .int(2_000_000)))
        #expect(try DebugfsText.scheme(scheme, context.intervals).split(separator: "\t").prefix(7)
                    == ["0", "18446744073709551615", "10", "20", "5", "10", "0"])
        #expect(throws: DamonControlError.self) {
            try DebugfsText.scheme(Damos(action: .migrateHot), context.intervals)
        }
    }

    @Test func shownForms() throws {
        let (intervals, nr) = try DebugfsText.parseAttrs("5000 100000 1000000 10 1000", file: "attrs")
        #expect(intervals.aggr == .int(100_000) && nr.max == .int(1000))
        #expect(throws: DamonControlError.self) { try DebugfsText.parseAttrs("1 2 3", file: "attrs") }
        #expect(try DebugfsText.parseTargetIDs("", file: "t") == [])
        #expect(try DebugfsText.parseTargetIDs("12 34", file: "t") == [12, 34])
        // Index form, then the id form of kernels before 5.18.
        #expect(try DebugfsText.parseInitRegions("0 1 2\n1 3 4", ids: [50, 60], file: "i")
                    == [[AddressRange(1, 2)], [AddressRange(3, 4)]])
        #expect(try DebugfsText.parseInitRegions("60 1 2\n50 3 4", ids: [50, 60], file: "i")
                    == [[AddressRange(3, 4)], [AddressRange(1, 2)]])
        #expect(throws: DamonControlError.self) {
            try DebugfsText.parseInitRegions("70 1 2", ids: [50, 60], file: "i")
        }
        let line = "4096 8192 2 10 3 7 1 5 6 7 8 9 10 1 11 900 500 100 1 2 3 4 5"
        let s = try DebugfsText.parseScheme(Substring(line), intervals: intervals, file: "schemes")
        #expect(s.action == .cold)
        #expect(s.accessPattern.nrAccessesMin == .float(10) && s.accessPattern.nrAccessesMax == .float(50))
        #expect(s.accessPattern.ageMin == .int(300_000) && s.accessPattern.ageUnit == .usec)
        #expect(s.quotas.resetIntervalMs == .int(7) && s.quotas.weightAgePermil == .int(10))
        #expect(s.watermarks == DamosWatermarks(metric: .freeMemRate, intervalUs: .int(11), highPermil: .int(900),
                                                midPermil: .int(500), lowPermil: .int(100)))
        #expect(s.stats?.nrTried == .int(1) && s.stats?.szApplied == .int(4) && s.stats?.qtExceeds == .int(5))
        let old = try DebugfsText.parseScheme(Substring(line.split(separator: " ").dropLast(3).joined(separator: " ")),
                                              intervals: intervals, file: "schemes")
        #expect(old.stats?.szTried == .int(2) && old.stats?.nrApplied == .int(0))
        #expect(throws: DamonControlError.self) {
            try DebugfsText.parseScheme("1 2 3", intervals: intervals, file: "schemes")
        }
        #expect(DebugfsText.parametersOfShownScheme(Substring(line)).split(separator: " ").count == 18)
    }

    @Test func contextOrder() {
        #expect(["ctx10", "ctx2", "b", "ctx1", "a"].sorted(by: DebugfsControl.naturalOrder)
                    == ["a", "b", "ctx1", "ctx2", "ctx10"])
    }
}
