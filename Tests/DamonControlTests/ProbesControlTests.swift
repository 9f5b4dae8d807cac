import DamonEmulator
import DamonModel
import Testing
@testable import DamonKernel

#if canImport(Glibc)
import Glibc
#endif

/// Writing data attribute monitoring probes: the exact writes on kernels
/// with probes, what a kernel lacking a probe feature answers (one error
/// naming damo's feature, the kernel left as found), every failing write
/// of start and tune undone, and the probes read back as written.
@Suite struct ProbesControlTests {
    static let base = SysfsEmulator.kdamondsPath + "/"

    static let probes = [
        DamonProbe(preps: [.setPgidle],
                   filters: [DamonProbeFilter(filterType: .anon, allow: true),
                             DamonProbeFilter(filterType: .memcg, matching: false, path: "/workload")],
                   weight: 3),
        DamonProbe(filters: [DamonProbeFilter(filterType: .hugepageSize, allow: true,
                                              rangeMin: .int(2 << 20), rangeMax: .int(1 << 30))],
                   weight: 1),
    ]

    func paddr(_ probes: [DamonProbe]) -> [Kdamond] {
        [Kdamond(contexts: [DamonContext(ops: .paddr, targets: [
            DamonTarget(regions: [AddressRange(start: .int(1 << 32), end: .int(1 << 33))]),
        ], probes: probes)])]
    }

    /// The probes of the running context as read back.  A kernel with
    /// hugepage_size filters shows min and max in every filter (damo
    /// reads them too); they mean something only in hugepage_size ones.
    func readBack(_ fs: SysfsEmulator) throws -> [DamonProbe] {
        try DamonControl(fs: fs).status()[0].contexts[0].probes.map { probe in
            var p = probe
            p.filters = p.filters.map { f in
                var f = f
                if f.filterType != .hugepageSize { (f.rangeMin, f.rangeMax) = (nil, nil) }
                return f
            }
            return p
        }
    }

    /// The writes under `monitoring_attrs/probes`, relative to it.
    func probeWrites(_ fs: SysfsEmulator) -> [String] {
        let attrs = Self.base + "0/contexts/0/monitoring_attrs/probes/"
        return fs.successfulWrites.filter { $0.path.hasPrefix(attrs) }
            .map { String($0.path.dropFirst(attrs.count)) + " " + $0.value }
    }

