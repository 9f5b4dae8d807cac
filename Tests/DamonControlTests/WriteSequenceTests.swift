import DamonEmulator
import DamonModel
import Testing
@testable import DamonKernel

/// The exact writes of representative starts: counts before what they
/// create, parameters before `state`, nothing the kernel does not need.
@Suite struct WriteSequenceTests {
    static let base = "kernel/mm/damon/admin/kdamonds/"

    func writes(_ fs: SysfsEmulator) -> [String] {
        fs.successfulWrites.map { String($0.path.dropFirst(Self.base.count)) + " " + $0.value }
    }

    /// `damo start paddr --regions 4294967296-8589934592` on 6.1.
    @Test func paddrOnLinux61() throws {
        let fs = SysfsEmulator(layout: .v6_1)
        let kdamonds = [Kdamond(contexts: [DamonContext(ops: .paddr, targets: [
            DamonTarget(regions: [AddressRange(start: .int(1 << 32), end: .int(1 << 33))]),
        ])])]
        try DamonControl(fs: fs).start(kdamonds)
        #expect(writes(fs) == [
            "nr_kdamonds 1",
            "0/contexts/nr_contexts 1",
            "0/contexts/0/operations paddr",
            "0/contexts/0/monitoring_attrs/intervals/sample_us 5000",
            "0/contexts/0/monitoring_attrs/intervals/aggr_us 100000",
            "0/contexts/0/monitoring_attrs/intervals/update_us 1000000",
            "0/contexts/0/monitoring_attrs/nr_regions/min 10",
            "0/contexts/0/monitoring_attrs/nr_regions/max 1000",
            "0/contexts/0/targets/nr_targets 1",
            "0/contexts/0/targets/0/regions/nr_regions 1",
            "0/contexts/0/targets/0/regions/0/start 4294967296",
            "0/contexts/0/targets/0/regions/0/end 8589934592",
            "0/contexts/0/schemes/nr_schemes 0",
            "0/state on",
        ])
    }

    /// `damo start --damos_action stat --damos_access_rate 0% 0% PID` on 6.18.
    @Test func vaddrStatSchemeOnLinux618() throws {
        let fs = SysfsEmulator(layout: .v6_18)
        let scheme = Damos(action: .stat, accessPattern: DamosAccessPattern(nrAccessesMin: .int(0), nrAccessesMax: .int(0)))
        try DamonControl(fs: fs).start([Kdamond(contexts: [
            DamonContext(ops: .vaddr, targets: [DamonTarget(pid: 42)], schemes: [scheme]),
        ])])
        let s = "0/contexts/0/schemes/0/"
        #expect(writes(fs) == [
            "nr_kdamonds 1",
            "0/refresh_ms 0",
            "0/contexts/nr_contexts 1",
            "0/contexts/0/operations vaddr",
            "0/contexts/0/addr_unit 1",
            "0/contexts/0/monitoring_attrs/intervals/sample_us 5000",
            "0/contexts/0/monitoring_attrs/intervals/aggr_us 100000",
            "0/contexts/0/monitoring_attrs/intervals/update_us 1000000",
            "0/contexts/0/monitoring_attrs/intervals/intervals_goal/access_bp 0",
            "0/contexts/0/monitoring_attrs/intervals/intervals_goal/aggrs 0",
            "0/contexts/0/monitoring_attrs/intervals/intervals_goal/min_sample_us 0",
            "0/contexts/0/monitoring_attrs/intervals/intervals_goal/max_sample_us 0",
            "0/contexts/0/monitoring_attrs/nr_regions/min 10",
            "0/contexts/0/monitoring_attrs/nr_regions/max 1000",
            "0/contexts/0/targets/nr_targets 1",
            "0/contexts/0/targets/0/pid_target 42",
            "0/contexts/0/targets/0/obsolete_target N",
            "0/contexts/0/targets/0/regions/nr_regions 0",
            "0/contexts/0/schemes/nr_schemes 1",
            s + "action stat",
            s + "apply_interval_us 0",
            s + "access_pattern/sz/min 0",
            s + "access_pattern/sz/max 18446744073709551615",
            s + "access_pattern/nr_accesses/min 0",
            s + "access_pattern/nr_accesses/max 0",
            s + "access_pattern/age/min 0",
            s + "access_pattern/age/max 184467440737095",
            s + "quotas/ms 0",
            s + "quotas/bytes 0",
            s + "quotas/reset_interval_ms 18446744073709551615",
            s + "quotas/weights/sz_permil 0",
            s + "quotas/weights/nr_accesses_permil 0",
            s + "quotas/weights/age_permil 0",
            s + "quotas/goals/nr_goals 0",
            s + "watermarks/metric none",
            s + "watermarks/interval_us 0",
            s + "watermarks/high 0",
            s + "watermarks/mid 0",
            s + "watermarks/low 0",
            s + "core_filters/nr_filters 0",
            s + "ops_filters/nr_filters 0",
            s + "filters/nr_filters 0",
            s + "dests/nr_dests 0",
            "0/state on",
        ])
    }
}
