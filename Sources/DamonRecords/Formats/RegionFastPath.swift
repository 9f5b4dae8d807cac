import DamonModel

/// Regions are nearly all of a record's bytes, and damo writes them in one
/// fixed shape.  This reads that shape straight from the tokenizer's
/// buffer; anything else (escapes, floats, unknown keys, a region split by
/// the buffer's end) returns nil with nothing consumed, and the general
/// reader takes over and reports errors precisely.
extension JSONTokenizer {
    mutating func fastRegion() -> Region? {
        guard expect == .valueOrEnd || expect == .commaOrEnd, (try? available(2048)) == true else { return nil }
        var sc = RegionScanner(p: buf + pos, limit: buf + end)
        if expect == .commaOrEnd && !sc.take(0x2c) { return nil }
        guard sc.take(0x7b) else { return nil }
        var region = Region(start: 0, end: 0)
        var sawStart = false, sawEnd = false
        var szFilterPassed: Int? = nil
        var percent = 0
        while true {
            guard let k = sc.key() else { return nil }
            if sc.equals(k, "start") {
                guard case let v?? = sc.integer() else { return nil }
                region.start = v
                sawStart = true
            } else if sc.equals(k, "end") {
                guard case let v?? = sc.integer() else { return nil }
                region.end = v
                sawEnd = true
            } else if sc.equals(k, "nr_accesses") || sc.equals(k, "age") {
                let isAccesses = k.count == 11
                if isAccesses { region.hasAccessInfo = true }
                guard sc.take(0x7b) else { return nil }
                while true {
                    guard let sub = sc.key(), let v = sc.integer() else { return nil }
                    if isAccesses && sc.equals(sub, "samples") {
                        region.samples = v
                    } else if isAccesses && sc.equals(sub, "percent") {
                        region.percent = v.map { PyNum($0) }
                        percent = v ?? 0
                    } else if !isAccesses && sc.equals(sub, "usec") {
                        region.usec = v.map { PyNum($0) }
                    } else if !isAccesses && sc.equals(sub, "aggr_intervals") {
                        region.aggrIntervals = v
                    } else {
                        return nil
                    }
                    if sc.take(0x2c) { continue }
                    guard sc.take(0x7d) else { return nil }
                    break
                }
            } else if sc.equals(k, "sz_filter_passed") {
                guard let v = sc.integer() else { return nil }
                szFilterPassed = v
            } else if sc.equals(k, "probe_hits") {
                guard sc.take(0x5b), sc.take(0x5d) else { return nil }
            } else {
                return nil
            }
            if sc.take(0x2c) { continue }
            guard sc.take(0x7d) else { return nil }
            break
        }
        guard sawStart && sawEnd else { return nil }
        if region.hasAccessInfo { region.szFilterPassed = szFilterPassed ?? 0 }
        // Out of RecordLimits: the general reader says what is wrong.
        // (Numbers here are below 10^18, never negative.)
        guard region.end >= region.start, (region.samples ?? 0) <= RecordLimits.maxCount,
              (region.aggrIntervals ?? 0) <= RecordLimits.maxCount, percent <= RecordLimits.maxCount * 100
        else { return nil }

        // Commit: keep line numbers right for later error messages.
        line += sc.newlines
        if let nl = sc.lastNewline { lineStart = discarded + (nl - buf) + 1 }
        pos = sc.p - buf
        expect = .commaOrEnd
        return region
    }
}

/// A cursor over the tokenizer's buffer; a struct so that its position
/// needs no dynamic exclusivity checks.
struct RegionScanner {
    var p: UnsafeMutablePointer<UInt8>
    let limit: UnsafeMutablePointer<UInt8>

    var newlines = 0
    var lastNewline: UnsafeMutablePointer<UInt8>? = nil

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
