import DamonModel

/// Wrong content in an otherwise well-formed record: names where.
public struct RecordContentError: Error, CustomStringConvertible, Sendable {
    public let place: String
    public let problem: String
    public var description: String { place.isEmpty ? problem : "\(place): \(problem)" }
}

/// Reads damo's JSON record format (a list of records, as damo 3.4.3 and
/// earlier write it) from a token stream, a snapshot at a time.  Region
/// objects, the bulk of a record, are decoded in place without building
/// JSON values.
final class JSONRecordPuller<S: ByteSource>: RecordPuller {
    var tok: JSONTokenizer<S>
    let reader = RecordJSONReader()
    enum State { case start, betweenRecords, inSnapshots, inFields, done }
    var state = State.start
    var recordIndex = -1
    var snapshotIndex = 0
    var sawSnapshots = false

    init(tokenizer: consuming JSONTokenizer<S>) { tok = tokenizer }

    var place: String { "record \(recordIndex)" }

    func nextRecord() throws -> Record? {
        var header = Record()
        while state == .inSnapshots || state == .inFields {
            _ = try nextSnapshot(&header)
        }
        if state == .start {
            guard try tok.next() == .beginArray else {
                throw RecordContentError(place: "", problem: "a record file must hold a JSON list of records")
            }
            state = .betweenRecords
        }
        guard state == .betweenRecords else { return nil }
        let t = try tok.next()
        if t == .endArray {
            _ = try tok.next()  // must be the end of input; throws otherwise
            state = .done
            return nil
        }
        recordIndex += 1
        snapshotIndex = 0
        sawSnapshots = false
        guard t == .beginObject else { throw RecordContentError(place: place, problem: "is not an object") }
        header = Record()
        state = .inFields
        try readFields(&header)
        return header
    }

    /// Fields up to the next 'snapshots' list (then in it) or the record's end.
    func readFields(_ header: inout Record) throws {
        while try tok.next() == .key {
            if tok.textEquals("snapshots") {
                sawSnapshots = true
                guard try tok.next() == .beginArray else {
                    throw RecordContentError(place: place, problem: "'snapshots' is not a list")
                }
                state = .inSnapshots
                return
            }
            let key = tok.textString
            let value = try tok.readValue(first: try tok.next())
            try RecordFields.apply(key: key, value: value, to: &header, place: place)
        }
        if !sawSnapshots { throw RecordContentError(place: place, problem: "has no 'snapshots'") }
        state = .betweenRecords
    }

    // Called through the RecordPuller existential, this would run as
    // unspecialized generic code (a third of the time went to looking up
    // type metadata per region): the sources record files are read from
    // get their own copies.
    @_specialize(where S == ReadAheadSource)
    @_specialize(where S == PrefixedSource<FileByteSource>)
    func nextSnapshot(_ header: inout Record) throws -> Snapshot? {
        guard try toNextSnapshot(&header) else { return nil }
        return try reader.readSnapshot(&tok, place: "\(place), snapshot \(snapshotIndex - 1)")
    }

    @_specialize(where S == ReadAheadSource)
    @_specialize(where S == PrefixedSource<FileByteSource>)
    func skipSnapshots(_ header: inout Record) throws -> Int {
        var count = 0
        while try toNextSnapshot(&header) {
            count += 1
            try tok.skip(after: .beginObject)
        }
        return count
    }

    /// Moves into the record's next snapshot object (its '{' read), the
    /// record's fields between lists of snapshots read on the way; false at
    /// the record's end.
    func toNextSnapshot(_ header: inout Record) throws -> Bool {
        while state == .inSnapshots || state == .inFields {
            if state == .inFields {
                try readFields(&header)
                continue
            }
            let t = try tok.next()
            if t == .endArray {
                state = .inFields
                continue
            }
            guard t == .beginObject else {
                throw RecordContentError(place: "\(place), snapshot \(snapshotIndex)", problem: "is not an object")
            }
            snapshotIndex += 1
            return true
        }
        return false
    }
}

