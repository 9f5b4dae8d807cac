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
        /// Region lines are hundreds of millions in a long record: they
        /// are written in place and handed to the sink in large pieces.
        let batch = ByteBatch()
        var first = true
        var record = Record()
        var target = "None"
        var base: PyNum? = nil

        public init(rawNumber: Bool, sink: TextSink) {
            self.rawNumber = rawNumber
            self.sink = sink
        }

        public mutating func beginRecord(_ header: Record) {
            record = header
            target = header.targetId.map { $0.description } ?? "None"
            base = nil
        }

        /// A line, after a newline unless it is the report's first.
        mutating func line(_ text: String) {
            if !first { batch.append(0x0a, sink) }
            first = false
            batch.append(text, sink)
        }

        public mutating func add(_ snapshot: Snapshot) {
            let base: PyNum
            if let b = self.base {
                base = b
            } else {
                base = snapshot.startTime
                self.base = base
                line("base_time_absolute: " + UnitFormat.timeNs(base, raw: rawNumber))
                line("data source: \(record.dataSource)\n")
            }
            line("monitoring_start:    " + PyFormat.padLeft(UnitFormat.timeNs(snapshot.startTime - base, raw: rawNumber), 16))
            line("monitoring_end:      " + PyFormat.padLeft(UnitFormat.timeNs(snapshot.endTime - base, raw: rawNumber), 16))
            line("monitoring_duration: " + PyFormat.padLeft(UnitFormat.timeNs(snapshot.endTime - snapshot.startTime, raw: rawNumber), 16))
            line("target_id: " + target)
            line("nr_regions: \(snapshot.regions.count)")
            line("# start_addr     end_addr        length  nr_accesses   age")
            for r in snapshot.regions {
                let p = batch.room(RegionLine.maxBytes, sink)
                batch.count += RegionLine.write(r, raw: rawNumber, to: p)
            }
            line("")
        }

        public mutating func finish() {
            line("")
            batch.flush(to: sink)
        }
    }
}

/// One region's line of the raw form, `\n%012x-%012x (%12s) %11d %5d`,
/// written byte by byte.
enum RegionLine {
    /// The longest line: two 16-digit addresses with signs, a 12-wide size
    /// of at most 21 bytes, two 20-byte numbers and the punctuation.
    static let maxBytes = 128

    /// Writes the line at p; how many bytes it took.
    static func write(_ r: Region, raw: Bool, to p: UnsafeMutablePointer<UInt8>) -> Int {
        var at = 0
        p[at] = 0x0a
        at += 1
        at += hex(r.start, width: 12, to: p + at)
        p[at] = 0x2d
        at += 1
        at += hex(r.end, width: 12, to: p + at)
        p[at] = 0x20
        p[at + 1] = 0x28
        at += 2
        at += size(r.size, raw: raw, width: 12, to: p + at)
        p[at] = 0x29
        p[at + 1] = 0x20
        at += 2
        at += decimal(r.samples ?? -1, width: 11, to: p + at)
        p[at] = 0x20
        at += 1
        at += decimal(r.aggrIntervals ?? -1, width: 5, to: p + at)
        return at
    }

    /// Spaces before a text of `length` bytes in a field of `width`.
    static func pad(_ length: Int, _ width: Int, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        guard length < width else { return 0 }
        p.update(repeating: 0x20, count: width - length)
        return width - length
    }

    /// '%0Wx', a negative value as '-' and its magnitude's digits padded.
    static func hex(_ value: Int, width: Int, to p: UnsafeMutablePointer<UInt8>) -> Int {
        var at = 0
        if value < 0 {
            p[0] = 0x2d
            at = 1
        }
        let v = value.magnitude
        let digits = max(1, (UInt.bitWidth - v.leadingZeroBitCount + 3) / 4)
        let total = max(width, digits)
        for i in 0..<(total - digits) { p[at + i] = 0x30 }
        var x = v
        var i = at + total - 1
        for _ in 0..<digits {
            let nibble = UInt8(truncatingIfNeeded: x & 0xf)
            p[i] = nibble < 10 ? 0x30 + nibble : 0x57 + nibble
            x >>= 4
            i -= 1
        }
        return at + total
    }

    static func digitCount(_ v: UInt) -> Int {
        var n = 1
        var t = v
        while t >= 10 {
            t /= 10
            n += 1
        }
        return n
    }