    /// mm.git's layout: preps, the four filter kinds' files, weights; the
    /// probes come right after nr_regions, as damo 3.4.3 writes them.
    @Test func writesEveryProbeFileInDamosOrder() throws {
        let fs = SysfsEmulator(release: .mmProbes)
        try DamonControl(fs: fs).start(paddr(Self.probes))
        #expect(probeWrites(fs) == [
            "nr_probes 2",
            "0/preps/nr_preps 1",
            "0/preps/0/prep_action set_pgidle",
            "0/filters/nr_filters 2",
            "0/filters/0/type anon",
            "0/filters/0/matching Y",
            "0/filters/0/allow Y",
            "0/filters/1/type memcg",
            "0/filters/1/matching N",
            "0/filters/1/allow N",
            "0/filters/1/path /workload",
            "0/weight 3",
            "1/preps/nr_preps 0",
            "1/filters/nr_filters 1",
            "1/filters/0/type hugepage_size",
            "1/filters/0/matching Y",
            "1/filters/0/allow Y",
            "1/filters/0/min 2097152",
            "1/filters/0/max 1073741824",
            "1/weight 1",
        ])
        let paths = fs.successfulWrites.map(\.path)
        let nrRegionsMax = try #require(paths.firstIndex { $0.hasSuffix("monitoring_attrs/nr_regions/max") })
        #expect(paths[nrRegionsMax + 1].hasSuffix("monitoring_attrs/probes/nr_probes"))
        #expect(paths[nrRegionsMax + 2 + probeWrites(fs).count - 1].hasSuffix("targets/nr_targets"))
        #expect(fs.isRunning(kdamond: 0))
        #expect(try readBack(fs) == Self.probes)
    }

    /// 7.3 has probes and weights but no preps directory: nothing of preps
    /// is written, the rest reads back.
    @Test func linux73HasNoPreps() throws {
        let fs = SysfsEmulator(release: .v7_3)
        let probes = [DamonProbe(filters: [DamonProbeFilter(filterType: .memcg, allow: true, path: "/a")], weight: 7)]
        try DamonControl(fs: fs).start(paddr(probes))
        #expect(probeWrites(fs) == [
            "nr_probes 1", "0/filters/nr_filters 1", "0/filters/0/type memcg", "0/filters/0/matching Y",
            "0/filters/0/allow Y", "0/filters/0/path /a", "0/weight 7",
        ])
        #expect(try readBack(fs) == probes)
    }

    /// Without probes, a kernel that has the directory gets none (a tune
    /// takes earlier probes away); one without it is not touched there.
    @Test func noProbesWritesZeroWhereTheDirectoryIs() throws {
        let fs = SysfsEmulator(release: .v7_3)
        try DamonControl(fs: fs).start(paddr([]))
        #expect(probeWrites(fs) == ["nr_probes 0"])
        let old = SysfsEmulator(layout: .v6_18)
        try DamonControl(fs: old).start(paddr([]))
        #expect(!old.successfulWrites.contains { $0.path.contains("probes") })
    }

    /// What each kernel lacks, said in one line with damo's feature name;
    /// nothing is left written and no kdamond runs.
    @Test(arguments: [
        (EmulatedKernelRelease.v6_12, DamonProbe(filters: [DamonProbeFilter(filterType: .anon)]), "sysfs/attrs_monitoring"),
        (EmulatedKernelRelease.documented, DamonProbe(filters: [DamonProbeFilter(filterType: .anon)]), "sysfs/attrs_monitoring"),
        (EmulatedKernelRelease(7, 2), DamonProbe(filters: [DamonProbeFilter(filterType: .anon)], weight: 2), "sysfs/probe_weights"),
        (EmulatedKernelRelease.v7_3, DamonProbe(preps: [.setPgidle], filters: []), "sysfs/probe_preps"),
        (EmulatedKernelRelease.v7_3, DamonProbe(filters: [DamonProbeFilter(filterType: .pgidleSet)]), "sysfs/probe_type_pgidle_set"),
        (EmulatedKernelRelease.v7_3, DamonProbe(filters: [DamonProbeFilter(filterType: .pgidleUnset)]), "sysfs/probe_type_pgidle_unset"),
        (EmulatedKernelRelease.v7_3, DamonProbe(filters: [DamonProbeFilter(filterType: .hugepageSize, rangeMin: .int(0), rangeMax: .int(4096))]),
         "sysfs/probe_type_hugepage_size"),
    ])
    func missingFeatureIsNamedAndNothingStays(_ release: EmulatedKernelRelease, _ probe: DamonProbe, _ feature: String) throws {
        let fs = SysfsEmulator(release: release)
        let before = fs.dump()
        let error = #expect(throws: DamonControlError.self) { try DamonControl(fs: fs).start(paddr([probe])) }
        let message = "\(error.map { "\($0)" } ?? "")"
        #expect(message.contains("\(feature) DAMON feature is not available"), "\(message)")
        #expect(!message.contains("\n"))
        #expect(!fs.isRunning(kdamond: 0))
        #expect(SysfsEmulator.diff(before, fs.dump()).isEmpty)
    }

    /// Every write of a start with probes failing in turn: the kernel ends
    /// as it began.
    @Test func startWithProbesRollsBackAtEveryStep() throws {
        let total: Int
        do {
            let fs = SysfsEmulator(release: .mmProbes)
            try DamonControl(fs: fs).start(paddr(Self.probes))
            total = fs.writeLog.count
        }
        #expect(total > 30)
        for n in 1...total {
            let fs = SysfsEmulator(release: .mmProbes)
            let before = fs.dump()
            fs.failWrite(number: n, errno: EINVAL)
            #expect(throws: DamonFSError.self) { try DamonControl(fs: fs).start(paddr(Self.probes)) }
            #expect(!fs.isRunning(kdamond: 0))
            let diff = SysfsEmulator.diff(before, fs.dump())
            #expect(diff.isEmpty, "write \(n) failing left: \(diff.prefix(5))")
        }
    }

    /// tune replaces the probes (one becomes two, preps and weights
    /// change); every failing write of it leaves the running probes.
    @Test func tuneChangesProbesAndRollsBackAtEveryStep() throws {
        let first = [DamonProbe(filters: [DamonProbeFilter(filterType: .anon, allow: true)], weight: 5)]
        let total: Int
        do {
            let fs = SysfsEmulator(release: .mmProbes)
            try DamonControl(fs: fs).start(paddr(first))
            fs.clearWriteLog()
            try DamonControl(fs: fs).tune(paddr(Self.probes))
            total = fs.writeLog.count
            #expect(fs.successfulWrites.last?.value == "commit")
            #expect(try readBack(fs) == Self.probes)
            try DamonControl(fs: fs).tune(paddr([]))
            #expect(try readBack(fs) == [])
        }
        for n in 1...total {
            let fs = SysfsEmulator(release: .mmProbes)
            try DamonControl(fs: fs).start(paddr(first))
            let before = fs.dump()
            fs.failWrite(number: n, errno: EINVAL)
            #expect(throws: (any Error).self) { try DamonControl(fs: fs).tune(paddr(Self.probes)) }
            #expect(fs.isRunning(kdamond: 0))
            let diff = SysfsEmulator.diff(before, fs.dump()).filter { !$0.contains("/stats/") }
            #expect(diff.isEmpty, "tune write \(n) failing left: \(diff.prefix(5))")
        }
    }

    /// A memcg filter without its path (a kdamonds file can hold one)
    /// is refused by name before the kernel sees an empty path.
    @Test func memcgFilterWithoutPathIsRefused() throws {
        let fs = SysfsEmulator(release: .v7_3)
        let before = fs.dump()
        let probe = DamonProbe(filters: [DamonProbeFilter(filterType: .memcg)])
        let error = #expect(throws: DamonControlError.self) { try DamonControl(fs: fs).start(paddr([probe])) }
        #expect(error?.message == "memcg probe filter 0 has no memory cgroup path")
        #expect(SysfsEmulator.diff(before, fs.dump()).isEmpty)
    }
}
