#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DamonEmulator
import DamonKernel
import DamonModel
import Testing

/// The per-release table, and the behaviours of Linux 6.12 that the VM
/// tier found on the real kernel.
@Suite("Kernel release table")
struct ReleaseTableTests {
    let state = "\(kd)/0/state"
    let ctx = "\(kd)/0/contexts/0"

    @Test func featuresComeFromDamosList() {
        let r612 = EmulatedKernelRelease.v6_12
        for feature in DamonFeature.all {
            guard let (major, minor) = feature.upstreamedRelease else {
                #expect(!r612.has(feature.name))
                continue
            }
            #expect(r612.has(feature.name) == ((major, minor) <= (6, 12)), "\(feature.name)")
        }
        #expect(EmulatedKernelRelease.v6_1.has("sysfs/schemes_tried_regions") == false)
        #expect(EmulatedKernelRelease.documented.has("sysfs/obsolete_target"))
        #expect(!EmulatedKernelRelease.documented.has("sysfs/ctx_pause"))
    }

    /// Any listed release can be emulated: 6.6 has tried_regions with
    /// total_bytes and filters, but no apply interval or quota goals.
    @Test func anyRelease() throws {
        let fs = SysfsEmulator(release: EmulatedKernelRelease(6, 6))
        #expect(fs.layout == .v6_1)
        try fs.write("\(kd)/nr_kdamonds", "1")
        try fs.write("\(kd)/0/contexts/nr_contexts", "1")
        try fs.write("\(ctx)/schemes/nr_schemes", "1")
        #expect(try fs.list("\(ctx)/schemes/0") == ["access_pattern", "action", "filters", "quotas", "stats",
                                                    "tried_regions", "watermarks"])
        #expect(fs.exists("\(ctx)/schemes/0/tried_regions/total_bytes"))
        try fs.write("\(ctx)/schemes/0/filters/nr_filters", "1")
        try fs.write("\(ctx)/schemes/0/filters/0/type", "target")
        #expect(errnoOf { try fs.write("\(ctx)/schemes/0/filters/0/type", "young") } == EINVAL)
    }

    func elapsed(_ body: () throws -> Void) rethrows -> Double {
        var a = timespec(), b = timespec()
        clock_gettime(CLOCK_MONOTONIC, &a)
        try body()
        clock_gettime(CLOCK_MONOTONIC, &b)
        return Double(b.tv_sec - a.tv_sec) + Double(b.tv_nsec - a.tv_nsec) / 1e9
    }

    /// 6.12 answers what its kdamond handles on the writer's 100 ms tick;
    /// `on` and `off` at once.
    @Test func linux6_12AnswersOnTheTick() throws {
        let fs = try makeConfigured(.v6_12, schemes: 1)
        for range in ["sz", "nr_accesses", "age"] { try fs.write("\(ctx)/schemes/0/access_pattern/\(range)/max", "4096") }
        #expect(try elapsed { try fs.write(state, "on") } < 0.1)
        #expect(try elapsed { try fs.write(state, "update_schemes_stats") } >= 0.1)
        #expect(try elapsed { try fs.write(state, "commit") } >= 0.1)
        // Tried regions: after the next application, on a tick.
        fs.setRegions([EmulatedRegion(start: 4096, end: 8192, nrAccesses: 1, age: 2)])
        #expect(try elapsed { try fs.write(state, "update_schemes_tried_regions") } >= 0.1)
        #expect(try fs.read("\(ctx)/schemes/0/tried_regions/0/start") == "4096")
        try fs.write(state, "off")
        #expect(elapsed { _ = errnoOf { try fs.write(state, "update_schemes_stats") } } < 0.1)
        // Not running: refused before the old regions are cleared, and
        // they cannot be cleared either.
        #expect(errnoOf { try fs.write(state, "update_schemes_tried_regions") } == EINVAL)
        #expect(errnoOf { try fs.write(state, "clear_schemes_tried_regions") } == EINVAL)
        #expect(fs.exists("\(ctx)/schemes/0/tried_regions/0"))
        // 6.18 clears them first.
        let new = try makeConfigured(.v6_18, schemes: 1)
        for range in ["sz", "nr_accesses", "age"] { try new.write("\(ctx)/schemes/0/access_pattern/\(range)/max", "4096") }
        new.setRegions([EmulatedRegion(start: 4096, end: 8192, nrAccesses: 1, age: 2)])
        try new.write(state, "on")
        try new.write(state, "update_schemes_tried_regions")
        try new.write(state, "off")
        #expect(errnoOf { try new.write(state, "update_schemes_tried_regions") } == EINVAL)
        #expect(!new.exists("\(ctx)/schemes/0/tried_regions/0"))
    }

    /// Core filters (addr, target) decide what is tried at all, as on the
    /// real 6.12: an addr filter splits regions at its range's ends, and a
    /// filtered-out region is neither listed nor counted.
    @Test func coreFiltersLimitTriedRegions() throws {
        let fs = try makeConfigured(.v6_12, schemes: 3)
        fs.emulatesApplyTiming = false
        let s = "\(ctx)/schemes"
        for i in 0..<3 {
            for range in ["sz", "nr_accesses", "age"] { try fs.write("\(s)/\(i)/access_pattern/\(range)/max", "99999999") }
            try fs.write("\(s)/\(i)/filters/nr_filters", "1")
        }
        // Scheme 0: only [6144, 12288); 1: all but it; 2: only target 1.
        for (i, matching) in [(0, "N"), (1, "Y")] {
            try fs.write("\(s)/\(i)/filters/0/type", "addr")
            try fs.write("\(s)/\(i)/filters/0/addr_start", "6144")
            try fs.write("\(s)/\(i)/filters/0/addr_end", "12288")
            try fs.write("\(s)/\(i)/filters/0/matching", matching)
        }
        try fs.write("\(s)/2/filters/0/type", "target")
        try fs.write("\(s)/2/filters/0/damon_target_idx", "1")
        try fs.write("\(s)/2/filters/0/matching", "N")
        try fs.write(state, "on")
        fs.setRegions([EmulatedRegion(start: 4096, end: 8192, nrAccesses: 1, age: 2),
                       EmulatedRegion(start: 8192, end: 16384, nrAccesses: 3, age: 2)])
        try fs.write(state, "update_schemes_tried_regions")
        func tried(_ i: Int) throws -> [String] {
            try fs.list("\(s)/\(i)/tried_regions").filter { $0 != "total_bytes" }.compactMap(Int.init).sorted().map {
                "\(try fs.read("\(s)/\(i)/tried_regions/\($0)/start"))-\(try fs.read("\(s)/\(i)/tried_regions/\($0)/end"))"
            }
        }
        #expect(try tried(0) == ["6144-8192", "8192-12288"])
        #expect(try tried(1) == ["4096-6144", "12288-16384"])
        #expect(try tried(2) == [])
        #expect(try fs.read("\(s)/0/tried_regions/total_bytes") == "6144")
        #expect(try fs.read("\(s)/1/tried_regions/total_bytes") == "6144")
    }

    /// A commit of values 6.12 refuses succeeds as a write and ends the
    /// kdamond, as 6.1's; 6.18 refuses the write.
    @Test(arguments: [(SysfsLayout.v6_1, true), (.v6_12, true), (.v6_18, false)])
    func refusedCommit(_ layout: SysfsLayout, _ ends: Bool) throws {
        let fs = try makeConfigured(layout)
        fs.emulatesApplyTiming = false
        try fs.write(state, "on")
        try fs.write("\(ctx)/monitoring_attrs/nr_regions/min", "1")
        if ends {
            try fs.write(state, "commit")
            #expect(!fs.isRunning(kdamond: 0))
        } else {
            #expect(errnoOf { try fs.write(state, "commit") } == EINVAL)
            #expect(fs.isRunning(kdamond: 0))
        }
    }
}
