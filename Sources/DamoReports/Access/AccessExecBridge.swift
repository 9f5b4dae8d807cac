import DamonModel

/// `report access --exec`: damo runs a user's Python script's
/// `main(records, cmd_fields)` (or an interactive interpreter) with its
/// record objects.  We hand the records to a small Python program as JSON
/// (raw numbers, unset values as null); it rebuilds objects with damo's
/// attribute names and calls the script.
public enum AccessExecBridge {
    public static func recordsJSON(_ records: [Record]) -> String {
        var out = "["
        for (i, r) in records.enumerated() {
            if i > 0 { out += "," }
            out += "{\"kdamond_idx\":\(r.kdamondIdx),\"context_idx\":\(r.contextIdx)"
            out += ",\"scheme_idx\":\(r.schemeIdx.map(String.init) ?? "null")"
            out += ",\"target_id\":\(r.targetId.map { num($0.value) } ?? "null")"
            out += ",\"data_source\":\(str(r.dataSource))"
            if let iv = r.intervals {
                out += ",\"intervals\":{\"sample\":\(num(iv.sample)),\"aggr\":\(num(iv.aggr)),\"ops_update\":\(num(iv.opsUpdate))"
                out += ",\"intervals_goal\":{\"access_bp\":\(num(iv.goal.accessBp)),\"aggrs\":\(num(iv.goal.aggrs))"
                out += ",\"min_sample_us\":\(num(iv.goal.minSampleUs)),\"max_sample_us\":\(num(iv.goal.maxSampleUs))}}"
            } else {
                out += ",\"intervals\":null"
            }
            out += ",\"scheme_filters\":[" + r.schemeFilters.map { f in
                "{\"filter_type\":\(str(f.filterType)),\"matching\":\(f.matching),\"allow\":\(f.allow),\"text\":\(str(f.toString(raw: true)))}"
            }.joined(separator: ",") + "]"
            out += ",\"snapshots\":["
            for (j, s) in r.snapshots.enumerated() {
                if j > 0 { out += "," }
                out += "{\"start_time\":\(num(s.startTime)),\"end_time\":\(num(s.endTime))"
                out += ",\"total_bytes\":\(s.totalBytes.map(String.init) ?? "null")"
                out += ",\"sample_interval_us\":\(s.sampleIntervalUs.map(num) ?? "null")"
                if let d = s.damosStats {
                    out += ",\"damos_stats\":{\"nr_tried\":\(num(d.nrTried)),\"sz_tried\":\(num(d.szTried))"
                    out += ",\"nr_applied\":\(num(d.nrApplied)),\"sz_applied\":\(num(d.szApplied))"
                    out += ",\"sz_ops_filter_passed\":\(num(d.szOpsFilterPassed)),\"qt_exceeds\":\(num(d.qtExceeds))"
                    out += ",\"nr_snapshots\":\(num(d.nrSnapshots)),\"max_nr_snapshots\":\(num(d.maxNrSnapshots))}"
                } else {
                    out += ",\"damos_stats\":null"
                }
                out += ",\"regions\":["
                for (k, g) in s.regions.enumerated() {
                    if k > 0 { out += "," }
                    out += "[\(g.start),\(g.end),\(g.samples.map(String.init) ?? "null"),\(g.percent.map(num) ?? "null")"
                    out += ",\(g.usec.map(num) ?? "null"),\(g.aggrIntervals.map(String.init) ?? "null")"
                    out += ",\(g.szFilterPassed.map(String.init) ?? "null"),[\(g.probeHits.map(String.init).joined(separator: ","))]]"
                }
                out += "]}"
            }
            out += "]}"
        }
        return out + "]"
    }

    static func num(_ n: PyNum) -> String {
        switch n {
        case .int(let i): return PyFormat.decimal(i)
        case .float(let f): return f.isFinite ? PyFormat.repr(f) : "null"
        }
    }

    static func str(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default:
                if u.value < 0x20 {
                    let h = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    /// The Python side: `python3 BRIDGE RECORDS_JSON COMMAND_FIELDS...`.
    public static let script = #"""
import code
import importlib.util
import json
import sys


class DamonNrAccesses:
    def __init__(self, samples, percent):
        self.samples = samples
        self.percent = percent

    def in_hz(self, aggr_us):
        return self.samples / (aggr_us / 1000000)

    def in_percent(self, sample_us, aggr_us):
        return self.samples * 100.0 / (aggr_us / sample_us)

    def add_unset_unit(self, intervals):
        if self.samples is not None and self.percent is not None:
            return
        max_val = intervals.aggr / intervals.sample
        if self.samples is None:
            self.samples = int(self.percent * max_val / 100)
        if self.percent is None:
            self.percent = int(self.samples * 100.0 / max_val)


class DamonAge:
    def __init__(self, usec, aggr_intervals):
        self.usec = usec
        self.aggr_intervals = aggr_intervals

    def add_unset_unit(self, intervals):
        if self.usec is not None and self.aggr_intervals is not None:
            return
        if self.usec is None:
            self.usec = self.aggr_intervals * intervals.aggr
        elif self.aggr_intervals is None:
            self.aggr_intervals = int(self.usec / intervals.aggr)


class DamonRegion:
    def __init__(self, f):
        self.start, self.end = f[0], f[1]
        self.nr_accesses = DamonNrAccesses(f[2], f[3])
        self.age = DamonAge(f[4], f[5])
        self.sz_filter_passed = f[6]
        self.probe_hits = f[7]

    def size(self):
        return self.end - self.start


class Plain:
    def __init__(self, kv):
        for k, v in kv.items():
            setattr(self, k, v)


class IntervalsGoal(Plain):
    def enabled(self):
        return self.aggrs != 0


class DamonSnapshot:
    def __init__(self, kv):
        self.start_time = kv['start_time']
        self.end_time = kv['end_time']
        self.total_bytes = kv['total_bytes']
        self.sample_interval_us = kv['sample_interval_us']
        stats = kv['damos_stats']
        self.damos_stats = Plain(stats) if stats is not None else None
        self.regions = [DamonRegion(f) for f in kv['regions']]


class DamonRecord:
    def __init__(self, kv):
        for k in ['kdamond_idx', 'context_idx', 'scheme_idx', 'target_id',
                  'data_source']:
            setattr(self, k, kv[k])
        iv = kv['intervals']
        if iv is not None:
            iv = Plain(iv)
            iv.intervals_goal = IntervalsGoal(iv.intervals_goal)
        self.intervals = iv
        self.scheme_filters = [Plain(f) for f in kv['scheme_filters']]
        self.snapshots = [DamonSnapshot(s) for s in kv['snapshots']]


def main():
    with open(sys.argv[1]) as f:
        records = [DamonRecord(r) for r in json.load(f)]
    cmd_fields = sys.argv[2:]
    if cmd_fields == ['interpreter']:
        code.interact(local={'records': records},
                      banner="DAMON records are available as 'records'",
                      exitmsg='Exit the session.')
        return
    spec = importlib.util.spec_from_file_location(
            'damo_report_access_script', cmd_fields[0])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(records, cmd_fields)


main()
"""#
}
