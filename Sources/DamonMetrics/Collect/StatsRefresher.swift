import DamoPlatform
import DamonKernel

/// Asks running kdamonds to refresh the status files the exporter reads:
/// scheme statistics, effective quotas (6.9+) and auto-tuned intervals
/// (6.15+).  These `state` commands are the only writes a scrape makes; a
/// kdamond that refreshes them itself (`refresh_ms`, 6.17+) gets none.
struct StatsRefresher {
    let fs: DamonFS

    /// Refreshes kdamond k if it runs.  Returns whether a command was
    /// written, and what failed (nothing when the kdamond ended meanwhile,
    /// or when the kernel is busy with another tool's refresh, which
    /// updates the same files).
    func refresh(_ k: Int) -> (refreshed: Bool, errors: [String]) {
        let dir = SysfsPaths.kdamond(k)
        let kdamond = Files(DamonDirectory(fs, dir))
        guard (try? kdamond.text("state")) == "on" else { return (false, []) }
        if let refreshMs = try? kdamond.optionalUnsigned("refresh_ms"), refreshMs > 0 { return (false, []) }
        let contexts = (try? kdamond.count("contexts/nr_contexts")) ?? 0
        var commands: [String] = []
        var hasSchemes = false, hasEffectiveQuotas = false, autotuned = false
        for c in 0..<contexts {
            let ctx = Files(DamonDirectory(fs, SysfsPaths.context(k, c)))
            if ((try? ctx.count("schemes/nr_schemes")) ?? 0) > 0 {
                hasSchemes = true
                if fs.exists(SysfsPaths.scheme(k, c, 0) + "/quotas/effective_bytes") { hasEffectiveQuotas = true }
            }
            if let aggrs = try? ctx.optionalUnsigned("monitoring_attrs/intervals/intervals_goal/aggrs"), aggrs != 0 {
                autotuned = true
            }
        }
        if hasSchemes { commands.append("update_schemes_stats") }
        if hasEffectiveQuotas { commands.append("update_schemes_effective_quotas") }
        if autotuned { commands.append("update_tuned_intervals") }
        var errors: [String] = []
        var written = false
        for command in commands {
            do {
                try fs.write(dir + "/state", command)
                written = true
            } catch {
                if error.errno == EBUSY { continue }
                if (try? kdamond.text("state")) != "on" { return (written, []) }
                errors.append("kdamond \(k): \(error)")
            }
        }
        return (written, errors)
    }
}
