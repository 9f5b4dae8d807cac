/// DAMON's monitoring operations sets.
public enum DamonOps: String, Sendable, CaseIterable {
    case vaddr, fvaddr, paddr

    /// Whether targets are processes.
    public var targetHasPid: Bool { self != .paddr }

    public static func named(_ name: String) throws -> DamonOps {
        guard let ops = DamonOps(rawValue: name) else {
            throw KVError("", "unknown operations set '\(name)'; expected one of vaddr, fvaddr, paddr")
        }
        return ops
    }
}

/// A DAMON context: what to monitor, how, and what schemes to apply.
public struct DamonContext: Sendable, Equatable {
    public var ops: DamonOps
    /// Shown in reports only (see OpsAttrs).
    public var opsAttrs: OpsAttrs
    /// Bytes per address unit of paddr (6.18+; 1 before).
    public var addrUnit: PyNum
    public var targets: [DamonTarget]
    public var intervals: Intervals
    public var nrRegions: NrRegionsRange
    public var probes: [DamonProbe]
    public var sampleControl: DamonSampleControl
    /// Monitoring paused (7.1+; false before).
    public var pause: Bool
    public var schemes: [Damos]

    public init(ops: DamonOps = .paddr, opsAttrs: OpsAttrs = OpsAttrs(), addrUnit: PyNum = .int(1),
                targets: [DamonTarget] = [], intervals: Intervals = Intervals(),
                nrRegions: NrRegionsRange = NrRegionsRange(), probes: [DamonProbe] = [],
                sampleControl: DamonSampleControl = DamonSampleControl(), pause: Bool = false,
                schemes: [Damos] = []) {
        self.ops = ops
        self.opsAttrs = opsAttrs
        self.addrUnit = addrUnit
        self.targets = targets
        self.intervals = intervals
        self.nrRegions = nrRegions
        self.probes = probes
        self.sampleControl = sampleControl
        self.pause = pause
        self.schemes = schemes
    }

    public func toKV(_ style: KVStyle = KVStyle()) -> KV {
        var d: KVDict = [
            "ops": .string(ops.rawValue),
            "addr_unit": .string(UnitFormat.sizeAccurate(addrUnit, raw: style.raw)),
            "targets": .list(targets.map { $0.toKV(style) }),
        ]
        if !style.omitDefaults || intervals != Intervals() {
            // damo passes omit_defaults no further: the goal stays.
            var full = style
            full.omitDefaults = false
            d["intervals"] = intervals.toKV(full)
        }
        if !style.omitDefaults || nrRegions != NrRegionsRange() { d["nr_regions"] = nrRegions.toKV(style) }
        d["probes"] = .list(probes.map { $0.toKV(style) })
        d["sample_control"] = sampleControl.toKV(style)
        d["pause"] = .bool(pause)
        d["schemes"] = .list(schemes.map { $0.toKV(style) })
        return .dict(d)
    }

    public init(kv r: KVReader) throws {
        let opsReader = try r.required("ops")
        let name = try opsReader.string()
        guard let ops = DamonOps(rawValue: name) else {
            throw opsReader.error("unknown operations set '\(name)'; expected one of vaddr, fvaddr, paddr")
        }
        self.init(
            ops: ops,
            addrUnit: try r.nonNull("addr_unit")?.bytes() ?? .int(1),
            targets: try r.required("targets").list().map { try DamonTarget(kv: $0) },
            intervals: try r.optional("intervals").map { try Intervals(kv: $0) } ?? Intervals(),
            nrRegions: try r.optional("nr_regions").map { try NrRegionsRange(kv: $0) } ?? NrRegionsRange(),
            probes: try r.listIfPresent("probes").map { try DamonProbe(kv: $0) },
            sampleControl: try r.optional("sample_control").map { try DamonSampleControl(kv: $0) }
                ?? DamonSampleControl(),
            pause: try r.optional("pause")?.bool() ?? false,
            schemes: try r.listIfPresent("schemes").map { try Damos(kv: $0) })
    }
}