    /// The `digits` decimal digits of v, ending before `end`.
    static func digits(_ v: UInt, _ digits: Int, before end: UnsafeMutablePointer<UInt8>) {
        var x = v
        for i in 1...digits {
            end[-i] = 0x30 + UInt8(truncatingIfNeeded: x % 10)
            x /= 10
        }
    }

    /// '%Wd'.
    static func decimal(_ v: Int, width: Int, to p: UnsafeMutablePointer<UInt8>) -> Int {
        let n = digitCount(v.magnitude)
        let length = v < 0 ? n + 1 : n
        let at = pad(length, width, p)
        if v < 0 { p[at] = 0x2d }
        digits(v.magnitude, n, before: p + at + length)
        return at + length
    }

    static let units: [(shift: Int, name: (UInt8, UInt8, UInt8))] = [
        (60, (0x45, 0x69, 0x42)), (50, (0x50, 0x69, 0x42)), (40, (0x54, 0x69, 0x42)),
        (30, (0x47, 0x69, 0x42)), (20, (0x4d, 0x69, 0x42)), (10, (0x4b, 0x69, 0x42)),
    ]

    /// '%Ws' of `UnitFormat.appendSize`.  Below 2^53 bytes a size divided
    /// by its unit (a power of two) is exact, so '%.3f' of it is the
    /// integer size * 1000 >> shift rounded half to even, as Python rounds
    /// the exact value.  Other sizes go the general way.
    static func size(_ sz: Int, raw: Bool, width: Int, to p: UnsafeMutablePointer<UInt8>) -> Int {
        if raw { return decimal(sz, width: width, to: p) }
        guard sz >= 0 && sz < 1 << 53 else {
            var bytes: [UInt8] = []
            UnitFormat.appendSize(sz, raw: false, to: &bytes)
            let n = min(bytes.count, 32)
            let at = pad(n, width, p)
            for i in 0..<n { p[at + i] = bytes[i] }
            return at + n
        }
        guard let unit = units.first(where: { sz > 1 << $0.shift }) else {
            let n = digitCount(UInt(sz))
            let at = pad(n + 2, width, p)
            digits(UInt(sz), n, before: p + at + n)
            p[at + n] = 0x20
            p[at + n + 1] = 0x42
            return at + n + 2
        }
        // (sz over a power of two is exact: '%.3f' of it is fixed3's.  It
        // is written first, then moved right by the padding, as rounding
        // can carry a digit: 999.9999 MiB is 1000.000 MiB.)
        let n = fixed3(Double(sz) / Double(1 << unit.shift), to: p)
        let spaces = max(0, width - (n + 4))
        if spaces > 0 {
            UnsafeMutableRawPointer(p + spaces).copyMemory(from: p, byteCount: n)
            p.update(repeating: 0x20, count: spaces)
        }
        let at = spaces + n
        p[at] = 0x20
        p[at + 1] = unit.name.0
        p[at + 2] = unit.name.1
        p[at + 3] = unit.name.2
        return at + 4
    }

    /// '%.3f' % d for 1 <= |d| < 2^52, by integers: the exact binary value
    /// times 1000, rounded half to even (as printf); 0 (nothing written)
    /// for other values.
    static func fixed3(_ d: Double, to p: UnsafeMutablePointer<UInt8>) -> Int {
        let magnitude = d.magnitude
        guard magnitude >= 1 && magnitude < 0x1p52 else { return 0 }
        let k = UInt64(52 - Int(magnitude.exponent))
        let scaled = (magnitude.significandBitPattern | (1 << 52)) &* 1000
        var q = scaled >> k
        let rest = scaled & ((1 << k) - 1)
        let half: UInt64 = 1 << (k - 1)
        if rest > half || (rest == half && q & 1 == 1) { q += 1 }
        var at = 0
        if d < 0 {
            p[0] = 0x2d
            at = 1
        }
        let whole = UInt(q / 1000), frac = Int(q % 1000)
        let n = digitCount(whole)
        digits(whole, n, before: p + at + n)
        at += n
        p[at] = 0x2e
        p[at + 1] = 0x30 + UInt8(frac / 100)
        p[at + 2] = 0x30 + UInt8(frac / 10 % 10)
        p[at + 3] = 0x30 + UInt8(frac % 10)
        return at + 4
    }
}
