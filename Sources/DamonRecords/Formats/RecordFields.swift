import DamonModel

/// Decoding of the small, record-level parts of damo's JSON (everything
/// but snapshots), from parsed JSON values, with damo's leniency: missing
/// optional keys take damo's defaults.
enum RecordFields {
    static func apply(key: String, value v: JSONValue, to record: inout Record, place: String) throws {
        switch key {
        // -1: damo's DAMON_STAT snapshots, of no kdamond of the user's.
        case "kdamond_idx": record.kdamondIdx = try optionalInt(v, key, place, min: -1) ?? 0
        case "context_idx": record.contextIdx = try optionalInt(v, key, place) ?? 0
        case "scheme_idx": record.schemeIdx = try optionalInt(v, key, place)
        case "intervals": record.intervals = v.isNull ? nil : try intervals(v, place: place)
        case "target_id":
            switch v {
            case .null: record.targetId = nil
            case .number(let n):
                record.targetId = TargetID(n)
            case .string(let s):
                // Not written by damo, but a quoted id is still an id.
                guard let n = try? UnitParse.nr(s) else { throw bad(key, "is not a number", place) }
                record.targetId = TargetID(n)
            default: throw bad(key, "is not a number", place)
            }
        case "scheme_filters":
            switch v {
            case .null: record.schemeFilters = []
            case .list(let items):
                record.schemeFilters = try items.enumerated().map {
                    try filter($0.element, place: "\(place), scheme filter \($0.offset)")
                }
            default: throw bad(key, "is not a list", place)
            }
        case "data_source":
            guard case .string(let s) = v else { throw bad(key, "is not a string", place) }
            record.dataSource = s
        default:
            break
        }
    }

    static func bad(_ key: String, _ problem: String, _ place: String) -> RecordContentError {
        RecordContentError(place: place, problem: "'\(key)' \(problem)")
    }

    static func optionalInt(_ v: JSONValue, _ key: String, _ place: String, min: Int = 0) throws -> Int? {
        switch v {
        case .null: return nil
        case .number(let n):
            guard case .int(let i) = n else { throw bad(key, "is not an integer", place) }
            // Indices: refused rather than clamped when out of range.
            guard i >= Int128(min) && i.fitsInt64 else { throw bad(key, "\(i) is out of range (\(min)-\(Int.max))", place) }
            return i.clampedInt
        default: throw bad(key, "is not an integer", place)
        }
    }

    /// A value in damo's unit syntax: number, string, or (if allowed) null.
    static func num(_ v: JSONValue?, _ key: String, _ place: String,
                    _ parse: (String) throws -> PyNum) throws -> PyNum {
        switch v {
        case .number(let n)?:
            return n
        case .string(let s)?:
            do { return try parse(s) } catch { throw bad(key, "has an invalid value '\(s)'", place) }
        case nil:
            throw RecordContentError(place: place, problem: "has no '\(key)'")
        default:
            throw bad(key, "is not a number", place)
        }
    }

    static func intervals(_ v: JSONValue, place: String) throws -> Intervals {
        guard case .dict = v else { throw bad("intervals", "is not an object", place) }
        let p = "\(place), intervals"
        var result = Intervals(
            sample: try num(v["sample_us"], "sample_us", p, UnitParse.us),
            aggr: try num(v["aggr_us"], "aggr_us", p, UnitParse.us),
            opsUpdate: try num(v["ops_update_us"], "ops_update_us", p, UnitParse.us))
        if let g = v["intervals_goal"], !g.isNull {
            let gp = "\(p), intervals_goal"
            result.goal = IntervalsGoal(
                accessBp: try num(g["access_bp"], "access_bp", gp, UnitParse.bp),
                aggrs: try num(g["aggrs"], "aggrs", gp, UnitParse.nr),
                minSampleUs: try num(g["min_sample_us"], "min_sample_us", gp, UnitParse.us),
                maxSampleUs: try num(g["max_sample_us"], "max_sample_us", gp, UnitParse.us))
        }
        if let problem = RecordLimits.problem(result) { throw RecordContentError(place: p, problem: problem) }
        return result
    }

