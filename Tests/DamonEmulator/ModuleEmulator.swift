#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DamonKernel

/// The DAMON modules an emulated kernel has.
public enum EmulatedModuleKind: String, CaseIterable, Sendable {
    /// damon_reclaim of Linux 6.1 (commit_inputs, stats, no skip_anon).
    case reclaim
    /// damon_reclaim of 6.9+ (skip_anon, quota autotuning inputs).
    case reclaimNew
    /// damon_lru_sort of Linux 6.1.
    case lruSort
    /// damon_stat of 6.18+ (aggr_interval_us, negative idle times).
    case stat
    /// damon_stat of 6.17: no aggr_interval_us.
    case stat617

    var isStat: Bool { self == .stat || self == .stat617 }

    var module: String {
        switch self {
        case .reclaim, .reclaimNew: return "damon_reclaim"
        case .lruSort: return "damon_lru_sort"
        case .stat, .stat617: return "damon_stat"
        }
    }
}

/// How a module parameter parses writes and shows its value.
enum ModuleParamKind {
    case ulong, bool
    /// Mode 0400 (statistics, kdamond_pid): writes fail with EACCES.
    case readOnly
    /// `enabled`: starting and stopping the module.
    case enabled
    /// `commit_inputs`: the running module reads its parameters again.
    case commitInputs
}

final class EmulatedModule {
    let kind: EmulatedModuleKind
    var kinds: [String: ModuleParamKind] = [:]
    var values: [String: String] = [:]
    var enabled = false
    var pid: Int?

    init(_ kind: EmulatedModuleKind) {
        self.kind = kind
        func add(_ kind: ModuleParamKind, _ pairs: [(String, String)]) {
            for (name, value) in pairs {
                kinds[name] = kind
                values[name] = value
            }
        }
        add(.enabled, [("enabled", "N")])
        add(.readOnly, [("kdamond_pid", "-1")])
        let attrs = [("sample_interval", "5000"), ("aggr_interval", "100000"), ("min_nr_regions", "10"),
                     ("max_nr_regions", "1000"), ("monitor_region_start", "0"), ("monitor_region_end", "0")]
        func stats(_ tried: String, _ applied: String, _ exceeds: String) -> [(String, String)] {
            ["nr_" + tried, "bytes_" + tried, "nr_" + applied, "bytes_" + applied, "nr_" + exceeds].map { ($0, "0") }
        }
        switch kind {
        case .reclaim, .reclaimNew:
            add(.commitInputs, [("commit_inputs", "N")])
            add(.ulong, attrs + [("min_age", "120000000"), ("quota_ms", "10"), ("quota_sz", "134217728"),
                                 ("quota_reset_interval_ms", "1000"), ("wmarks_interval", "5000000"),
                                 ("wmarks_high", "500"), ("wmarks_mid", "400"), ("wmarks_low", "200")])
            add(.readOnly, stats("reclaim_tried_regions", "reclaimed_regions", "quota_exceeds"))
            if kind == .reclaimNew {
                add(.bool, [("skip_anon", "N")])
                add(.ulong, [("quota_mem_pressure_us", "0"), ("quota_autotune_feedback", "0")])
            }
        case .lruSort:
            add(.commitInputs, [("commit_inputs", "N")])
            add(.ulong, attrs + [("hot_thres_access_freq", "500"), ("cold_min_age", "120000000"),
                                 ("quota_ms", "10"), ("quota_reset_interval_ms", "1000"),
                                 ("wmarks_interval", "5000000"), ("wmarks_high", "200"), ("wmarks_mid", "150"),
                                 ("wmarks_low", "50")])
            add(.readOnly, stats("lru_sort_tried_hot_regions", "lru_sorted_hot_regions", "hot_quota_exceeds")
                + stats("lru_sort_tried_cold_regions", "lru_sorted_cold_regions", "cold_quota_exceeds"))
        case .stat, .stat617:
            kinds["kdamond_pid"] = nil
            values["kdamond_pid"] = nil
            add(.readOnly, [("estimated_memory_bandwidth", "0"),
                            ("memory_idle_ms_percentiles", Array(repeating: "0", count: 101).joined(separator: ","))])
            if kind == .stat { add(.readOnly, [("aggr_interval_us", "0")]) }
        }
    }
}

