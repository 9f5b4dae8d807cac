/// A kdamond: one DAMON worker thread running its contexts.
public struct Kdamond: Sendable, Equatable {
    /// `on` or `off` as the kernel reports it; nil for parameters that
    /// were never read from a kernel.
    public var state: String?
    /// The worker thread's pid while it runs.
    public var pid: Int?
    /// Interval of the kernel's automatic status refresh in milliseconds;
    /// 0 disables it (and is all that kernels before 6.17 do).
    public var refreshMs: PyNum
    public var contexts: [DamonContext]

    public init(state: String? = nil, pid: Int? = nil, refreshMs: PyNum = .int(0),
                contexts: [DamonContext] = []) {
        self.state = state
        self.pid = pid
        self.refreshMs = refreshMs
        self.contexts = contexts
    }
}

extension Kdamond {
    public func toKV(_ style: KVStyle = KVStyle()) -> KV {
        var d = KVDict()
        if !style.paramsOnly {
            d["state"] = .string(state)
            d["pid"] = pid.map { .int($0) } ?? .null
        }
        d["refresh_ms"] = .number(refreshMs)
        d["contexts"] = .list(contexts.map { $0.toKV(style) })
        return .dict(d)
    }

    public init(kv r: KVReader) throws {
        let state = try r.optional("state")
        self.init(
            state: try state.map { try $0.optionalString() } ?? "off",
            pid: try r.nonNull("pid")?.integer(),
            refreshMs: try r.nonNull("refresh_ms")?.ms() ?? .int(0),
            contexts: try r.required("contexts").list().map { try DamonContext(kv: $0) })
    }

    /// `{"kdamonds": [...]}`, the form of damo's parameter files.
    public static func toKV(_ kdamonds: [Kdamond], _ style: KVStyle = KVStyle()) -> KV {
        .dict(["kdamonds": .list(kdamonds.map { $0.toKV(style) })])
    }

    /// Kdamonds of a parameter file's `{"kdamonds": [...]}`.
    public static func list(kv: KV) throws -> [Kdamond] {
        let r = KVReader(kv)
        return try r.required("kdamonds").list().map { try Kdamond(kv: $0) }
    }
}
