import DamonModel
#if canImport(Glibc)
import Glibc
#endif

/// Regions are nearly all of a record's bytes, and damo writes them in one
/// fixed shape.  This reads that shape straight from the tokenizer's
/// buffer; anything else (escapes, floats, unknown keys, a region split by
/// the buffer's end) returns nil with nothing consumed, and the general
/// reader takes over and reports errors precisely.
extension JSONTokenizer {
    mutating func fastRegion() -> Region? {
        guard expect == .valueOrEnd || expect == .commaOrEnd, (try? available(2048)) == true else { return nil }
        let skeleton = regionSkeleton
        if expect == .commaOrEnd && skeleton.count >= 0 {
            var sc = RegionScanner(p: buf + pos, limit: buf + end)
            if let values = sc.follow(skeleton), let region = values.region { return commit(region, sc) }
        }
        var sc = RegionScanner(p: buf + pos, limit: buf + end)
        // The regions after a list's first are learned from: their leading
        // comma belongs to the skeleton.
        let learning = expect == .commaOrEnd && skeleton.relearns < RegionSkeleton.maxRelearns
        let from = sc.p
        if expect == .commaOrEnd && !sc.take(0x2c) { return nil }
        guard sc.take(0x7b) else { return nil }
        var values = RegionValues()
        values.marking = learning
        while true {
            guard let k = sc.key() else { return nil }
            if sc.equals(k, "start") {
                guard sc.number(.start, into: &values) else { return nil }
            } else if sc.equals(k, "end") {
                guard sc.number(.end, into: &values) else { return nil }
            } else if sc.equals(k, "nr_accesses") || sc.equals(k, "age") {
                let isAccesses = k.count == 11
                if isAccesses { values.hasAccessInfo = true }
                guard sc.take(0x7b) else { return nil }
                while true {
                    guard let sub = sc.key() else { return nil }
                    let field: RegionSkeleton.Field
                    if isAccesses && sc.equals(sub, "samples") {
                        field = .samples
                    } else if isAccesses && sc.equals(sub, "percent") {
                        field = .percent
                    } else if !isAccesses && sc.equals(sub, "usec") {
                        field = .usec
                    } else if !isAccesses && sc.equals(sub, "aggr_intervals") {
                        field = .aggrIntervals
                    } else {
                        return nil
                    }
                    guard sc.number(field, into: &values) else { return nil }
                    if sc.take(0x2c) { continue }
                    guard sc.take(0x7d) else { return nil }
                    break
                }
            } else if sc.equals(k, "sz_filter_passed") {
                guard sc.number(.szFilterPassed, into: &values) else { return nil }
            } else if sc.equals(k, "probe_hits") {
                guard sc.take(0x5b), sc.take(0x5d) else { return nil }
            } else {
                return nil
            }
            if sc.take(0x2c) { continue }
            guard sc.take(0x7d) else { return nil }
            break
        }
        guard let region = values.region else { return nil }
        if learning { regionSkeleton.learn(from: from, to: sc.p, values.marks) }
        return commit(region, sc)
    }

    /// Moves past a region the scanner read, keeping line numbers right
    /// for later error messages.
    mutating func commit(_ region: Region, _ sc: RegionScanner) -> Region {
        line += sc.newlines
        if let nl = sc.lastNewline { lineStart = discarded + (nl - buf) + 1 }
        pos = sc.p - buf
        expect = .commaOrEnd
        return region
    }
}

/// What one region's numbers said, in the order read (a repeated key's
/// last value counts, as in the general reader), and where they were.
struct RegionValues {
    var start: Int? = nil
    var end: Int? = nil
    var samples: Int?? = .none
    var percent: Int?? = .none
    var usec: Int?? = .none
    var aggrIntervals: Int?? = .none
    var szFilterPassed: Int?? = .none
    var hasAccessInfo = false
    /// Where each number began and ended, and which it was (kept only
    /// while a skeleton is learned).
    struct Mark {
        let start: UnsafeMutablePointer<UInt8>, end: UnsafeMutablePointer<UInt8>
        let field: RegionSkeleton.Field
    }
    var marks: [Mark] = []
    var marking = false

    mutating func set(_ field: RegionSkeleton.Field, _ v: Int?) -> Bool {
        switch field {
        case .start: guard let v else { return false }; start = v
        case .end: guard let v else { return false }; end = v
        case .samples: samples = .some(v)
        case .percent: percent = .some(v)
        case .usec: usec = .some(v)
        case .aggrIntervals: aggrIntervals = .some(v)
        case .szFilterPassed: szFilterPassed = .some(v)
        }
        return true
    }

