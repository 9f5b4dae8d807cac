/// Whether DAMOS watermarks let a scheme act, decided as the kernel does
/// (damos_wmark_wait_us()): the metric (free memory, in permil of all
/// memory) above `high` or below `low` deactivates the scheme, below
/// `mid` activates it, and between `mid` and `high` it keeps its state.
/// The kernel does not show that state, so this remembers it per scheme
/// from one collection to the next, starting active as the kernel's
/// schemes do.
struct WatermarksStatus {
    struct Key: Hashable {
        var kdamondPid: Int
        var context: Int
        var scheme: Int
    }

    private var activated: [Key: Bool] = [:]

    /// 1 for active, 0 for inactive; nil when the metric is unknown to the
    /// exporter or cannot be read.
    mutating func active(_ w: WatermarksState, key: Key, freeMemPermil: UInt64?) -> Bool? {
        switch w.metric {
        case "none": return true
        case "free_mem_rate":
            guard let metric = freeMemPermil else { return nil }
            let was = activated[key] ?? true
            let now: Bool
            if metric > w.high || w.low > metric {
                now = false
            } else if metric >= w.mid && !was {
                now = false
            } else {
                now = true
            }
            activated[key] = now
            return now
        default: return nil
        }
    }

    /// Forgets schemes of kdamonds that are gone.
    mutating func keep(only keys: Set<Key>) {
        activated = activated.filter { keys.contains($0.key) }
    }

    /// The kernel's free_mem_rate from /proc/meminfo's MemFree and MemTotal
    /// (KiB): free pages * 1000 / total pages.
    static func freeMemPermil(freeKiB: Int?, totalKiB: Int?) -> UInt64? {
        guard let free = freeKiB, let total = totalKiB, free >= 0, total > 0, free <= Int.max / 1000 else { return nil }
        return UInt64(free * 1000 / total)
    }
}
