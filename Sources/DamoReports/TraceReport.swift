import DamonModel

/// `damo report trace`'s text: one line per DAMON trace event, its time
/// stamp, process, event and the event's values in damo's units, wrapped
/// at `maxCols` as damo wraps it.  Lines come from `perf script`,
/// `trace-cmd report`/`stream`, or tracefs's `trace_pipe` (trace-cmd's
/// columns).
public struct TraceReport {
    public enum Source: Sendable {
        /// `perf script`: comm pid [cpu] ts: event: values
        case perfScript
        /// trace-cmd report/stream and trace_pipe: comm-pid [cpu] [flags] ts: event: values
        case traceCmd
        /// `perf trace --libtraceevent_print`: ts comm/pid event(values)
        case perfTrace
    }

    public let source: Source
    public let events: [String]
    public let maxCols: Int
    public let raw: Bool
    /// The region index within its snapshot, per event kind, as damo counts.
    var aggregatedIndex = 0
    var regionAggregatedIndex = 0
    var lineNumber = 0

    public init(source: Source, events: [String], maxCols: Int, raw: Bool) {
        self.source = source
        self.events = events
        self.maxCols = maxCols
        self.raw = raw
    }

    /// An event line's parts; nil for lines that are not events (headers).
    struct Event {
        var timestamp: Substring
        var proc: String
        var name: String
        var values: [Substring]
    }

    func parse(_ line: Substring) -> Event? {
        let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
        guard f.count >= 4 else { return nil }
        switch source {
        case .perfScript:
            guard f.count >= 5 else { return nil }
            return Event(timestamp: f[3].dropLast(), proc: "\(f[0])/\(f[1])", name: String(f[4].dropLast()),
                         values: Array(f[5...]))
        case .perfTrace:
            let open = f[2].split(separator: "(", maxSplits: 1, omittingEmptySubsequences: false)
            var values = [open.count == 2 ? open[1] : ""] + f[3...]
            if values.count > 1, let last = values.last { values[values.count - 1] = last.dropLast() }
            return Event(timestamp: f[0], proc: String(f[1]), name: String(open[0]), values: values)
        case .traceCmd:
            // Some trace-cmd versions (3.2) leave out the flags column.
            let ts = f[2].hasSuffix(":") ? 2 : 3
            guard f.count > ts + 1 else { return nil }
            return Event(timestamp: f[ts].dropLast(), proc: String(f[0]), name: "damon:" + f[ts + 1].dropLast(),
                         values: Array(f[(ts + 2)...]))
        }
    }

    /// The text of one input line: nothing for lines of other events or
    /// none; with `raw`, the line as given first.
    public mutating func render(_ line: Substring) throws -> [String] {
        lineNumber += 1
        guard let e = parse(line), events.contains(e.name) else { return [] }
        var out: [String] = []
        if raw { out.append(String(line)) }
        let text: String
        do {
            text = try format(e)
        } catch let problem as Problem {
            throw ReportError("line \(lineNumber): invalid \(problem.what) in a \(e.name) event")
        }
        out += Self.wrapped([String(e.timestamp), e.proc, e.name, text].joined(separator: " "), maxCols: maxCols)
        return out
    }

    struct Problem: Error { let what: String }

    /// The value after `name=` of a field.
    func value(_ v: [Substring], _ i: Int, _ what: String) throws -> PyNum {
        guard i < v.count, let eq = v[i].firstIndex(of: "="), let n = UnitParse.pyInt(String(v[i][v[i].index(after: eq)...])) else {
            throw Problem(what: what)
        }
        return .int(n)
    }

    func number(_ v: [Substring], _ i: Int, _ what: String) throws -> PyNum {
        guard i < v.count, let n = UnitParse.pyInt(String(v[i])) else { throw Problem(what: what) }
        return .int(n)
    }

    /// "START-END:" as (start, end).
    func range(_ v: [Substring], _ i: Int) throws -> (PyNum, PyNum) {
        guard i < v.count, v[i].hasSuffix(":") else { throw Problem(what: "address range") }
        let parts = v[i].dropLast().split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let s = UnitParse.pyInt(String(parts[0])), let e = UnitParse.pyInt(String(parts[1])) else {
            throw Problem(what: "address range")
        }
        return (.int(s), .int(e))
    }