/// In-memory `/sys/module/damon_*/parameters` with the kernel's module
/// semantics (mm/damon/reclaim.c, lru_sort.c, stat.c): parameters parse
/// like kstrtoul/kstrtobool, statistics and kdamond_pid are read-only,
/// `enabled` starts the module only when its parameters are valid and no
/// other DAMON user runs (else it just stays off, as the kernel's worker
/// does), `commit_inputs` is consumed by a running module, whose invalid
/// new parameters stop it.
public final class ModuleParamsEmulator: DamonFS {
    public let log = FailureInjector()
    var modules: [String: EmulatedModule] = [:]
    /// Another DAMON user (sysfs, debugfs, another module) runs: exclusive
    /// starts fail.
    public var otherDamonRunning = false
    /// What an unset monitoring region becomes: the biggest System RAM.
    public var biggestSystemRam: (UInt64, UInt64) = (4_294_967_296, 8_589_934_592)
    var nextPid = 7070

    public init(_ kinds: [EmulatedModuleKind] = [.reclaim, .lruSort]) {
        for kind in kinds { modules[kind.module] = EmulatedModule(kind) }
    }

    public func isRunning(_ module: String) -> Bool { modules[module]?.pid != nil }

    /// What DAMON_STAT's kdamond publishes after an aggregation: its
    /// read-only results (stat.c's damon_stat_damon_call_fn()), exactly as
    /// given (a test may give what no kernel would).
    public func publishStat(percentiles: String, aggrIntervalUs: String? = nil, bandwidth: String = "0") {
        guard let module = modules["damon_stat"] else { return }
        module.values["memory_idle_ms_percentiles"] = percentiles
        module.values["estimated_memory_bandwidth"] = bandwidth
        if let aggrIntervalUs, module.kind == .stat { module.values["aggr_interval_us"] = aggrIntervalUs }
    }

    /// The running modules' schemes work on `regions` regions of `bytes`
    /// each: their statistics grow.
    public func aggregate(regions: UInt64 = 1, bytes: UInt64 = 4096) {
        for module in modules.values where module.pid != nil {
            for name in module.values.keys where module.kinds[name] == .readOnly && name.hasPrefix("nr_") && !name.hasSuffix("exceeds") {
                module.values[name] = String(UInt64(module.values[name]!)! + regions)
                let bytesName = "bytes_" + name.dropFirst(3)
                if let b = module.values[bytesName] { module.values[bytesName] = String(UInt64(b)! + regions * bytes) }
            }
        }
    }

    /// Every parameter file with its value.
    public func dump() -> [String: String] {
        var result: [String: String] = [:]
        for (name, module) in modules {
            for param in module.kinds.keys { result["module/\(name)/parameters/\(param)"] = try? read("module/\(name)/parameters/\(param)") }
        }
        return result
    }

    enum Entry {
        case directory([String])
        case param(EmulatedModule, String)
    }

    func resolve(_ path: String) throws(KernelErrno) -> Entry {
        let parts = EmulatedPath.components(path)
        switch parts.count {
        case 0: return .directory(["module"])
        case 1 where parts[0] == "module": return .directory(modules.keys.sorted())
        case 2 where parts[0] == "module" && modules[parts[1]] != nil: return .directory(["parameters"])
        case 3 where parts[0] == "module" && parts[2] == "parameters":
            if let module = modules[parts[1]] { return .directory(module.kinds.keys.sorted()) }
        case 4 where parts[0] == "module" && parts[2] == "parameters":
            if let module = modules[parts[1]], module.kinds[parts[3]] != nil { return .param(module, parts[3]) }
        default: break
        }
        throw KernelErrno(ENOENT)
    }