    static func bool(_ v: JSONValue?, _ key: String, _ place: String) throws -> Bool {
        switch v {
        case .bool(let b)?: return b
        case .string(let s)?:
            do { return try UnitParse.bool(s) } catch { throw bad(key, "is not a boolean", place) }
        case nil: throw RecordContentError(place: place, problem: "has no '\(key)'")
        default: throw bad(key, "is not a boolean", place)
        }
    }

    static func filter(_ v: JSONValue, place: String) throws -> DamosFilter {
        guard case .string(let type)? = v["filter_type"] else {
            throw RecordContentError(place: place, problem: "has no 'filter_type' string")
        }
        // 'filter_pass' is the older name of 'allow'.
        let allow = try v["allow"].map { try bool($0, "allow", place) }
            ?? v["filter_pass"].map { try bool($0, "filter_pass", place) } ?? false
        var f = DamosFilter(filterType: type, matching: try bool(v["matching"], "matching", place), allow: allow)
        // Like damo, fields that do not belong to the type are dropped.
        switch type {
        case "memcg":
            guard case .string(let path)? = v["memcg_path"] else {
                throw RecordContentError(place: place, problem: "memcg filter has no 'memcg_path'")
            }
            f.memcgPath = path
        case "addr":
            guard let r = v["address_range"], case .dict = r else {
                throw RecordContentError(place: place, problem: "addr filter has no 'address_range'")
            }
            let ap = "\(place), address_range"
            let start = try num(r["start"], "start", ap, UnitParse.bytes)
            let end = try num(r["end"], "end", ap, UnitParse.bytes)
            guard let s = RecordLimits.integer(start), let e = RecordLimits.integer(end), 0 <= s, s <= e else {
                throw RecordContentError(place: ap, problem: "[\(start), \(end)) is not an address range")
            }
            f.addressRange = Region(start: s, end: e)
            f.memcgPath = ""
        case "target":
            f.damonTargetIdx = try num(v["damon_target_idx"], "damon_target_idx", place, UnitParse.nr)
            f.memcgPath = ""
        default:
            f.memcgPath = ""
        }
        if let hp = v["hugepage_size"], !hp.isNull {
            guard case .list(let items) = hp, items.count == 2 else {
                throw bad("hugepage_size", "is not a list of two sizes", place)
            }
            f.hugepageSize = try items.map { try num($0, "hugepage_size", place, UnitParse.bytes) }
        }
        if let pr = v["probe_hits_wsum_range"], !pr.isNull {
            guard case .list(let items) = pr, items.count == 2 else {
                throw bad("probe_hits_wsum_range", "is not a list of two numbers", place)
            }
            f.probeHitsWsumRange = try items.map { try num($0, "probe_hits_wsum_range", place, UnitParse.nr) }
        }
        return f
    }

    static func damosStats(_ v: JSONValue, place: String) throws -> DamosStats {
        guard case .dict = v else { throw bad("damos_stats", "is not an object", place) }
        let p = "\(place), damos_stats"
        var s = DamosStats()
        s.nrTried = try num(v["nr_tried"], "nr_tried", p, UnitParse.nr)
        s.szTried = try num(v["sz_tried"], "sz_tried", p, UnitParse.bytes)
        s.nrApplied = try num(v["nr_applied"], "nr_applied", p, UnitParse.nr)
        s.szApplied = try num(v["sz_applied"], "sz_applied", p, UnitParse.bytes)
        s.szOpsFilterPassed = try num(v["sz_ops_filter_passed"], "sz_ops_filter_passed", p, UnitParse.bytes)
        s.qtExceeds = try num(v["qt_exceeds"], "qt_exceeds", p, UnitParse.nr)
        if let n = v["nr_snapshots"] { s.nrSnapshots = try num(n, "nr_snapshots", p, UnitParse.nr) }
        if let n = v["max_nr_snapshots"] { s.maxNrSnapshots = try num(n, "max_nr_snapshots", p, UnitParse.nr) }
        return s
    }
}
