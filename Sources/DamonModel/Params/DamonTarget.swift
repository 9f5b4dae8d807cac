/// A monitoring target of a context: a process (vaddr, fvaddr) and/or
/// address ranges (fvaddr, paddr).
public struct DamonTarget: Sendable, Equatable {
    public var pid: Int?
    /// To be dropped by the next commit (6.19+; older kernels have no
    /// such flag, which is `false`).
    public var obsolete: Bool
    public var regions: [AddressRange]

    public init(pid: Int? = nil, obsolete: Bool = false, regions: [AddressRange] = []) {
        self.pid = pid
        self.obsolete = obsolete
        self.regions = regions
    }

    public func toKV(_ style: KVStyle = KVStyle()) -> KV {
        .dict([
            "pid": pid.map { .int($0) } ?? .null,
            "obsolete": .bool(obsolete),
            "regions": .list(regions.map { $0.toKV(style) }),
        ])
    }

    public init(kv r: KVReader) throws {
        self.init(
            pid: try r.required("pid").value.isNull ? nil : r.required("pid").integer(),
            obsolete: try r.optional("obsolete")?.bool() ?? false,
            regions: try r.required("regions").list().map { try AddressRange(kv: $0) })
    }
}