/// The parts of damo's JSON records below the record: snapshots, regions
/// and their numbers, with every check of RecordLimits where values are
/// read.
struct RecordJSONReader {
    func readSnapshot<S: ByteSource>(_ tok: inout JSONTokenizer<S>, place: String) throws -> Snapshot {
        var start: PyNum?
        var end: PyNum?
        var regions: [Region]?
        var totalBytes: PyNum?
        var stats: DamosStats?
        var sampleUs: PyNum?
        while try tok.next() == .key {
            if tok.textEquals("regions") {
                guard try tok.next() == .beginArray else {
                    throw RecordContentError(place: place, problem: "'regions' is not a list")
                }
                var list: [Region] = []
                while true {
                    if let region = tok.fastRegion() {
                        list.append(region)
                        continue
                    }
                    let t = try tok.next()
                    if t == .endArray { break }
                    guard t == .beginObject else {
                        throw RecordContentError(place: "\(place), region \(list.count)", problem: "is not an object")
                    }
                    list.append(try readRegion(&tok, place: place, index: list.count))
                }
                regions = list
            } else if tok.textEquals("start_time") {
                start = try scalar(&tok, "start_time", place, UnitParse.ns)
            } else if tok.textEquals("end_time") {
                end = try scalar(&tok, "end_time", place, UnitParse.ns)
            } else if tok.textEquals("total_bytes") {
                totalBytes = try scalar(&tok, "total_bytes", place, UnitParse.bytes)
            } else if tok.textEquals("sample_interval_us") {
                sampleUs = try scalar(&tok, "sample_interval_us", place, UnitParse.us)
            } else if tok.textEquals("damos_stats") {
                let v = try tok.readValue(first: try tok.next())
                stats = v.isNull ? nil : try RecordFields.damosStats(v, place: place)
            } else {
                try tok.skip(after: try tok.next())
            }
        }
        guard let start else { throw RecordContentError(place: place, problem: "has no 'start_time'") }
        guard let end else { throw RecordContentError(place: place, problem: "has no 'end_time'") }
        guard let regions else { throw RecordContentError(place: place, problem: "has no 'regions'") }
        guard var total = RecordLimits.totalSize(regions) else {
            throw RecordContentError(place: place, problem: RecordLimits.overlapProblem)
        }
        if let totalBytes {
            guard let t = RecordLimits.integer(totalBytes) else {
                throw RecordContentError(place: place, problem: "'total_bytes' \(totalBytes) is out of range")
            }
            total = t
        }
        let snapshot = Snapshot(startTime: start, endTime: end, regions: regions,
                                totalBytes: total, damosStats: stats, sampleIntervalUs: sampleUs)
        if let problem = RecordLimits.problemBesidesSizes(snapshot) { throw RecordContentError(place: place, problem: problem) }
        return snapshot
    }

