import DamonEmulator
import Testing
@testable import DamonKernel

#if canImport(Glibc)
import Glibc
#endif

/// DAMON_RECLAIM and DAMON_LRU_SORT through their parameters, against the
/// emulated kernel modules.
@Suite struct ModuleControlTests {
    static let reclaimDir = "module/damon_reclaim/parameters"

    func control(_ fs: ModuleParamsEmulator, _ spec: DamonModuleSpec = .reclaim) -> DamonModuleControl {
        var c = DamonModuleControl(fs: fs, spec: spec)
        c.timeoutSeconds = 0.2
        return c
    }

    func writes(_ fs: ModuleParamsEmulator) -> [String] {
        fs.log.successfulWrites.map { String($0.path.split(separator: "/").last!) + " " + $0.value }
    }

    @Test func statusListsDamosParametersInOrder() throws {
        let fs = ModuleParamsEmulator()
        let status = try control(fs).status()
        #expect(status.map(\.name) == DamonModuleSpec.reclaim.essential + [
            "nr_reclaim_tried_regions", "nr_reclaimed_regions", "bytes_reclaim_tried_regions",
            "bytes_reclaimed_regions", "nr_quota_exceeds"])
        #expect(status.first { $0.name == "min_age" }?.value == "120000000")
        #expect(status.first { $0.name == "kdamond_pid" }?.value == "-1")
        #expect(try control(fs, .lruSort).status().map(\.name) == DamonModuleSpec.lruSort.essential)
        #expect(try control(ModuleParamsEmulator([.reclaimNew])).status().contains { $0.name == "skip_anon" })
    }

    @Test func enableWritesParametersThenRestarts() throws {
        let fs = ModuleParamsEmulator()
        try control(fs).apply([DamonModuleSetting("min_age", "5000000"), DamonModuleSetting("quota_ms", "20"),
                               DamonModuleSetting("skip_anon", "N", requested: false)], .enable)
        #expect(writes(fs) == ["min_age 5000000", "quota_ms 20", "enabled N", "enabled Y"])
        #expect(fs.isRunning("damon_reclaim"))
        #expect(try fs.read("\(Self.reclaimDir)/enabled") == "Y")
        #expect(try fs.read("\(Self.reclaimDir)/monitor_region_start") == "4294967296")
        fs.aggregate(regions: 2)
        #expect(try control(fs).status().first { $0.name == "nr_reclaim_tried_regions" }?.value == "2")

        fs.log.clearWriteLog()
        try control(fs).apply([], .disable)
        #expect(writes(fs) == ["enabled N"])
        #expect(!fs.isRunning("damon_reclaim"))
    }

    @Test func refusedParametersComeBack() throws {
        let fs = ModuleParamsEmulator()
        let before = fs.dump()
        // min_nr_regions below 3: the kernel does not start.
        do {
            try control(fs).apply([DamonModuleSetting("min_nr_regions", "2"), DamonModuleSetting("quota_ms", "7")], .enable)
            Issue.record("enabled with min_nr_regions 2")
        } catch let e as DamonControlError {
            #expect(e.message.contains("did not start"))
        }
        #expect(!fs.isRunning("damon_reclaim"))
        #expect(DebugfsEmulator.diff(before, fs.dump()).isEmpty)

        // Running, a bad restart brings the old parameters back, running.
        try control(fs).apply([DamonModuleSetting("min_age", "1000000")], .enable)
        let running = fs.dump().filter { !$0.key.hasSuffix("kdamond_pid") }
        #expect(throws: DamonControlError.self) {
            try control(fs).apply([DamonModuleSetting("aggr_interval", "0")], .enable)
        }
        #expect(fs.isRunning("damon_reclaim"))
        #expect(DebugfsEmulator.diff(running, fs.dump().filter { !$0.key.hasSuffix("kdamond_pid") }).isEmpty)

        // A value the kernel cannot parse: EINVAL, earlier values back.
        #expect(throws: DamonFSError.self) {
            try control(fs).apply([DamonModuleSetting("min_age", "7"), DamonModuleSetting("quota_sz", "lots")], .enable)
        }
        #expect(try fs.read("\(Self.reclaimDir)/min_age") == "1000000")
    }

    @Test func commitAppliesOrRestores() throws {
        let fs = ModuleParamsEmulator()
        #expect(throws: DamonControlError.self) { try control(fs).apply([], .commit) }
        try control(fs).apply([], .enable)
        let pid = try fs.read("\(Self.reclaimDir)/kdamond_pid")
        fs.log.clearWriteLog()
        try control(fs).apply([DamonModuleSetting("wmarks_high", "600")], .commit)
        #expect(writes(fs) == ["wmarks_high 600", "commit_inputs Y"])
        #expect(try fs.read("\(Self.reclaimDir)/kdamond_pid") == pid)
        #expect(try fs.read("\(Self.reclaimDir)/commit_inputs") == "N")
        // Invalid on commit: the kernel stops it; damo restores and restarts.
        do {
            try control(fs).apply([DamonModuleSetting("min_nr_regions", "2000")], .commit)
            Issue.record("committed min_nr_regions above the maximum")
        } catch let e as DamonControlError {
            #expect(e.message.contains("stopped on commit_inputs"))
        }
        #expect(fs.isRunning("damon_reclaim"))
        #expect(try fs.read("\(Self.reclaimDir)/min_nr_regions") == "10")
    }

    @Test func missingPiecesAreClear() throws {
        // skip_anon asked for on a kernel without it: nothing written.
        let fs = ModuleParamsEmulator()
        #expect(throws: DamonControlError.self) {
            try control(fs).apply([DamonModuleSetting("min_age", "1"), DamonModuleSetting("skip_anon", "Y")], .enable)
        }
        #expect(fs.log.writeLog.isEmpty)
        let newer = ModuleParamsEmulator([.reclaimNew])
        try control(newer).apply([DamonModuleSetting("skip_anon", "Y")], .disable)
        #expect(try newer.read("\(Self.reclaimDir)/skip_anon") == "Y")
        // No module at all.
        let none = ModuleParamsEmulator([])
        do {
            _ = try control(none).status()
            Issue.record("status without the module")
        } catch let e as DamonControlError {
            #expect(e.message.contains("DAMON_RECLAIM is not available"))
        }
        // Another DAMON user runs: the module cannot start.
        let busy = ModuleParamsEmulator()
        busy.otherDamonRunning = true
        #expect(throws: DamonControlError.self) { try control(busy, .lruSort).apply([], .enable) }
        #expect(!busy.isRunning("damon_lru_sort"))
    }

    @Test func emulatedParameterSemantics() throws {
        let fs = ModuleParamsEmulator([.reclaim, .stat])
        #expect(try fs.list("module") == ["damon_reclaim", "damon_stat"])
        #expect(DamonModuleParams.available(fs: fs) == ["reclaim", "stat"])
        #expect(throws: DamonFSError.self) { try fs.write("\(Self.reclaimDir)/kdamond_pid", "5") }
        #expect(throws: DamonFSError.self) { try fs.write("\(Self.reclaimDir)/nr_quota_exceeds", "5") }
        #expect(throws: DamonFSError.self) { try fs.write("\(Self.reclaimDir)/min_age", "-5") }
        try fs.write("\(Self.reclaimDir)/min_age", "0x10\n")
        #expect(try fs.read("\(Self.reclaimDir)/min_age") == "16")
        #expect(throws: DamonFSError.self) { try fs.write("\(Self.reclaimDir)/enabled", "maybe") }
        // commit_inputs waits for a running module.
        try fs.write("\(Self.reclaimDir)/commit_inputs", "Y")
        #expect(try fs.read("\(Self.reclaimDir)/commit_inputs") == "Y")
        let stat = "module/damon_stat/parameters"
        #expect(try fs.read("\(stat)/memory_idle_ms_percentiles").split(separator: ",").count == 101)
        try fs.write("\(stat)/enabled", "Y")
        #expect(try fs.read("\(stat)/enabled") == "Y" && fs.isRunning("damon_stat"))
    }
}
