import DamonEmulator
import DamonKernel
import DamonMetrics
import DamonModel
import Foundation

/// An emulated kernel with DAMON's sysfs interface and its modules: one
/// DamonFS routing `module/...` to the module parameters and the rest to
/// sysfs, as /sys has them side by side.
final class EmulatedDamon: DamonFS {
    let sysfs: SysfsEmulator
    let modules: ModuleParamsEmulator

    init(layout: SysfsLayout, modules kinds: [EmulatedModuleKind] = [], damonPresent: Bool = true) {
        sysfs = SysfsEmulator(layout: layout, damonPresent: damonPresent)
        modules = ModuleParamsEmulator(kinds)
    }

    func route(_ path: String) -> DamonFS { path.hasPrefix("module") ? modules : sysfs }
    func read(_ path: String) throws(DamonFSError) -> String { try route(path).read(path) }
    func write(_ path: String, _ value: String) throws(DamonFSError) { try route(path).write(path, value) }
    func list(_ path: String) throws(DamonFSError) -> [String] { try route(path).list(path) }
    func exists(_ path: String) -> Bool { route(path).exists(path) }
    func isDirectory(_ path: String) -> Bool { route(path).isDirectory(path) }

    /// A file's value under kdamonds/ (tests compare exported values with it).
    func kd(_ path: String) -> String { (try? sysfs.read(SysfsEmulator.kdamondsPath + "/" + path)) ?? "<missing \(path)>" }

    /// The writes to DAMON's files so far.
    var writes: [EmulatorWrite] { sysfs.writeLog + modules.log.writeLog }
}

/// Kdamonds of the shapes users run.
enum Fixtures {
    /// A vaddr kdamond with a pageout scheme under quotas, a quota goal
    /// (where the kernel has goals) and free memory watermarks, and a
    /// stat scheme on everything.
    static func vaddr(pid: Int, goals: Bool) -> Kdamond {
        let pageout = Damos(
            action: .pageout,
            accessPattern: DamosAccessPattern(szMin: .int(4096), nrAccessesMin: .int(0), nrAccessesMax: .int(0),
                                              ageMin: .int(5_000_000)),
            quotas: DamosQuotas(timeMs: .int(10), szBytes: .int(128 << 20), resetIntervalMs: .int(1000),
                                weightSzPermil: .int(0), weightNrAccessesPermil: .int(1), weightAgePermil: .int(1),
                                goals: goals ? [DamosQuotaGoal(metric: .someMemPsiUs, targetValue: .int(1000))] : []),
            watermarks: DamosWatermarks(metric: .freeMemRate, intervalUs: .int(5_000_000),
                                        highPermil: .int(500), midPermil: .int(400), lowPermil: .int(200)))
        return Kdamond(contexts: [DamonContext(ops: .vaddr, targets: [DamonTarget(pid: pid)],
                                               schemes: [pageout, Damos(action: .stat)])])
    }

    /// A paddr kdamond over 16 GiB with `schemes` stat schemes.
    static func paddr(schemes: Int = 1) -> Kdamond {
        Kdamond(contexts: [DamonContext(ops: .paddr, targets: [
            DamonTarget(regions: [AddressRange(start: .int(1 << 32), end: .int(5 << 32))]),
        ], schemes: Array(repeating: Damos(action: .stat), count: schemes))])
    }

    static let regions = [
        EmulatedRegion(start: 0x1000, end: 0x3000, nrAccesses: 5, age: 2),
        EmulatedRegion(start: 0x3000, end: 0x9000, nrAccesses: 0, age: 30),
        EmulatedRegion(start: 0x9000, end: 0x19000, nrAccesses: 0, age: 100),
    ]
}

extension MetricsExporter {
    /// The samples of a family, by their labels' values joined with ','.
    func samples(_ name: String) -> [String: Double] {
        guard let family = currentFamilies().first(where: { $0.name == name }) else { return [:] }
        var result: [String: Double] = [:]
        for s in family.samples { result[s.labels.map(\.value).joined(separator: ",")] = s.value.double }
        return result
    }
}

/// A clock tests step by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var now = 1000.0
    func read() -> Double { lock.withLock { now } }
    func advance(_ seconds: Double) { lock.withLock { now += seconds } }
}

/// Lines a test collects from another thread.
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func append(_ line: String) { lock.withLock { stored.append(line) } }
    var lines: [String] { lock.withLock { stored } }
}

/// A kernel with everything the exporter exports that the layout has:
/// two running kdamonds, DAMON_RECLAIM running, DAMON_LRU_SORT and
/// DAMON_STAT (with its percentiles) loaded.
enum RichKernel {
    static let statDir = "module/damon_stat/parameters"

    static func make(_ layout: SysfsLayout) throws -> (damon: EmulatedDamon, fs: DamonFS) {
        let damon = EmulatedDamon(layout: layout, modules: [.reclaimNew, .lruSort, .stat])
        try DamonControl(fs: damon).start([Fixtures.vaddr(pid: 1234, goals: layout != .v6_1), Fixtures.paddr(schemes: 2)])
        damon.sysfs.setRegions(kdamond: 0, Fixtures.regions)
        damon.sysfs.setRegions(kdamond: 1, Fixtures.regions)
        try damon.write("module/damon_reclaim/parameters/enabled", "Y")
        damon.modules.aggregate(regions: 2, bytes: 8192)
        let percentiles = (0...100).map { String($0 * 50) }.joined(separator: ",")
        let fs = Overlay(damon, [statDir + "/enabled": "Y", statDir + "/estimated_memory_bandwidth": "123456789",
                                 statDir + "/aggr_interval_us": "400000",
                                 statDir + "/memory_idle_ms_percentiles": percentiles])
        return (damon, fs)
    }
}
