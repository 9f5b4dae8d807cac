import DamonModel
import DamoPlatform

/// /proc files `damo record` samples beside the access pattern: statm,
/// meminfo, maps and stat.  Parsers take the files' text; readers take a
/// pid (a process that is gone reads as damo records it: zeros, no
/// mappings, no stat).
public enum ProcSystem {
    /// /proc/PID/statm's seven numbers; nil unless there are seven.
    public static func parseStatm(_ text: String) -> ProcMemFootprint? {
        let n = text.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        guard n.count == 7 else { return nil }
        return ProcMemFootprint(size: n[0], resident: n[1], shared: n[2], trs: n[3], lrs: n[4], drs: n[5], dt: n[6])
    }

    /// MemTotal, MemFree, MemAvailable, Buffers and Cached of /proc/meminfo.
    public static func parseMeminfo(_ text: String) -> SysMemFootprint {
        var m = SysMemFootprint()
        for line in text.split(separator: "\n") {
            let fields = line.split(whereSeparator: \.isWhitespace)
            guard fields.count >= 2, let value = Int(fields[1]) else { continue }
            switch fields[0] {
            case "MemTotal:": m.total = value
            case "MemFree:": m.free = value
            case "MemAvailable:": m.available = value
            case "Buffers:": m.buffers = value
            case "Cached:": m.cached = value
            default: break
            }
        }
        return m
    }

    /// Each line of /proc/PID/maps: `start-end perms offset dev inode [path]`.
    public static func parseMaps(_ text: String) -> [Vma] {
        var vmas: [Vma] = []
        for line in text.split(separator: "\n") {
            let fields = line.split(whereSeparator: \.isWhitespace)
            guard let range = fields.first, let last = fields.last else { continue }
            let bounds = range.split(separator: "-")
            guard bounds.count == 2, let start = UInt64(bounds[0], radix: 16), let end = UInt64(bounds[1], radix: 16) else {
                continue
            }
            vmas.append(Vma(start: start, end: end, name: String(last)))
        }
        return vmas
    }

    /// /proc/PID/stat split at whitespace, as damo keeps it.
    public static func parseStat(_ text: String) -> [String] {
        text.split(whereSeparator: \.isWhitespace).map(String.init)
    }

    public static func footprint(pid: Int) -> ProcMemFootprint {
        ProcFS.read("/proc/\(pid)/statm").flatMap(parseStatm) ?? ProcMemFootprint()
    }

    public static func systemFootprint() -> SysMemFootprint {
        ProcFS.read("/proc/meminfo").map(parseMeminfo) ?? SysMemFootprint()
    }

    public static func vmas(pid: Int) -> [Vma] {
        ProcFS.read("/proc/\(pid)/maps").map(parseMaps) ?? []
    }

    public static func stat(pid: Int) -> [String]? {
        guard let text = ProcFS.read("/proc/\(pid)/stat"), !text.isEmpty else { return nil }
        return parseStat(text)
    }

    /// Seconds since the epoch, as Python's time.time().
    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    public static func memFootprints(pids: [Int]) -> MemFootprintsSnapshot {
        MemFootprintsSnapshot(time: now(), processes: pids.map { ($0, footprint(pid: $0)) }, system: systemFootprint())
    }

    public static func vmasSnapshot(pids: [Int]) -> ProcVmasSnapshot {
        ProcVmasSnapshot(time: now(), processes: pids.map { ProcVmas(pid: $0, vmas: vmas(pid: $0)) })
    }

    public static func statsSnapshot(pids: [Int]) -> ProcStatsSnapshot {
        ProcStatsSnapshot(time: now(), fields: pids.map { stat(pid: $0) })
    }
}
