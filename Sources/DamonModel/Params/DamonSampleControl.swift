/// How a context samples accesses (damon/next): which primitives, and
/// which accesses count.
public struct DamonSampleControl: Sendable, Equatable {
    public var pageTable: Bool
    public var pageFault: Bool
    public var filters: [DamonSampleFilter]

    public init(pageTable: Bool = true, pageFault: Bool = false, filters: [DamonSampleFilter] = []) {
        self.pageTable = pageTable
        self.pageFault = pageFault
        self.filters = filters
    }

    public func toKV(_ style: KVStyle = KVStyle()) -> KV {
        .dict([
            "primitives_enabled": .dict(["page_table": .bool(pageTable), "page_fault": .bool(pageFault)]),
            "sample_filters": .list(filters.map { $0.toKV() }),
        ])
    }

    public init(kv r: KVReader) throws {
        let p = try r.required("primitives_enabled")
        self.init(
            pageTable: try p.required("page_table").bool(), pageFault: try p.required("page_fault").bool(),
            filters: try r.required("sample_filters").list().map { try DamonSampleFilter(kv: $0) })
    }

    public func toString(raw: Bool) -> String {
        var primitives: [String] = []
        if pageTable { primitives.append("page_table") }
        if pageFault { primitives.append("page_fault") }
        var lines = ["enabled primitives: " + primitives.joined(separator: ", ")]
        if !filters.isEmpty {
            lines.append("Filters")
            lines += filters.map { "- " + $0.toString() }
        }
        return lines.joined(separator: "\n")
    }
}

/// A filter of sampled accesses: `allow cpumask 0-3`, `allow threads 12,34`,
/// `allow write`.
public struct DamonSampleFilter: Sendable, Equatable {
    /// `cpumask`, `threads` or `write`.
    public var filterType: String
    public var matching: Bool
    public var allow: Bool
    public var cpumask: String?
    public var tidArr: String?

    public init(filterType: String, matching: Bool = true, allow: Bool = true, cpumask: String? = nil,
                tidArr: String? = nil) {
        self.filterType = filterType
        self.matching = matching
        self.allow = allow
        self.cpumask = cpumask
        self.tidArr = tidArr
    }

    public func toKV() -> KV {
        .dict([
            "filter_type": .string(filterType), "matching": .bool(matching), "allow": .bool(allow),
            "cpumask": .string(cpumask), "tid_arr": .string(tidArr),
        ])
    }

    public init(kv r: KVReader) throws {
        self.init(
            filterType: try r.required("filter_type").string(), matching: try r.required("matching").bool(),
            allow: try r.required("allow").bool(), cpumask: try r.required("cpumask").optionalString(),
            tidArr: try r.required("tid_arr").optionalString())
    }

    public func toString() -> String {
        var words = [allow ? "allow" : "reject"]
        if !matching { words.append("none") }
        words.append(filterType)
        if filterType == "cpumask" { words.append(cpumask ?? "None") }
        if filterType == "threads" { words.append(tidArr ?? "None") }
        return words.joined(separator: " ")
    }
}

/// Experimental operations attributes damo keeps for kernels without
/// sample control: they show in reports only.
public struct OpsAttrs: Sendable, Equatable {
    public var useReports: Bool
    public var writeOnly: Bool
    /// A cpu list (`all` for every cpu).
    public var cpus: String
    /// A thread id list (empty for every thread).
    public var tids: String

    public init(useReports: Bool = false, writeOnly: Bool = false, cpus: String = "all", tids: String = "") {
        self.useReports = useReports
        self.writeOnly = writeOnly
        self.cpus = cpus
        self.tids = tids
    }
}
