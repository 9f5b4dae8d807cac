/// What one collection read of DAMON's sysfs interface: only the files
/// the exporter exports, and only those the kernel has (nil or empty for
/// the others).
public struct KdamondState: Sendable, Equatable {
    public var index: Int
    public var running: Bool
    public var pid: Int?
    /// Milliseconds between the kernel's own status updates (6.17+);
    /// nil where the kernel has no `refresh_ms`.
    public var refreshMs: UInt64?
    public var contexts: [ContextState] = []
}

public struct ContextState: Sendable, Equatable {
    public var index: Int
    public var ops: String
    public var sampleUs: UInt64
    public var aggrUs: UInt64
    public var updateUs: UInt64
    /// Whether the kernel tunes the intervals (intervals_goal/aggrs != 0):
    /// then the interval files hold the tuned values after a refresh.
    public var intervalsAutotuned: Bool
    public var minNrRegions: UInt64
    public var maxNrRegions: UInt64
    public var targets: [TargetState] = []
    public var schemes: [SchemeState] = []
}

public struct TargetState: Sendable, Equatable {
    public var index: Int
    /// The monitored process (vaddr, fvaddr); nil for paddr.
    public var pid: Int?
    /// The regions set for the target (`regions/`): where DAMON monitors
    /// physical or fixed virtual ranges; vaddr targets usually have none,
    /// DAMON then finds the regions itself.
    public var nrRegions: Int
    public var regionBytes: UInt64
}

public struct SchemeState: Sendable, Equatable {
    public var index: Int
    public var action: String
    /// Each `stats/` file the kernel has, by name (nr_tried, sz_tried, ...).
    public var stats: [String: UInt64]
    /// `quotas/effective_bytes` (6.9+).
    public var effectiveQuotaBytes: UInt64?
    public var goals: [QuotaGoalState] = []
    public var watermarks: WatermarksState
}

public struct QuotaGoalState: Sendable, Equatable {
    public var index: Int
    public var metric: String
    public var targetValue: UInt64
    public var currentValue: UInt64
}

public struct WatermarksState: Sendable, Equatable {
    public var metric: String
    public var high: UInt64
    public var mid: UInt64
    public var low: UInt64
}

/// DAMON_RECLAIM or DAMON_LRU_SORT: `enabled`, `kdamond_pid` and the
/// statistics parameters the kernel has.
public struct ModuleState: Sendable, Equatable {
    /// `reclaim` or `lru_sort`.
    public var name: String
    public var enabled: Bool
    public var pid: Int?
    public var stats: [String: UInt64]
}

/// DAMON_STAT's parameters (6.17+).
public struct StatModuleState: Sendable, Equatable {
    public var enabled: Bool
    public var bandwidthBytesPerSecond: UInt64?
    public var aggrIntervalUs: UInt64?
    /// p0 to p100 of how long memory has been idle, in milliseconds
    /// (negative for memory recently accessed, on kernels that say so).
    public var idleMsPercentiles: [Int64]?
}

/// Everything one collection found.
public struct DamonState: Sendable, Equatable {
    /// Whether the kernel shows DAMON's sysfs interface.
    public var sysfsPresent = false
    public var kdamonds: [KdamondState] = []
    public var modules: [ModuleState] = []
    public var stat: StatModuleState?

    public init() {}
}