    func sz(_ n: PyNum) -> String { UnitFormat.sizeAccurate(n) }

    mutating func format(_ e: Event) throws -> String {
        let v = e.values
        switch e.name {
        case "damon:damon_aggregated":
            // target_id=0 nr_regions=11 START-END: NR_ACCESSES [AGE]
            let target = try value(v, 0, "target_id"), nr = try value(v, 1, "nr_regions")
            let (start, end) = try range(v, 2)
            let accesses = try number(v, 3, "nr_accesses")
            let age = v.count > 4 ? try number(v, 4, "age") : .int(-1)
            let text = "\(target) \(aggregatedIndex)/\(nr) \(sz(start)) (\(sz(end - start))) \(accesses) \(age)"
            aggregatedIndex += 1
            if PyNum.int(Int128(aggregatedIndex)) == nr { aggregatedIndex = 0 }
            return text
        case "damon:damon_region_aggregated":
            // ... NR_ACCESSES AGE probe_hits=HEX HEX...
            let target = try value(v, 0, "target_id"), nr = try value(v, 1, "nr_regions")
            let (start, end) = try range(v, 2)
            let accesses = try number(v, 3, "nr_accesses"), age = try number(v, 4, "age")
            guard v.count > 5 else { throw Problem(what: "probe_hits") }
            var hits: [String] = []
            if v[5] != "probe_hits=" {
                let first = v[5].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                for h in [first.count == 2 ? first[1] : ""] + v[6...] {
                    guard let n = Int128(h, radix: 16) else { throw Problem(what: "probe_hits") }
                    hits.append("\(n)")
                }
            }
            let text = "\(target) \(regionAggregatedIndex)/\(nr) \(sz(start)) (\(sz(end - start))) \(accesses) \(age) "
                + hits.joined(separator: " ")
            regionAggregatedIndex += 1
            if PyNum.int(Int128(regionAggregatedIndex)) == nr { regionAggregatedIndex = 0 }
            return text
        case "damon:damos_before_apply":
            // ctx_idx= scheme_idx= target_idx= nr_regions= START-END: NR_ACCESSES AGE
            let ctx = try value(v, 0, "ctx_idx"), scheme = try value(v, 1, "scheme_idx")
            let target = try value(v, 2, "target_idx"), nr = try value(v, 3, "nr_regions")
            let (start, end) = try range(v, 4)
            let accesses = try number(v, 5, "nr_accesses"), age = try number(v, 6, "age")
            return "\(ctx) \(scheme) \(target) \(nr) \(sz(start)) (\(sz(end - start))) \(accesses) \(age)"
        case "damon:damos_stat_after_apply_interval":
            let names = ["ctx_idx", "scheme_idx", "nr_tried", "sz_tried", "nr_applied", "sz_applied"]
            var n = try names.indices.map { try value(v, $0, names[$0]) }
            // Fields newer kernels added; -1 where the kernel has none.
            for (i, name) in [(6, "sz_ops_filter_passed"), (7, "qt_exceeds"), (8, "nr_snapshots")] {
                n.append(v.count > i ? try value(v, i, name) : .int(-1))
            }
            return [n[0].description, n[1].description, UnitFormat.nr(n[2]), sz(n[3]), UnitFormat.nr(n[4]), sz(n[5]),
                    sz(n[6]), UnitFormat.nr(n[7]), UnitFormat.nr(n[8])].joined(separator: " ")
        default:
            return v.joined(separator: " ")
        }
    }

    /// damo's wrapping: words onto lines of at most `maxCols` characters,
    /// later lines indented; a line that fits is kept as it is.
    public static func wrapped(_ line: String, maxCols: Int) -> [String] {
        if line.count <= maxCols { return [line] }
        var out: [String] = []
        var words: [Substring] = []
        var length = 0
        for field in line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }) {
            if length + field.count > maxCols {
                if !words.isEmpty {
                    out.append(words.joined(separator: " "))
                    words = []
                } else {
                    out.append(String(field))
                }
                words.append("  ")
                length = 2
            }
            words.append(field)
            length += field.count
            if words.count > 1 { length += 1 }
        }
        if !words.isEmpty { out.append(words.joined(separator: " ")) }
        return out
    }
}
