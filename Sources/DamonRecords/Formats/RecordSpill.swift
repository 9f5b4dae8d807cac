import DamonModel

/// Records written once more, to an unnamed temporary file, in a compact
/// binary form, by a report that reads them in several passes (the
/// heatmap: bounds, heat, drawing): the first pass reads the record file
/// and spills it, the later ones read the spill, which costs a small part
/// of inflating and parsing JSON again.  Headers are kept in memory (a
/// few per file); each snapshot is one length-prefixed block of varints,
/// so memory holds one snapshot while the file grows with the record
/// (about 10 bytes per region).
public final class RecordSpill {
    let file: UnnamedFile
    var headers: [Record] = []
    var block = SpillEncoder()
    var out = SpillEncoder()
    /// Whether every record was spilled: only then can it be read.
    public private(set) var complete = false

    public init(name: String) throws {
        file = try UnnamedFile(name: name, purpose: "spill the record to read it again")
    }

    /// A record's header, as a pass gives it before its snapshots.
    public func add(header: Record) throws {
        out.byte(Tag.header)
        out.varint(UInt64(headers.count))
        headers.append(header)
    }

    /// The last header given, completed by the fields read after its
    /// snapshots (damo's `data_source`): what `replay` gives from then on.
    public func complete(header: Record) {
        precondition(!headers.isEmpty, "a header is completed after it was added")
        headers[headers.count - 1] = header
    }

    public func add(_ snapshot: Snapshot) throws {
        block.bytes.removeAll(keepingCapacity: true)
        block.snapshot(snapshot)
        out.byte(Tag.snapshot)
        out.varint(UInt64(block.bytes.count))
        out.bytes += block.bytes
        if out.bytes.count >= 1 << 20 { try flush() }
    }

    /// The spill is whole.
    public func finish() throws {
        out.byte(Tag.end)
        try flush()
        complete = true
    }

    func flush() throws {
        try out.bytes.withUnsafeBytes { try file.write($0) }
        out.bytes.removeAll(keepingCapacity: true)
    }

    /// A pass over the spill: each record's header with nil, then each
    /// of its snapshots with the header.  Snapshots are decoded where
    /// they lie in the read buffer.
    public func replay(_ body: (Record, Snapshot?) throws -> Void) throws {
        precondition(complete, "a spill is read only once written whole")
        var input = ReadBuffer(source: UnnamedFile.Reader(file: file), capacity: 1 << 20)
        var header = Record()
        func available(_ n: Int) throws -> UnsafeBufferPointer<UInt8> {
            if input.end - input.pos < n { try input.refill(n) }
            return UnsafeBufferPointer(start: input.buf + input.pos, count: min(n, input.end - input.pos))
        }
        do {
            while true {
                // A tag and a varint.
                var d = SpillDecoder(bytes: try available(11))
                switch try d.byte() {
                case Tag.header:
                    let index = try d.varint()
                    guard index < headers.count else { throw SpillDecoder.Corrupt() }
                    input.pos += d.at
                    header = headers[Int(index)]
                    try body(header, nil)
                case Tag.snapshot:
                    let length = try d.varint()
                    guard length <= UInt64(file.size) else { throw SpillDecoder.Corrupt() }
                    input.pos += d.at
                    var block = SpillDecoder(bytes: try available(Int(length)))
                    let snapshot = try block.snapshot()
                    guard block.at == Int(length) else { throw SpillDecoder.Corrupt() }
                    input.pos += block.at
                    try body(header, snapshot)
                case Tag.end:
                    return
                default:
                    throw SpillDecoder.Corrupt()
                }
            }
        } catch is SpillDecoder.Corrupt {
            throw corrupt()
        }
    }

    func corrupt() -> RecordFileError {
        RecordFileError(file.name, "the record's spill (\(file.size) bytes, unnamed, in $TMPDIR or /var/tmp) reads back wrong")
    }

    enum Tag {
        static let header: UInt8 = 1
        static let snapshot: UInt8 = 2
        static let end: UInt8 = 3
    }
}

/// A region's optional values present in its block, one bit each.
enum SpillRegionBits {
    static let accessInfo: UInt8 = 1
    static let samples: UInt8 = 2
    static let percent: UInt8 = 4
    static let usec: UInt8 = 8
    static let aggrIntervals: UInt8 = 16
    static let szFilterPassed: UInt8 = 32
    static let probeHits: UInt8 = 64
}

struct SpillEncoder {
    var bytes: [UInt8] = []

    mutating func byte(_ b: UInt8) { bytes.append(b) }

    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// Small magnitudes of either sign in few bytes.
    mutating func signed(_ value: Int) {
        varint(UInt64(bitPattern: Int64((value << 1) ^ (value >> 63))))
    }

    mutating func number(_ n: PyNum) {
        switch n {
        case .int(let i):
            if let small = Int(exactly: i) {
                byte(0)
                signed(small)
            } else {
                byte(2)
                varint(UInt64(truncatingIfNeeded: i))
                varint(UInt64(truncatingIfNeeded: i >> 64))
            }
        case .float(let f):
            byte(1)
            varint(f.bitPattern)
        }
    }

