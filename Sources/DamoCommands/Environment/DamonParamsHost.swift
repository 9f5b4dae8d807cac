import DamonKernel

/// What resolving DAMON parameters asks of the machine; tests replace it.
public struct DamonParamsHost {
    /// `[start, end)` covering every System RAM range (/proc/iomem).
    public var systemRAMSpan: () throws -> (start: Int, end: Int)
    /// System RAM ranges of NUMA nodes.
    public var numaRanges: ([Int]) throws -> [(start: Int, end: Int)]
    public var processExists: (Int) -> Bool
    public var isCommand: (String) -> Bool
    /// Whether the running kernel has a DAMON feature (damo's feature
    /// names, `sysfs/damon_sample_control`); none are assumed.
    public var featureAvailable: (String) -> Bool
    /// The pid of the process of that name (`pidof`), e.g. DAMON_STAT's
    /// kernel thread `kdamond.0`.
    public var pidNamed: (String) -> Int? = { ProcFS.pid(named: $0) }
    /// MemTotal of /proc/meminfo in bytes (DAMON_STAT's snapshots spread
    /// over it); nil when unreadable.
    public var memTotalBytes: () -> Int? = {
        ProcFS.read("/proc/meminfo").flatMap { ProcSystem.parseMeminfo($0).total }.flatMap {
            let (bytes, overflow) = $0.multipliedReportingOverflow(by: 1024)
            return overflow ? nil : bytes
        }
    }

    public init(systemRAMSpan: @escaping () throws -> (start: Int, end: Int),
                numaRanges: @escaping ([Int]) throws -> [(start: Int, end: Int)],
                processExists: @escaping (Int) -> Bool, isCommand: @escaping (String) -> Bool,
                featureAvailable: @escaping (String) -> Bool) {
        self.systemRAMSpan = systemRAMSpan
        self.numaRanges = numaRanges
        self.processExists = processExists
        self.isCommand = isCommand
        self.featureAvailable = featureAvailable
    }

    public static var system: DamonParamsHost {
        DamonParamsHost(
            systemRAMSpan: {
                guard let span = ProcIomem.systemRAMSpan(try ProcIomem.read()) else {
                    throw DamoError("no System RAM in /proc/iomem; give the paddr region with --regions")
                }
                return span
            },
            numaRanges: { try PhysicalMemory.systemRAMRanges(nodes: $0) },
            processExists: ProcFS.processExists, isCommand: CommandTarget.isCommand,
            featureAvailable: { _ in false })
    }
}
