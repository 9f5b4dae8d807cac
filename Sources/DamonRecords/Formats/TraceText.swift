import DamonModel

/// DAMON tracepoint text, as `perf script` or `trace-cmd report` print it:
///
///     kdamond.0  4452 [000] 82820.952659: damon:damon_aggregated: \
///         target_id=18446623435582458880 nr_regions=8 94253027950592-94253031862272: 0 3
///
/// Each `damon_aggregated` (or `damos_before_apply`) line is one region;
/// TraceSnapshots puts them together into snapshots.
struct TraceLineParser {
    var lineNumber = 0

    struct Event {
        var endTime: Int
        var targetId: TargetID
        var nrRegions: Int
        var region: Region
    }

    /// The DAMON region event of the next line, if it has one.  Events
    /// other than DAMON's regions are skipped, as are blank, comment and
    /// indented (call chain) lines; anything else is not trace text, and
    /// an error.
    mutating func parse(_ line: UnsafeBufferPointer<UInt8>) throws -> Event? {
        lineNumber += 1
        // A byte order mark (skipped when the format was told, but not
        // when the text is read again).
        if lineNumber == 1 && RecordFile.bomLength(line) > 0 {
            return try parseLine(UnsafeBufferPointer(rebasing: line[3...]))
        }
        return try parseLine(line)
    }

    /// The placeholder snapshot that trace writers append to single-snapshot
    /// records so that readers can estimate a start time.
    static func isFakeSnapshot(_ s: Snapshot) -> Bool {
        guard s.regions.count == 1 else { return false }
        let r = s.regions[0]
        return r.start == 0 && r.end == 0 && r.samples == -1 && r.aggrIntervals == -1
    }

    func parseLine(_ line: UnsafeBufferPointer<UInt8>) throws -> Event? {
        if isSkippable(line) { return nil }
        let fields = splitFields(line)
        // perf script: comm pid [cpu] ts: event: ...; trace-cmd report:
        // comm-pid [cpu] (flags) ts: event: ...  The time stamp is the
        // first "<number>:" followed by "<event>:" (a comm may hold spaces).
        let colon = UInt8(ascii: ":")
        guard let tsIdx = fields.indices.dropLast().first(where: {
            fields[$0].count > 1 && fields[$0].last == colon && fields[$0 + 1].last == colon
                && Double(String(decoding: fields[$0].dropLast(), as: UTF8.self)) != nil
        }) else { throw notTrace(line) }
        var event = fields[tsIdx + 1]
        event.removeLast()
        let name = String(decoding: event, as: UTF8.self)
        let trace = Array(fields[(tsIdx + 2)...])
        let kind: Int
        switch name {
        case "damon:damon_aggregated", "damon_aggregated": kind = 0
        case "damon:damos_before_apply", "damos_before_apply": kind = 1
        default: return nil
        }
        let count = trace.count + 2
        if kind == 0 && !(count == 6 || count == 7) { return nil }
        if kind == 1 && count != 9 { return nil }
        var tsText = fields[tsIdx]
        tsText.removeLast()
        guard let ts = Double(String(decoding: tsText, as: UTF8.self)), ts >= 0,
              ts * 1_000_000_000 < Double(RecordLimits.maxTimeNs) else { throw bad("timestamp") }
        let endTime = PyNum.float(ts * 1_000_000_000).int
        // aggregated: target_id= nr_regions= range: nr_accesses [age]
        // before_apply: ctx_idx= scheme_idx= target_idx= nr_regions= range: nr_accesses age
        let base = kind == 0 ? 0 : 2
        let targetText = try value(of: trace[base], "target id")
        guard let target = UnitParse.pyInt(targetText) else { throw bad("target id") }
        guard let nrRegions = UnitParse.pyInt(try value(of: trace[base + 1], "nr_regions")) else {
            throw bad("nr_regions")
        }
        var range = trace[base + 2]
        guard range.last == UInt8(ascii: ":") else { throw bad("address range") }
        range.removeLast()
        let bounds = range.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        guard bounds.count == 2,
              let start = UnitParse.pyInt(String(decoding: bounds[0], as: UTF8.self)),
              let end = UnitParse.pyInt(String(decoding: bounds[1], as: UTF8.self)) else {
            throw bad("address range")
        }
        guard let nrAccesses = UnitParse.pyInt(String(decoding: trace[base + 3], as: UTF8.self)) else {
            throw bad("nr_accesses")
        }
        var age: Int? = nil
        if trace.count > base + 4 {
            guard let a = UnitParse.pyInt(String(decoding: trace[base + 4], as: UTF8.self)), a.fitsInt64 else {
                throw bad("age")
            }
            age = a.clampedInt
        }
        guard start.fitsInt64, end.fitsInt64, nrAccesses.fitsInt64 else { throw bad("region") }
        let region = Region(start: start.clampedInt, end: end.clampedInt,
                            samples: nrAccesses.clampedInt, aggrIntervals: age)
        // The placeholder of single-snapshot records is checked with its snapshot.
        if !(region.start == 0 && region.end == 0 && region.samples == -1),
           let problem = RecordLimits.problem(region) {
            throw RecordContentError(place: "line \(lineNumber)", problem: problem)
        }
        return Event(endTime: endTime, targetId: TargetID(.int(target)),
                     nrRegions: Int(clamping: nrRegions), region: region)
    }