    mutating func optional(_ n: PyNum?) {
        if let n { number(n) } else { byte(3) }
    }

    mutating func snapshot(_ s: Snapshot) {
        number(s.startTime)
        number(s.endTime)
        if let total = s.totalBytes {
            byte(1)
            signed(total)
        } else {
            byte(0)
        }
        optional(s.sampleIntervalUs)
        if let st = s.damosStats {
            byte(1)
            for n in [st.nrTried, st.szTried, st.nrApplied, st.szApplied, st.szOpsFilterPassed,
                      st.qtExceeds, st.nrSnapshots, st.maxNrSnapshots] { number(n) }
        } else {
            byte(0)
        }
        varint(UInt64(s.regions.count))
        var previousEnd = 0
        for r in s.regions {
            signed(r.start &- previousEnd)
            signed(r.end &- r.start)
            previousEnd = r.end
            let samples = r.samples, percent = r.percent, usec = r.usec
            let aggr = r.aggrIntervals, passed = r.szFilterPassed
            var bits: UInt8 = r.hasAccessInfo ? SpillRegionBits.accessInfo : 0
            if samples != nil { bits |= SpillRegionBits.samples }
            if percent != nil { bits |= SpillRegionBits.percent }
            if usec != nil { bits |= SpillRegionBits.usec }
            if aggr != nil { bits |= SpillRegionBits.aggrIntervals }
            if passed != nil { bits |= SpillRegionBits.szFilterPassed }
            if !r.probeHits.isEmpty { bits |= SpillRegionBits.probeHits }
            byte(bits)
            if let samples { signed(samples) }
            if let percent { number(percent) }
            if let usec { number(usec) }
            if let aggr { signed(aggr) }
            if let passed { signed(passed) }
            if !r.probeHits.isEmpty {
                varint(UInt64(r.probeHits.count))
                for h in r.probeHits { signed(h) }
            }
        }
    }
}

/// Reads what SpillEncoder wrote; a block that ends early or holds what
/// the encoder never writes is an error, never a trap.
struct SpillDecoder {
    let bytes: UnsafeBufferPointer<UInt8>
    var at = 0

    struct Corrupt: Error {}

    mutating func byte() throws -> UInt8 {
        guard at < bytes.count else { throw Corrupt() }
        defer { at += 1 }
        return bytes[at]
    }

    mutating func varint() throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            guard shift < 64 else { throw Corrupt() }
            value |= UInt64(b & 0x7f) << shift
            if b < 0x80 { return value }
            shift += 7
        }
    }

    mutating func signed() throws -> Int {
        let v = try varint()
        return Int(Int64(bitPattern: (v >> 1) ^ (0 &- (v & 1))))
    }

    mutating func number() throws -> PyNum {
        guard let n = try optional() else { throw Corrupt() }
        return n
    }

    mutating func optional() throws -> PyNum? {
        switch try byte() {
        case 0: return PyNum(try signed())
        case 1: return .float(Double(bitPattern: try varint()))
        case 2:
            let low = try varint(), high = try varint()
            return .int(Int128(Int64(bitPattern: high)) << 64 | Int128(low))
        case 3: return nil
        default: throw Corrupt()
        }
    }

    mutating func snapshot() throws -> Snapshot {
        let start = try number(), end = try number()
        let total = try byte() == 1 ? try signed() : nil
        let sampleInterval = try optional()
        var stats: DamosStats? = nil
        if try byte() == 1 {
            var st = DamosStats()
            st.nrTried = try number()
            st.szTried = try number()
            st.nrApplied = try number()
            st.szApplied = try number()
            st.szOpsFilterPassed = try number()
            st.qtExceeds = try number()
            st.nrSnapshots = try number()
            st.maxNrSnapshots = try number()
            stats = st
        }
        let count = try varint()
        // Each region takes three bytes at least.
        guard count <= UInt64(bytes.count - at) / 3 else { throw Corrupt() }
        var regions: [Region] = []
        regions.reserveCapacity(Int(count))
        var previousEnd = 0
        for _ in 0..<count {
            let start = previousEnd &+ (try signed())
            let end = start &+ (try signed())
            previousEnd = end
            var r = Region(start: start, end: end)
            let bits = try byte()
            r.hasAccessInfo = bits & SpillRegionBits.accessInfo != 0
            if bits & SpillRegionBits.samples != 0 { r.samples = try signed() }
            if bits & SpillRegionBits.percent != 0 { r.percent = try number() }
            if bits & SpillRegionBits.usec != 0 { r.usec = try number() }
            if bits & SpillRegionBits.aggrIntervals != 0 { r.aggrIntervals = try signed() }
            if bits & SpillRegionBits.szFilterPassed != 0 { r.szFilterPassed = try signed() }
            if bits & SpillRegionBits.probeHits != 0 {
                let n = try varint()
                guard n <= UInt64(bytes.count - at) else { throw Corrupt() }
                r.probeHits = try (0..<n).map { _ in try signed() }
            }
            regions.append(r)
        }
        var s = Snapshot(startTime: start, endTime: end, regions: regions, damosStats: stats,
                         sampleIntervalUs: sampleInterval)
        s.totalBytes = total
        return s
    }
}
