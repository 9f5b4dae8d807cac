import DamonModel

/// Writes records as damo 3.4.3 does (`json.dumps(..., indent=4)` of its
/// record objects), so files move between the two unchanged.  Record and
/// snapshot numbers are written raw; region fields in damo's human form
/// (`"94,827,419,009,024"`, `"0 B"`), as damo itself writes them.  With
/// `raw` false the record and snapshot numbers are human too, as `report
/// access --json` prints them.
public struct RecordJSONWriter {
    let raw: Bool

    public init(raw: Bool = true) { self.raw = raw }

    public func write(_ records: [Record], to w: JSONWriter) throws {
        begin(w)
        for r in records {
            try beginRecord(r, w)
            for s in r.snapshots { try snapshot(s, w) }
            try endRecord(r, w)
        }
        try end(w)
    }

    // Piece by piece, for records streamed from a file: the list, each
    // record's fields up to its snapshots, the snapshots, the fields after.
    public func begin(_ w: JSONWriter) { w.beginArray() }

    public func end(_ w: JSONWriter) throws {
        try w.endArray()
        try w.flush()
    }

    public func beginRecord(_ r: Record, _ w: JSONWriter) throws {
        w.beginObject()
        w.key("kdamond_idx"); w.int(r.kdamondIdx)
        w.key("context_idx"); w.int(r.contextIdx)
        w.key("intervals")
        if let i = r.intervals { try writeIntervals(i, w) } else { w.null() }
        w.key("scheme_idx"); w.optionalInt(r.schemeIdx)
        w.key("target_id"); w.optionalNumber(r.targetId?.value)
        w.key("scheme_filters")
        w.beginArray()
        for f in r.schemeFilters { try writeFilter(f, w) }
        try w.endArray()
        w.key("snapshots")
        w.beginArray()
    }

    public func snapshot(_ s: Snapshot, _ w: JSONWriter) throws { try writeSnapshot(s, w) }

    /// `r` is the whole header: `data_source` follows the snapshots.
    public func endRecord(_ r: Record, _ w: JSONWriter) throws {
        try w.endArray()
        w.key("data_source"); w.string(r.dataSource)
        try w.endObject()
    }

    func writeIntervals(_ i: Intervals, _ w: JSONWriter) throws {
        w.beginObject()
        w.key("sample_us"); w.string(UnitFormat.timeUs(i.sample, raw: raw))
        w.key("aggr_us"); w.string(UnitFormat.timeUs(i.aggr, raw: raw))
        w.key("ops_update_us"); w.string(UnitFormat.timeUs(i.opsUpdate, raw: raw))
        w.key("intervals_goal")
        w.beginObject()
        w.key("access_bp"); w.string(UnitFormat.bp(i.goal.accessBp, raw: raw))
        w.key("aggrs"); w.string(UnitFormat.nr(i.goal.aggrs, raw: raw))
        w.key("min_sample_us"); w.string(UnitFormat.timeUs(i.goal.minSampleUs, raw: raw))
        w.key("max_sample_us"); w.string(UnitFormat.timeUs(i.goal.maxSampleUs, raw: raw))
        try w.endObject()
        try w.endObject()
    }

    func writeFilter(_ f: DamosFilter, _ w: JSONWriter) throws {
        w.beginObject()
        w.key("filter_type"); w.string(f.filterType)
        w.key("matching"); w.bool(f.matching)
        w.key("allow"); w.bool(f.allow)
        w.key("memcg_path"); w.optionalString(f.memcgPath)
        w.key("address_range")
        if let r = f.addressRange {
            w.beginObject()
            w.key("start"); w.string(String(r.start))
            w.key("end"); w.string(String(r.end))
            try w.endObject()
        } else {
            w.null()
        }
        w.key("damon_target_idx")
        w.optionalString(f.damonTargetIdx.map { UnitFormat.nr($0, raw: raw) })
        w.key("hugepage_size")
        try writeStrings(f.hugepageSize?.map { UnitFormat.size($0, raw: raw) }, w)
        w.key("probe_hits_wsum_range")
        try writeStrings(f.probeHitsWsumRange?.map { UnitFormat.nr($0, raw: raw) }, w)
        try w.endObject()
    }

    func writeStrings(_ items: [String]?, _ w: JSONWriter) throws {
        guard let items else { return w.null() }
        w.beginArray()
        for s in items { w.string(s) }
        try w.endArray()
    }

    func writeSnapshot(_ s: Snapshot, _ w: JSONWriter) throws {
        w.beginObject()
        w.key("start_time"); w.string(UnitFormat.timeNsExact(s.startTime, raw: raw))
        w.key("end_time"); w.string(UnitFormat.timeNsExact(s.endTime, raw: raw))
        w.key("regions")
        w.beginArray()
        for r in s.regions { try writeRegion(r, w) }
        try w.endArray()
        w.key("total_bytes"); w.optionalString(s.totalBytes.map { UnitFormat.size($0, raw: raw) })
        w.key("damos_stats")
        if let st = s.damosStats { try writeStats(st, w) } else { w.null() }
        // damo 3.4.3 writes this field raw in nanoseconds under its
        // microseconds name and reads it back as microseconds; we write
        // microseconds.  Its human form (`report access --json`) is right.
        w.key("sample_interval_us")
        w.optionalString(s.sampleIntervalUs.map {
            raw ? PyFormat.int($0) : UnitFormat.timeNsExact($0 * .int(1000), raw: false)
        })
        try w.endObject()
    }

    func writeRegion(_ r: Region, _ w: JSONWriter) throws {
        w.beginObject()
        w.key("start"); w.string(UnitFormat.nr(r.start))
        w.key("end"); w.string(UnitFormat.nr(r.end))
        if r.hasAccessInfo {
            w.key("nr_accesses")
            w.beginObject()
            w.key("samples"); w.optionalInt(r.samples)
            w.key("percent"); w.optionalNumber(r.percent)
            try w.endObject()
            w.key("age")
            w.beginObject()
            w.key("usec"); w.optionalString(r.usec.map { UnitFormat.timeUsExact($0) })
            w.key("aggr_intervals"); w.optionalString(r.aggrIntervals.map { UnitFormat.nr($0) })
            try w.endObject()
            w.key("probe_hits")
            w.beginArray()
            for h in r.probeHits { w.int(h) }
            try w.endArray()
            w.key("sz_filter_passed"); w.string(UnitFormat.size(r.szFilterPassed ?? 0))
        }
        try w.endObject()
    }

    func writeStats(_ s: DamosStats, _ w: JSONWriter) throws {
        w.beginObject()
        let fields: [(String, PyNum, Bool)] = [
            ("nr_tried", s.nrTried, false), ("sz_tried", s.szTried, true), ("nr_applied", s.nrApplied, false),
            ("sz_applied", s.szApplied, true), ("sz_ops_filter_passed", s.szOpsFilterPassed, true),
            ("qt_exceeds", s.qtExceeds, false), ("nr_snapshots", s.nrSnapshots, false),
            ("max_nr_snapshots", s.maxNrSnapshots, false),
        ]
        for (k, v, isSize) in fields {
            w.key(k)
            w.string(raw ? PyFormat.int(v) : isSize ? UnitFormat.size(v) : UnitFormat.nr(v))
        }
        try w.endObject()
    }
}
