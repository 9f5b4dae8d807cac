import DamonKernel

/// Reads DAMON_RECLAIM's, DAMON_LRU_SORT's and DAMON_STAT's parameters
/// (`/sys/module/damon_*/parameters`) where the kernel has the module.
struct ModuleStateReader {
    let fs: DamonFS

    /// The statistics parameters of each module, by kernel name; those a
    /// kernel lacks are left out.
    static let statistics: [(module: String, params: [String])] = [
        ("reclaim", ["nr_reclaim_tried_regions", "bytes_reclaim_tried_regions", "nr_reclaimed_regions",
                     "bytes_reclaimed_regions", "nr_quota_exceeds"]),
        ("lru_sort", ["nr_lru_sort_tried_hot_regions", "bytes_lru_sort_tried_hot_regions",
                      "nr_lru_sorted_hot_regions", "bytes_lru_sorted_hot_regions", "nr_hot_quota_exceeds",
                      "nr_lru_sort_tried_cold_regions", "bytes_lru_sort_tried_cold_regions",
                      "nr_lru_sorted_cold_regions", "bytes_lru_sorted_cold_regions", "nr_cold_quota_exceeds"]),
    ]

    func modules() throws -> [ModuleState] {
        var result: [ModuleState] = []
        for (name, statNames) in Self.statistics {
            let params = Files(DamonDirectory(fs, DamonModuleParams(fs: fs, module: "damon_" + name).dir))
            guard let enabled = try params.optionalText("enabled") else { continue }
            let pid = try params.optionalText("kdamond_pid").flatMap { Int($0) }
            var stats: [String: UInt64] = [:]
            for stat in statNames {
                if let v = try params.optionalUnsigned(stat) { stats[stat] = v }
            }
            result.append(ModuleState(name: name, enabled: enabled == "Y",
                                      pid: pid.flatMap { $0 >= 0 ? $0 : nil }, stats: stats))
        }
        return result
    }

    func stat() throws -> StatModuleState? {
        let dir = DamonModuleParams(fs: fs, module: "damon_stat").dir
        let params = Files(DamonDirectory(fs, dir))
        guard let enabled = try params.optionalText("enabled") else { return nil }
        var state = StatModuleState(enabled: enabled == "Y",
                                    bandwidthBytesPerSecond: try params.optionalUnsigned("estimated_memory_bandwidth"),
                                    aggrIntervalUs: try params.optionalUnsigned("aggr_interval_us"))
        if let text = try params.optionalText("memory_idle_ms_percentiles") {
            let values = text.split(separator: ",", omittingEmptySubsequences: false)
                .map { Int64($0.trimmingSpaces()) }
            guard values.count == 101, values.allSatisfy({ $0 != nil }) else {
                throw UnexpectedContent(path: dir + "/memory_idle_ms_percentiles", content: text)
            }
            state.idleMsPercentiles = values.map { $0! }
        }
        return state
    }
}