    /// The region, if it is one the fast path may give (else the general
    /// reader says what is wrong).  Numbers here are below 10^18, never
    /// negative.
    var region: Region? {
        guard let start, let end, end >= start else { return nil }
        var region = Region(start: start, end: end)
        region.hasAccessInfo = hasAccessInfo
        if case let .some(v) = samples { region.samples = v }
        if case let .some(v) = percent { region.percent = v.map { PyNum($0) } }
        if case let .some(v) = usec { region.usec = v.map { PyNum($0) } }
        if case let .some(v) = aggrIntervals { region.aggrIntervals = v }
        if hasAccessInfo { region.szFilterPassed = (szFilterPassed ?? nil) ?? 0 }
        var percentValue = 0
        if case let .some(v?) = percent { percentValue = v }
        guard (region.samples ?? 0) <= RecordLimits.maxCount, (region.aggrIntervals ?? 0) <= RecordLimits.maxCount,
              percentValue <= RecordLimits.maxCount * 100
        else { return nil }
        return region
    }
}

/// The bytes around the numbers of a region, learned from one read the
/// long way: in a record every region is written alike (same keys, same
/// indentation), so the next one usually matches them byte for byte and
/// costs a few memcmp() and its numbers.  Owned by the tokenizer, which
/// frees it.
struct RegionSkeleton {
    enum Field: UInt8 { case start, end, samples, percent, usec, aggrIntervals, szFilterPassed }
    /// One literal and the number after it (none after the last).
    struct Piece {
        var offset = 0, count = 0
        var newlines = 0
        /// The offset of its last newline, or -1.
        var lastNewline = -1
        var field = Field.start
    }
    static let maxPieces = 16, maxBytes = 4096
    /// Learning again after a region that did not match (another layout)
    /// stops after this many, so odd records do not pay for it each time.
    static let maxRelearns = 256

    let pieces: UnsafeMutablePointer<Piece>
    let bytes: UnsafeMutablePointer<UInt8>
    /// Numbers in the skeleton (its pieces are one more); -1 before one
    /// is learned.
    var count = -1
    var hasAccessInfo = false
    var relearns = 0

    init() {
        pieces = .allocate(capacity: Self.maxPieces)
        pieces.initialize(repeating: Piece(), count: Self.maxPieces)
        bytes = .allocate(capacity: Self.maxBytes)
    }

    func deallocate() {
        pieces.deallocate()
        bytes.deallocate()
    }

    /// Learns the region between `from` and `to` whose numbers are at `marks`.
    mutating func learn(from: UnsafeMutablePointer<UInt8>, to: UnsafeMutablePointer<UInt8>,
                        _ marks: [RegionValues.Mark]) {
        relearns += 1
        count = -1
        guard marks.count < Self.maxPieces, to - from <= Self.maxBytes else { return }
        var used = 0, literalStart = from, access = false
        for i in 0...marks.count {
            let literalEnd = i < marks.count ? marks[i].start : to
            let n = literalEnd - literalStart
            (bytes + used).update(from: literalStart, count: n)
            var piece = Piece(offset: used, count: n)
            for j in 0..<n where literalStart[j] == 0x0a {
                piece.newlines += 1
                piece.lastNewline = j
            }
            if i < marks.count {
                piece.field = marks[i].field
                if piece.field == .samples || piece.field == .percent { access = true }
                literalStart = marks[i].end
            }
            pieces[i] = piece
            used += n
        }
        // (nr_accesses always holds a number on the fast path, so its
        // numbers tell whether it was there)
        hasAccessInfo = access
        count = marks.count
    }
}

/// A cursor over the tokenizer's buffer; a struct so that its position
/// needs no dynamic exclusivity checks.
struct RegionScanner {
    var p: UnsafeMutablePointer<UInt8>
    let limit: UnsafeMutablePointer<UInt8>

    var newlines = 0
    var lastNewline: UnsafeMutablePointer<UInt8>? = nil
    /// Where the last number began.
    var numberStart: UnsafeMutablePointer<UInt8>? = nil

    /// A number for `field`; false when there is none (or a null where
    /// a region's bounds must be).
    @inline(__always) mutating func number(_ field: RegionSkeleton.Field, into values: inout RegionValues) -> Bool {
        guard let v = integer(), values.set(field, v) else { return false }
        if values.marking { values.marks.append(.init(start: numberStart!, end: p, field: field)) }
        return true
    }

