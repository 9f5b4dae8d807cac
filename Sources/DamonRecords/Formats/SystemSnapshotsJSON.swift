import DamonModel

/// `.mem_footprint`, `.vmas` and `.proc_stats` files as damo 3.4.3 writes
/// them (`json.dump(..., indent=4)` of its snapshot objects), and reading
/// `.mem_footprint` back for `report footprints`.
public enum SystemSnapshotsJSON {
    public static func memFootprints(_ snapshots: [MemFootprintsSnapshot]) -> String {
        KVJSON.text(.list(snapshots.map(memFootprints)))
    }

    public static func vmas(_ snapshots: [ProcVmasSnapshot]) -> String {
        KVJSON.text(.list(snapshots.map(vmas)))
    }

    public static func procStats(_ snapshots: [ProcStatsSnapshot]) -> String {
        KVJSON.text(.list(snapshots.map(procStats)))
    }

    // One snapshot, an item of its file's list (written as they come).

    public static func memFootprints(_ s: MemFootprintsSnapshot) -> KV {
        var footprints: [KV] = s.processes.map { p in
            let f = p.footprint
            return .dict(["pid": .int(p.pid), "footprint": .dict([
                "size": .int(f.size), "resident": .int(f.resident), "shared": .int(f.shared),
                "trs": .int(f.trs), "lrs": .int(f.lrs), "drs": .int(f.drs), "dt": .int(f.dt),
            ])])
        }
        // damo writes the fields meminfo had, in meminfo's order.
        var sys = KVDict()
        let m = s.system
        for (key, value) in [("total", m.total), ("free", m.free), ("available", m.available),
                             ("buffers", m.buffers), ("cached", m.cached)] {
            if let value { sys.pairs.append((key, .int(value))) }
        }
        footprints.append(.dict(["pid": .null, "footprint": .dict(sys)]))
        return .dict(["time": .number(.float(s.time)), "footprints": .list(footprints)])
    }

    public static func vmas(_ s: ProcVmasSnapshot) -> KV {
        .dict(["time": .number(.float(s.time)), "procvmas": .list(s.processes.map { p in
            .dict(["pid": .int(p.pid), "vmas": .list(p.vmas.map { v in
                .dict(["start": .number(.int(Int128(v.start))), "end": .number(.int(Int128(v.end))), "name": .string(v.name)])
            })])
        })])
    }

    public static func procStats(_ s: ProcStatsSnapshot) -> KV {
        .dict(["time": .number(.float(s.time)), "proc_stats": .list(s.fields.map { fields in
            .dict(["fields": fields.map { .list($0.map { .string($0) }) } ?? .null])
        })])
    }

    /// The largest page or KiB count of a footprint file: its bytes fit
    /// an Int (sums of several are checked where they are made).
    public static let maxFootprint = Int.max / 4096

    /// A `.mem_footprint` file's snapshots.  Errors name what is wrong
    /// where (`[3].footprints[0].footprint: 'rss' is missing`).
    public static func readMemFootprints(_ text: String) throws -> [MemFootprintsSnapshot] {
        var snapshots: [MemFootprintsSnapshot] = []
        try forEachMemFootprints(MemoryByteSource(Array(text.utf8))) { snapshots.append($0) }
        return snapshots
    }

    /// A `.mem_footprint` file's snapshots one by one, as they are read:
    /// a recording's file grows a snapshot a second, so reports keep what
    /// they need of each, not the file.
    public static func forEachMemFootprints<S: ByteSource>(_ source: S, _ body: (MemFootprintsSnapshot) throws -> Void) throws {
        var tokenizer = JSONTokenizer(source: source, bufferSize: 1 << 16)
        guard try tokenizer.next() == .beginArray else { throw KVError("", "a list of footprint snapshots is expected") }
        var i = 0
        while true {
            let first = try tokenizer.next()
            if first == .endArray { break }
            try body(try memFootprints(tokenizer.readValue(first: first), index: i))
            i += 1
        }
        guard try tokenizer.next() == .endOfInput else { throw tokenizer.error("unexpected data after the document") }
    }

    /// The `i`th item of a `.mem_footprint` file.
    static func memFootprints(_ item: KV, index i: Int) throws -> MemFootprintsSnapshot {
        let place = "[\(i)]"
        guard let time = item["time"], case .number(let t) = time else { throw KVError(place, "'time' is missing") }
        guard t.double.isFinite, t.double >= 0 else { throw KVError(place, "'time' \(t) is not a time") }
        guard case .list(let footprints)? = item["footprints"] else {
            throw KVError(place, "'footprints' is missing")
        }
        var snapshot = MemFootprintsSnapshot(time: t.double, processes: [], system: SysMemFootprint())
        for (j, fp) in footprints.enumerated() {
            let where_ = "\(place).footprints[\(j)]"
            guard let values = fp["footprint"], case .dict = values else {
                throw KVError(where_, "'footprint' is missing")
            }
            func number(_ key: String, required: Bool) throws -> Int? {
                guard let v = values[key], !v.isNull else {
                    if required { throw KVError(where_ + ".footprint", "'\(key)' is missing") }
                    return nil
                }
                guard case .number(let n) = v else { throw KVError(where_ + ".footprint", "'\(key)' is not a number") }
                // Pages or KiB: a byte count of one must fit (1e308 does not).
                guard let i = RecordLimits.integer(n), i >= 0, i <= SystemSnapshotsJSON.maxFootprint else {
                    throw KVError(where_ + ".footprint", "'\(key)' \(n) is out of range (0-\(SystemSnapshotsJSON.maxFootprint))")
                }
                return i
            }
            func process() throws -> ProcMemFootprint {
                ProcMemFootprint(
                    size: try number("size", required: true)!, resident: try number("resident", required: true)!,
                    shared: try number("shared", required: true)!, trs: try number("trs", required: true)!,
                    lrs: try number("lrs", required: true)!, drs: try number("drs", required: true)!,
                    dt: try number("dt", required: true)!)
            }
            switch fp["pid"] {
            case nil, .null?:
                snapshot.system = SysMemFootprint(
                    total: try number("total", required: false), free: try number("free", required: false),
                    available: try number("available", required: false),
                    buffers: try number("buffers", required: false), cached: try number("cached", required: false))
            case .number(let pid)?:
                guard let p = RecordLimits.integer(pid) else { throw KVError(where_, "pid \(pid) is out of range") }
                snapshot.processes.append((p, try process()))
            case .string(let pid)?:
                // damo keeps a pid given as text as it was given.
                guard let p = Int(pid) else { throw KVError(where_, "pid '\(pid)' is not a number") }
                snapshot.processes.append((p, try process()))
            default:
                throw KVError(where_, "'pid' is neither a number nor null")
            }
        }
        return snapshot
    }
}
