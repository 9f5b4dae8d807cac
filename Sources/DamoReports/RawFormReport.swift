import DamonModel

/// `report access --raw_form` (and the legacy `report raw`): every region
/// of every snapshot, one line each.
public enum RawFormReport {
    public static let ending = ReportEnding.pagerIfNeeded

    public static func render(_ records: [Record], rawNumber: Bool, to sink: TextSink) {
        var out = Streamer(rawNumber: rawNumber, sink: sink)
        for record in records {
            out.beginRecord(record)
            for snapshot in record.snapshots { out.add(snapshot) }
        }
        out.finish()
    }

    /// The report fed a snapshot at a time.  A record's lines start at its
    /// first snapshot (records without any print nothing), and its header
    /// must be whole (`data_source` included) when it begins.
    public struct Streamer {
        let rawNumber: Bool
        let sink: TextSink
        var out: LineJoiner
        var record = Record()
        var target = "None"
        var base: PyNum? = nil
        var line = ByteLine()

        public init(rawNumber: Bool, sink: TextSink) {
            self.rawNumber = rawNumber
            self.sink = sink
            out = LineJoiner(sink)
        }

        public mutating func beginRecord(_ header: Record) {
            record = header
            target = header.targetId.map { $0.description } ?? "None"
            base = nil
        }

        public mutating func add(_ snapshot: Snapshot) {
            let base: PyNum
            if let b = self.base {
                base = b
            } else {
                base = snapshot.startTime
                self.base = base
                out.line("base_time_absolute: " + UnitFormat.timeNs(base, raw: rawNumber))
                out.line("data source: \(record.dataSource)\n")
            }
            out.line("monitoring_start:    " + PyFormat.padLeft(UnitFormat.timeNs(snapshot.startTime - base, raw: rawNumber), 16))
            out.line("monitoring_end:      " + PyFormat.padLeft(UnitFormat.timeNs(snapshot.endTime - base, raw: rawNumber), 16))
            out.line("monitoring_duration: " + PyFormat.padLeft(UnitFormat.timeNs(snapshot.endTime - snapshot.startTime, raw: rawNumber), 16))
            out.line("target_id: " + target)
            out.line("nr_regions: \(snapshot.regions.count)")
            out.line("# start_addr     end_addr        length  nr_accesses   age")
            for r in snapshot.regions {
                line.clear()
                line.newline()
                line.hex(r.start, width: 12)
                line.byte(0x2d)
                line.hex(r.end, width: 12)
                line.ascii(" (")
                line.padded(12) { UnitFormat.appendSize(r.size, raw: rawNumber, to: &$0) }
                line.ascii(") ")
                line.padded(11) { PyFormat.appendDecimal(r.samples ?? -1, to: &$0) }
                line.byte(0x20)
                line.padded(5) { PyFormat.appendDecimal(r.aggrIntervals ?? -1, to: &$0) }
                line.flush(to: sink)
            }
            out.line("")
        }

        public mutating func finish() { out.line("") }
    }
}

/// One output line assembled as bytes: hex and padding without String
/// churn, for the millions of region lines of big records.
struct ByteLine {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(96) }

    mutating func clear() { bytes.removeAll(keepingCapacity: true) }
    mutating func newline() { bytes.append(0x0a) }
    mutating func byte(_ b: UInt8) { bytes.append(b) }
    mutating func ascii(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// '%0Wx'
    mutating func hex(_ value: Int, width: Int) {
        var digits: (UInt64, UInt64) = (0, 0)
        var count = 0
        var v = UInt(bitPattern: value)
        if value < 0 {
            bytes.append(0x2d)
            v = UInt(bitPattern: -value)
        }
        withUnsafeMutableBytes(of: &digits) { buf in
            repeat {
                let nibble = UInt8(truncatingIfNeeded: v & 0xf)
                buf[15 - count] = nibble < 10 ? 0x30 + nibble : 0x57 + nibble
                count += 1
                v >>= 4
            } while v != 0
            for _ in count..<max(width, count) { bytes.append(0x30) }
            bytes.append(contentsOf: buf[(16 - count)...])
        }
    }

    /// '%Ws' of what `append` writes: right-aligned (ASCII).
    mutating func padded(_ width: Int, _ append: (inout [UInt8]) -> Void) {
        let at = bytes.count
        append(&bytes)
        let n = bytes.count - at
        if n < width {
            bytes.insert(contentsOf: repeatElement(0x20, count: width - n), at: at)
        }
    }

    /// '%Ws': right-aligned (the texts are ASCII).
    mutating func padded(_ s: String, _ width: Int) {
        var t = s
        t.withUTF8 { u in
            for _ in u.count..<max(width, u.count) { bytes.append(0x20) }
            bytes.append(contentsOf: u)
        }
    }

    func flush(to sink: TextSink) {
        bytes.withUnsafeBufferPointer { sink.write(bytes: $0) }
    }
}
