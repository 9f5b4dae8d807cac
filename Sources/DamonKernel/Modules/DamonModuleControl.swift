import DamoPlatform

/// What damo knows of DAMON_RECLAIM and DAMON_LRU_SORT: the parameters
/// every version has, those later kernels added (shown when present), and
/// the title the kernel documentation uses.
public struct DamonModuleSpec: Sendable {
    public let module: String
    public let title: String
    public let essential: [String]
    public let optional: [String]

    public static let reclaim = DamonModuleSpec(
        module: "damon_reclaim", title: "DAMON_RECLAIM",
        essential: ["kdamond_pid", "enabled", "min_age", "quota_ms", "quota_sz", "quota_reset_interval_ms",
                    "wmarks_interval", "wmarks_high", "wmarks_mid", "wmarks_low", "sample_interval",
                    "aggr_interval", "min_nr_regions", "max_nr_regions", "monitor_region_start",
                    "monitor_region_end"],
        optional: [
            // 5.17
            "nr_reclaim_tried_regions", "nr_reclaimed_regions", "bytes_reclaim_tried_regions",
            "bytes_reclaimed_regions", "nr_quota_exceeds",
            // 6.3
            "skip_anon",
            // 6.9
            "quota_mem_pressure_us", "quota_autotune_feedback",
        ])

    public static let lruSort = DamonModuleSpec(
        module: "damon_lru_sort", title: "DAMON_LRU_SORT",
        essential: ["kdamond_pid", "enabled", "hot_thres_access_freq", "cold_min_age", "quota_ms",
                    "quota_reset_interval_ms", "wmarks_interval", "wmarks_high", "wmarks_mid", "wmarks_low",
                    "sample_interval", "aggr_interval", "min_nr_regions", "max_nr_regions",
                    "monitor_region_start", "monitor_region_end",
                    "nr_lru_sort_tried_hot_regions", "nr_lru_sorted_hot_regions",
                    "bytes_lru_sort_tried_hot_regions", "bytes_lru_sorted_hot_regions",
                    "nr_lru_sort_tried_cold_regions", "nr_lru_sorted_cold_regions",
                    "bytes_lru_sort_tried_cold_regions", "bytes_lru_sorted_cold_regions"],
        optional: [])
}

/// A parameter to set: given by the user, or a default damo writes only
/// where the kernel has the parameter.
public struct DamonModuleSetting: Sendable, Equatable {
    public let name: String
    public let value: String
    public let requested: Bool

    public init(_ name: String, _ value: String, requested: Bool = true) {
        self.name = name
        self.value = value
        self.requested = requested
    }
}

public enum DamonModuleAction: String, Sendable {
    case enable, disable, commit
}

/// Controls DAMON_RECLAIM or DAMON_LRU_SORT through their parameters:
/// sets them, then turns the module on (off first, so it restarts with
/// them), off, or makes it read them again (`commit_inputs`).  The kernel
/// turns the module on and off asynchronously: `kdamond_pid` tells when
/// it is done.  When the module does not end where asked (the kernel
/// refused the parameters), the old values and the old state come back.
public struct DamonModuleControl {
    public let params: DamonModuleParams
    public let spec: DamonModuleSpec
    /// How long to wait for the kernel to start or stop the module.
    public var timeoutSeconds: Double = 10
    static let commitSettleMicroseconds: UInt32 = 300_000

    public init(fs: DamonFS, spec: DamonModuleSpec) {
        params = DamonModuleParams(fs: fs, module: spec.module)
        self.spec = spec
    }

    /// The module with every parameter damo needs, or a one-line error.
    public func check() throws {
        guard params.present else {
            throw DamonControlError("\(spec.title) is not available: /sys/\(params.dir) not found (is CONFIG_\(spec.title) enabled?)")
        }
        let missing = spec.essential.filter { !params.exists($0) }
        if !missing.isEmpty {
            throw DamonControlError("\(spec.title) lacks parameters damo needs: \(missing.joined(separator: ", ")) (no /sys/\(params.dir)/\(missing[0]))")
        }
    }

    /// `name: value` of damo's parameters the kernel has, in damo's order.
    public func status() throws -> [(name: String, value: String)] {
        try check()
        return try (spec.essential + spec.optional).filter(params.exists).map { ($0, try params.read($0)) }
    }

    public func running() throws -> Bool { try params.read("kdamond_pid") != "-1" }

    /// Waits until the module runs (or not); false on timeout.
    func wait(running wanted: Bool) throws -> Bool {
        var waited = 0.0
        while try running() != wanted {
            if waited >= timeoutSeconds { return false }
            usleep(50_000)
            waited += 0.05
        }
        return true
    }

    public func apply(_ settings: [DamonModuleSetting], _ action: DamonModuleAction) throws {
        try check()
        for s in settings where s.requested && !params.exists(s.name) {
            throw DamonControlError("this kernel's \(spec.title) has no '\(s.name)' parameter (no /sys/\(params.dir)/\(s.name))")
        }
        if action == .commit {
            guard try running() else { throw DamonControlError("\(spec.title) is not running; nothing to commit") }
            guard params.exists("commit_inputs") else {
                throw DamonControlError("this kernel's \(spec.title) has no commit_inputs parameter")
            }
        }
        let wasRunning = try running()
        var old: [(String, String)] = []
        do {
            for s in settings where params.exists(s.name) {
                let previous = try params.read(s.name)
                try params.write(s.name, s.value)
                old.append((s.name, previous))
            }
            try act(action)
        } catch {
            restore(old, running: wasRunning)
            throw error
        }
    }

    func act(_ action: DamonModuleAction) throws {
        switch action {
        case .disable:
            try params.write("enabled", "N")
            if !(try wait(running: false)) { throw DamonControlError("\(spec.title) did not stop (kdamond_pid stays \(try params.read("kdamond_pid")))") }
        case .enable:
            try params.write("enabled", "N")
            if !(try wait(running: false)) { throw DamonControlError("\(spec.title) did not stop to restart (kdamond_pid stays \(try params.read("kdamond_pid")))") }
            try params.write("enabled", "Y")
            if !(try wait(running: true)) {
                throw DamonControlError("\(spec.title) did not start (kdamond_pid stays -1): the kernel refused its parameters, or DAMON is in use (sysfs, debugfs or another module); the previous parameters were put back")
            }
        case .commit:
            try params.write("commit_inputs", "Y")
            var waited = 0.0
            while try params.read("commit_inputs") == "Y" && running() {
                if waited >= timeoutSeconds { throw DamonControlError("\(spec.title) did not read the new parameters (commit_inputs stays Y)") }
                usleep(50_000)
                waited += 0.05
            }
            // The kernel clears commit_inputs before a kdamond that could
            // not use the parameters has ended.
            usleep(Self.commitSettleMicroseconds)
            if !(try running()) {
                throw DamonControlError("\(spec.title) stopped on commit_inputs: the kernel did not take the new parameters; it was restarted with its previous ones")
            }
        }
    }

    /// Puts the old values back, newest first, and the module back on or
    /// off as it was.
    func restore(_ old: [(String, String)], running wasRunning: Bool) {
        if !wasRunning {
            try? params.write("enabled", "N")
            _ = try? wait(running: false)
        }
        if params.exists("commit_inputs") { try? params.write("commit_inputs", "N") }
        for (name, value) in old.reversed() { try? params.write(name, value) }
        if wasRunning && (try? running()) == false {
            try? params.write("enabled", "Y")
            _ = try? wait(running: true)
        }
    }
}