    func readRegion<S: ByteSource>(_ tok: inout JSONTokenizer<S>, place snapshotPlace: String,
                                   index: Int) throws -> Region {
        var region = Region(start: 0, end: 0)
        var sawStart = false, sawEnd = false
        var szFilterPassed: Int? = nil
        // Built only for error messages: regions are too many to pay for it.
        var place: String { "\(snapshotPlace), region \(index)" }
        while try tok.next() == .key {
            if tok.textEquals("start") {
                guard let v = try scalar(&tok, "start", place, UnitParse.bytes) else {
                    throw RecordContentError(place: place, problem: "'start' is null")
                }
                region.start = try integer(v, "start", place)
                sawStart = true
            } else if tok.textEquals("end") {
                guard let v = try scalar(&tok, "end", place, UnitParse.bytes) else {
                    throw RecordContentError(place: place, problem: "'end' is null")
                }
                region.end = try integer(v, "end", place)
                sawEnd = true
            } else if tok.textEquals("nr_accesses") {
                region.hasAccessInfo = true
                let t = try tok.next()
                if t == .null { continue }
                guard t == .beginObject else {
                    throw RecordContentError(place: place, problem: "'nr_accesses' is not an object")
                }
                while try tok.next() == .key {
                    if tok.textEquals("samples") {
                        region.samples = try scalar(&tok, "samples", place, UnitParse.nr).map { try integer($0, "samples", place) }
                    } else if tok.textEquals("percent") {
                        let p = try scalar(&tok, "percent", place, UnitParse.percent)
                        // (A NaN would read back as unset.)
                        if case .float(let f)? = p, f.isNaN {
                            throw RecordContentError(place: place, problem: "access rate nan% is out of range")
                        }
                        region.percent = p
                    } else {
                        try tok.skip(after: try tok.next())
                    }
                }
            } else if tok.textEquals("age") {
                let t = try tok.next()
                if t == .null { continue }
                guard t == .beginObject else {
                    throw RecordContentError(place: place, problem: "'age' is not an object")
                }
                while try tok.next() == .key {
                    if tok.textEquals("usec") {
                        region.usec = try scalar(&tok, "usec", place, UnitParse.us)
                    } else if tok.textEquals("aggr_intervals") {
                        region.aggrIntervals = try scalar(&tok, "aggr_intervals", place, UnitParse.nr)
                            .map { try integer($0, "aggr_intervals", place) }
                    } else {
                        try tok.skip(after: try tok.next())
                    }
                }
            } else if tok.textEquals("sz_filter_passed") {
                szFilterPassed = try scalar(&tok, "sz_filter_passed", place, UnitParse.bytes)
                    .map { try integer($0, "sz_filter_passed", place) }
            } else if tok.textEquals("probe_hits") {
                var t = try tok.next()
                if t == .null { continue }
                guard t == .beginArray else {
                    throw RecordContentError(place: place, problem: "'probe_hits' is not a list")
                }
                var hits: [Int] = []
                t = try tok.next()
                while t != .endArray {
                    guard t == .number, let x = JSONValue.numberValue(tok.textString) else {
                        throw RecordContentError(place: place, problem: "'probe_hits' holds a non-number")
                    }
                    hits.append(try integer(x, "probe_hits", place))
                    t = try tok.next()
                }
                region.probeHits = hits
            } else {
                try tok.skip(after: try tok.next())
            }
        }
        if !sawStart { throw RecordContentError(place: place, problem: "has no 'start'") }
        if !sawEnd { throw RecordContentError(place: place, problem: "has no 'end'") }
        // damo treats a region without sz_filter_passed as 0 bytes passed.
        if region.hasAccessInfo { region.szFilterPassed = szFilterPassed ?? 0 }
        if let problem = RecordLimits.problem(region) { throw RecordContentError(place: place, problem: problem) }
        return region
    }

    /// An integer field, refused (not clamped) when it does not fit.
    func integer(_ v: PyNum, _ name: String, _ place: @autoclosure () -> String) throws -> Int {
        guard let i = RecordLimits.integer(v) else {
            throw RecordContentError(place: place(), problem: "'\(name)' \(v) is out of range")
        }
        return i
    }

    /// A scalar field: null, a JSON number, or a string in damo's unit
    /// syntax.  Plain digit strings (with commas), the common case, skip
    /// String allocation.
    @inline(__always)
    func scalar<S: ByteSource>(_ tok: inout JSONTokenizer<S>, _ name: StaticString,
                               _ place: @autoclosure () -> String,
                               _ parse: (String) throws -> PyNum) throws -> PyNum? {
        let t = try tok.next()
        switch t {
        case .null:
            return nil
        case .number:
            if let v = fastDigits(tok.text, allowCommas: false) { return .int(Int128(fast: v)) }
            guard let v = JSONValue.numberValue(tok.textString) else {
                throw RecordContentError(place: place(), problem: "'\(name)' is not a valid number")
            }
            return v
        case .string:
            if let v = fastDigits(tok.text, allowCommas: true) { return .int(Int128(fast: v)) }
            let s = tok.textString
            do {
                return try parse(s)
            } catch {
                throw RecordContentError(place: place(), problem: "'\(name)' has an invalid value '\(s)'")
            }
        default:
            try tok.skip(after: t)
            throw RecordContentError(place: place(), problem: "'\(name)' is not a number or a string")
        }
    }

    @inline(__always) func fastDigits(_ text: UnsafeBufferPointer<UInt8>, allowCommas: Bool) -> Int? {
        var t = text[...]
        // "4,096 B": damo's human size of a byte count.
        if allowCommas && t.count >= 3 && t[t.endIndex - 1] == 0x42 && t[t.endIndex - 2] == 0x20 {
            t = t.dropLast(2)
        }
        guard t.count > 0 && t.count <= 24 else { return nil }
        var v = 0
        var digits = 0
        for c in t {
            if c >= 0x30 && c <= 0x39 {
                let (m, o1) = v.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int(c - 0x30))
                if o1 || o2 { return nil }
                v = a
                digits += 1
            } else if c == 0x2c && allowCommas && digits > 0 {
                continue
            } else {
                return nil
            }
        }
        return digits > 0 ? v : nil
    }
}