    /// Lines that carry no event: blank ones, comments, call chain lines
    /// under an event (an address first), trace-cmd's header and its
    /// "CPU N is empty" for CPUs that had no event.
    func isSkippable(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = line.firstIndex(where: { !isSpace($0) }) else { return true }
        let rest = line[first...]
        if rest.first == UInt8(ascii: "#") { return true }
        let word = rest.prefix { !isSpace($0) }
        if first > 0 && word.count >= 4 && word.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) }) {
            return true
        }
        if lineNumber <= 2 {
            let text = String(decoding: rest.prefix(16), as: UTF8.self)
            if text.hasPrefix("cpus=") || text.hasPrefix("version =") { return true }
        }
        if word.elementsEqual("CPU".utf8) && rest.count <= 32 {
            let words = String(decoding: rest, as: UTF8.self).split(separator: " ")
            return words.count == 4 && Int(words[1]) != nil && words[2] == "is" && words[3] == "empty"
        }
        return false
    }

    /// A line that is not an event line; a DAMON event's time stamp if
    /// the line names one.
    func notTrace(_ line: UnsafeBufferPointer<UInt8>) -> RecordContentError {
        let text = String(decoding: line, as: UTF8.self)
        if text.contains("damon_aggregated:") || text.contains("damos_before_apply:") { return bad("timestamp") }
        // trace-cmd's mark of lost events: the snapshots around it would
        // lack regions, and regions are grouped into snapshots by count.
        if text.hasPrefix("CPU:") && text.hasSuffix("EVENTS DROPPED]") {
            return RecordContentError(place: "line \(lineNumber)", problem: "trace-cmd lost events here (\(text))")
        }
        return RecordContentError(place: "line \(lineNumber)", problem: "not a trace event line (perf script or trace-cmd report text)")
    }

    func value(of field: [UInt8], _ what: String) throws -> String {
        guard let eq = field.firstIndex(of: UInt8(ascii: "=")) else { throw bad(what) }
        return String(decoding: field[(eq + 1)...], as: UTF8.self)
    }

    func bad(_ what: String) -> RecordContentError {
        RecordContentError(place: "line \(lineNumber)", problem: "invalid \(what) in a DAMON trace event")
    }

    func splitFields(_ line: UnsafeBufferPointer<UInt8>) -> [[UInt8]] {
        var fields: [[UInt8]] = []
        var i = 0
        let n = line.count
        while i < n {
            while i < n && isSpace(line[i]) { i += 1 }
            let s = i
            while i < n && !isSpace(line[i]) { i += 1 }
            if i > s { fields.append(Array(line[s..<i])) }
        }
        return fields
    }

    @inline(__always) func isSpace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0d || c == 0x0a || c == 0x0b || c == 0x0c
    }
}

/// Writes records as `perf script` text that damo (and we) read back, a
/// snapshot at a time: only a record's first snapshot waits, until the
/// record has a second one, since single snapshots get a placeholder so
/// that readers can tell when the real one started.
public struct TraceTextWriter {
    let sink: ByteSink
    var out: [UInt8] = []
    var target = "0"
    var first: Snapshot? = nil
    var count = 0

    public init(sink: ByteSink) {
        self.sink = sink
        out.reserveCapacity(1 << 17)
    }

    /// Writes whole records and finishes the sink.
    public static func write(_ records: [Record], to sink: ByteSink) throws {
        var writer = TraceTextWriter(sink: sink)
        for record in records {
            writer.beginRecord(record)
            for s in record.snapshots { try writer.add(s) }
            try writer.endRecord()
        }
        try writer.finish()
    }

    public mutating func beginRecord(_ header: Record) {
        target = header.targetId?.description ?? "0"
        first = nil
        count = 0
    }

    public mutating func add(_ snapshot: Snapshot) throws {
        count += 1
        if count == 1 {
            first = snapshot
            return
        }
        if let s = first {
            try lines(s)
            first = nil
        }
        try lines(snapshot)
    }

    public mutating func endRecord() throws {
        guard count == 1, let s = first else { return }
        try lines(s)
        let duration = s.endTime - s.startTime
        try lines(Snapshot(startTime: s.endTime, endTime: s.endTime + duration,
                           regions: [Region(start: 0, end: 0, samples: -1, aggrIntervals: -1)]))
        first = nil
    }

    public mutating func finish() throws {
        try sink.write(out)
        try sink.finish()
    }

    /// Writes what is buffered; does not finish the sink.
    mutating func flush() throws {
        try sink.write(out)
        out.removeAll(keepingCapacity: true)
    }

    /// Adds text another writer of this kind made (a whole record's).
    mutating func append<S: ByteSource>(_ text: inout S) throws {
        try flush()
        try sink.write(contentsOf: &text)
    }

    mutating func lines(_ s: Snapshot) throws {
        let ts = PyFormat.fixed(s.endTime.double / 1_000_000_000.0, 6)
        let head = "kdamond.x xxxx xxxx \(ts): damon:damon_aggregated: target_id=\(target) nr_regions=\(s.regions.count) "
        for r in s.regions {
            var line = head + "\(r.start)-\(r.end): \(r.samples ?? 0)"
            // Without an age, write the older six-field form.
            if let age = r.aggrIntervals { line += " \(age)" }
            line += "\n"
            out.append(contentsOf: line.utf8)
        }
        if out.count > 1 << 16 {
            try sink.write(out)
            out.removeAll(keepingCapacity: true)
        }
    }
}
