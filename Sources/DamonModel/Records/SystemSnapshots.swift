/// What `damo record` keeps beside the access record, snapshot by
/// snapshot: memory footprints (`.mem_footprint`), memory mappings
/// (`.vmas`) and /proc/PID/stat lines (`.proc_stats`) of the targets and
/// kdamonds.  Times are seconds since the epoch (Python's time.time()).

/// /proc/PID/statm, in pages.
public struct ProcMemFootprint: Sendable, Equatable {
    public var size: Int
    public var resident: Int
    public var shared: Int
    public var trs: Int
    public var lrs: Int
    public var drs: Int
    public var dt: Int

    public init(size: Int = 0, resident: Int = 0, shared: Int = 0, trs: Int = 0, lrs: Int = 0, drs: Int = 0, dt: Int = 0) {
        self.size = size
        self.resident = resident
        self.shared = shared
        self.trs = trs
        self.lrs = lrs
        self.drs = drs
        self.dt = dt
    }
}

/// The system's memory from /proc/meminfo, in KiB; nil for lines the
/// kernel did not show.
public struct SysMemFootprint: Sendable, Equatable {
    public var total: Int?
    public var free: Int?
    public var available: Int?
    public var buffers: Int?
    public var cached: Int?

    public init(total: Int? = nil, free: Int? = nil, available: Int? = nil, buffers: Int? = nil, cached: Int? = nil) {
        self.total = total
        self.free = free
        self.available = available
        self.buffers = buffers
        self.cached = cached
    }
}

/// Footprints of the target processes and of the system at one time.
public struct MemFootprintsSnapshot: Sendable, Equatable {
    public var time: Double
    public var processes: [(pid: Int, footprint: ProcMemFootprint)]
    public var system: SysMemFootprint

    public init(time: Double, processes: [(pid: Int, footprint: ProcMemFootprint)], system: SysMemFootprint) {
        self.time = time
        self.processes = processes
        self.system = system
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.time == b.time && a.system == b.system && a.processes.map(\.pid) == b.processes.map(\.pid)
            && a.processes.map(\.footprint) == b.processes.map(\.footprint)
    }
}

/// One mapping of /proc/PID/maps: its range and the last word of its line
/// (the path, or the permissions or offset-like field of anonymous ones,
/// as damo keeps it).
public struct Vma: Sendable, Equatable {
    /// Addresses: the vsyscall page is above Int.max.
    public var start: UInt64
    public var end: UInt64
    public var name: String

    public init(start: UInt64, end: UInt64, name: String) {
        self.start = start
        self.end = end
        self.name = name
    }
}

public struct ProcVmas: Sendable, Equatable {
    public var pid: Int
    public var vmas: [Vma]

    public init(pid: Int, vmas: [Vma]) {
        self.pid = pid
        self.vmas = vmas
    }
}

public struct ProcVmasSnapshot: Sendable, Equatable {
    public var time: Double
    public var processes: [ProcVmas]

    public init(time: Double, processes: [ProcVmas]) {
        self.time = time
        self.processes = processes
    }
}

/// The whitespace-separated fields of /proc/PID/stat; nil when the process
/// was gone.
public struct ProcStatsSnapshot: Sendable, Equatable {
    public var time: Double
    public var fields: [[String]?]

    public init(time: Double, fields: [[String]?]) {
        self.time = time
        self.fields = fields
    }
}