    public func read(_ path: String) throws(DamonFSError) -> String {
        do throws(KernelErrno) {
            guard case .param(let module, let name) = try resolve(path) else { throw KernelErrno(EISDIR) }
            switch name {
            case "enabled" where !module.kind.isStat: return module.pid != nil ? "Y" : "N"
            case "enabled": return module.enabled ? "Y" : "N"
            case "kdamond_pid": return String(module.pid ?? -1)
            default: return module.values[name]!
            }
        } catch {
            throw DamonFSError(path: EmulatedPath.normalized(path), errno: error.code, operation: "reading")
        }
    }

    public func write(_ path: String, _ value: String) throws(DamonFSError) {
        let normalized = EmulatedPath.normalized(path)
        let entry: Entry
        do throws(KernelErrno) {
            entry = try resolve(path)
            guard case .param(let module, let name) = entry else { throw KernelErrno(EISDIR) }
            if module.kinds[name] == .readOnly { throw KernelErrno(EACCES) }
        } catch {
            log.writeLog.append(EmulatorWrite(path: normalized, value: value, errno: error.code))
            throw DamonFSError(path: normalized, errno: error.code, operation: "writing")
        }
        guard case .param(let module, let name) = entry else { return }
        do throws(DamonFSErrorBox) {
            try log.write(normalized, value) { () throws(KernelErrno) in try store(module, name, value) }
        } catch {
            throw DamonFSError(path: normalized, errno: error.errno, operation: "writing '\(value)' to")
        }
    }

    func store(_ module: EmulatedModule, _ name: String, _ value: String) throws(KernelErrno) {
        switch module.kinds[name]! {
        case .ulong: module.values[name] = String(try KernelParse.ull(value))
        case .bool: module.values[name] = try KernelParse.bool(value) ? "Y" : "N"
        case .readOnly: throw KernelErrno(EACCES)
        case .enabled:
            module.enabled = try KernelParse.bool(value)
            // The kernel's worker, run at once here.
            if !module.enabled {
                module.pid = nil
            } else if module.pid == nil && !otherDamonRunning && applyParameters(module) {
                module.pid = nextPid
                nextPid += 1
            }
        case .commitInputs:
            guard try KernelParse.bool(value) else { module.values[name] = "N"; return }
            guard module.pid != nil else { module.values[name] = "Y"; return }
            // Read at the next aggregation; invalid parameters end it.
            if !applyParameters(module) { module.pid = nil }
            module.values[name] = "N"
        }
    }

    /// damon_{reclaim,lru_sort}_apply_parameters(): false when the kernel
    /// would refuse them.
    func applyParameters(_ module: EmulatedModule) -> Bool {
        guard !module.kind.isStat else { return true }
        func n(_ name: String) -> UInt64 { UInt64(module.values[name] ?? "0") ?? 0 }
        if n("aggr_interval") == 0 { return false }
        if n("min_nr_regions") < 3 || n("min_nr_regions") > n("max_nr_regions") { return false }
        if n("monitor_region_start") > n("monitor_region_end") { return false }
        if n("monitor_region_start") == 0 && n("monitor_region_end") == 0 {
            module.values["monitor_region_start"] = String(biggestSystemRam.0)
            module.values["monitor_region_end"] = String(biggestSystemRam.1)
        }
        return true
    }

    public func list(_ path: String) throws(DamonFSError) -> [String] {
        do throws(KernelErrno) {
            guard case .directory(let names) = try resolve(path) else { throw KernelErrno(ENOTDIR) }
            return names
        } catch {
            throw DamonFSError(path: EmulatedPath.normalized(path), errno: error.code, operation: "listing")
        }
    }

    public func exists(_ path: String) -> Bool { (try? resolve(path)) != nil }

    public func isDirectory(_ path: String) -> Bool {
        if case .directory? = try? resolve(path) { return true }
        return false
    }
}