    /// The next region read along `skeleton`, or nil where it differs.
    mutating func follow(_ skeleton: RegionSkeleton) -> RegionValues? {
        var values = RegionValues()
        values.hasAccessInfo = skeleton.hasAccessInfo
        for i in 0...skeleton.count {
            let piece = skeleton.pieces[i]
            guard limit - p >= piece.count, memcmp(p, skeleton.bytes + piece.offset, piece.count) == 0 else {
                return nil
            }
            newlines += piece.newlines
            if piece.lastNewline >= 0 { lastNewline = p + piece.lastNewline }
            p += piece.count
            if i == skeleton.count { break }
            // (its skipSpace finds none: the literal ends where the number begins)
            guard let v = integer(), values.set(piece.field, v) else { return nil }
        }
        return values
    }

    /// Whitespace, eight bytes at a time: XOR with spaces leaves zero bytes
    /// for spaces, and the lowest non-zero byte is the first other one.
    @inline(__always) mutating func skipSpace() {
        while limit - p >= 8 {
            let w = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self) ^ 0x2020_2020_2020_2020
            if w == 0 {
                p += 8
                continue
            }
            p += w.trailingZeroBitCount >> 3
            let c = p.pointee
            if c == 0x0a {
                newlines += 1
                lastNewline = p
                p += 1
            } else if c == 0x09 || c == 0x0d {
                p += 1
            } else {
                return
            }
        }
        while p < limit {
            let c = p.pointee
            if c == 0x0a {
                newlines += 1
                lastNewline = p
            } else if c != 0x20 && c != 0x09 && c != 0x0d {
                return
            }
            p += 1
        }
    }

    @inline(__always) mutating func take(_ c: UInt8) -> Bool {
        skipSpace()
        guard p < limit && p.pointee == c else { return false }
        p += 1
        return true
    }
    /// A key: the bytes between quotes, no escapes.
    @inline(__always) mutating func key() -> UnsafeBufferPointer<UInt8>? {
        guard take(0x22) else { return nil }
        let start = p
        // Eight bytes at a time: find the closing quote, give up on a
        // backslash (escapes go the general way).
        while limit - p >= 8 {
            let w = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
            let quote = RegionScanner.zeroBytes(w ^ 0x2222_2222_2222_2222)
            let slash = RegionScanner.zeroBytes(w ^ 0x5c5c_5c5c_5c5c_5c5c)
            if quote == 0 && slash == 0 {
                p += 8
                continue
            }
            let qAt = quote.trailingZeroBitCount, sAt = slash.trailingZeroBitCount
            if sAt < qAt { return nil }
            p += qAt >> 3
            break
        }
        while p < limit && p.pointee != 0x22 {
            if p.pointee == 0x5c { return nil }
            p += 1
        }
        guard p < limit else { return nil }
        let k = UnsafeBufferPointer(start: UnsafePointer(start), count: p - start)
        p += 1
        guard take(0x3a) else { return nil }
        return k
    }
    /// High bit set in each zero byte of w (exact for the lowest one,
    /// which is all that is used).
    @inline(__always) static func zeroBytes(_ w: UInt64) -> UInt64 {
        (w &- 0x0101_0101_0101_0101) & ~w & 0x8080_8080_8080_8080
    }

    /// An integer, plain or as damo's text ("1,234", "4,096 B"), or null.
    @inline(__always) mutating func integer() -> Int?? {
        skipSpace()
        numberStart = p
        guard p < limit else { return nil }
        if p.pointee == 0x6e {
            guard limit - p >= 4, p[1] == 0x75, p[2] == 0x6c, p[3] == 0x6c else { return nil }
            p += 4
            return .some(nil)
        }
        let quoted = p.pointee == 0x22
        if quoted { p += 1 }
        var v = 0, digits = 0
        while p < limit {
            let c = p.pointee
            if c >= 0x30 && c <= 0x39 {
                guard digits < 18 else { return nil }
                v = v &* 10 &+ Int(c &- 0x30)
                digits += 1
            } else if c == 0x2c && quoted && digits > 0 {
                // grouping comma
            } else {
                break
            }
            p += 1
        }
        guard digits > 0 else { return nil }
        if quoted {
            if limit - p >= 2 && p[0] == 0x20 && p[1] == 0x42 { p += 2 }
            guard p < limit && p.pointee == 0x22 else { return nil }
            p += 1
        } else if p < limit && (p.pointee == 0x2e || p.pointee == 0x65 || p.pointee == 0x45) {
            return nil
        }
        return .some(v)
    }
    @inline(__always) func equals(_ k: UnsafeBufferPointer<UInt8>, _ s: StaticString) -> Bool {
        k.count == s.utf8CodeUnitCount && memcmpEqual(k.baseAddress, s.utf8Start, k.count)
    }

}
