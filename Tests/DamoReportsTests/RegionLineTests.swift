import Testing
@testable import DamonModel
@testable import DamoReports

/// The raw form's region line, written in place, against the general
/// formatters it replaces (`UnitFormat.appendSize`, Python's '%d').
@Suite struct RegionLineTests {
    func line(_ r: Region, raw: Bool = false) -> String {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: RegionLine.maxBytes)
        defer { p.deallocate() }
        let n = RegionLine.write(r, raw: raw, to: p)
        #expect(n <= RegionLine.maxBytes)
        return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }

    func size(_ sz: Int) -> String {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 64)
        defer { p.deallocate() }
        let n = RegionLine.size(sz, raw: false, width: 0, to: p)
        return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }

    func general(_ sz: Int) -> String {
        var bytes: [UInt8] = []
        UnitFormat.appendSize(sz, raw: false, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Every unit's edges, ties at half a thousandth (rounded to even),
    /// page multiples, random sizes, and those past 2^53 (the general way).
    @Test func sizesAreTheGeneralFormatters() {
        var sizes = [0, 1, 1023, 1024, 1025, 4096, 4097, 1 << 53 - 1, 1 << 53, 1 << 62, Int.max]
        for shift in stride(from: 10, through: 60, by: 10) {
            let unit = 1 << shift
            sizes += [unit - 1, unit, unit + 1, 2 * unit, 7 * unit]
            if shift <= 50 { sizes.append(1023 * unit) }
            // Ties at the third decimal (odd multiples of unit / 16).
            sizes += [17 << (shift - 4), 19 << (shift - 4), 16_383 << (shift - 4)]
            // Rounding that carries a digit: 999.9999 of a unit is 1000.000.
            if shift >= 20 && shift <= 40 { sizes += [(1000 << shift) - 1, (1000 << shift) - (1 << (shift - 12))] }
        }
        for i in 1...2000 { sizes.append(i * 4096) }
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20_000 { sizes.append(Int.random(in: 0...(1 << 55), using: &rng)) }
        for _ in 0..<2_000 { sizes.append(Int.random(in: 0...Int.max, using: &rng)) }
        for sz in sizes where size(sz) != general(sz) {
            Issue.record("\(sz): \(size(sz)) != \(general(sz))")
            break
        }
        // Python: '%.3f' % 1.0625 == '1.062', '%.3f' % 1.1875 == '1.188'.
        #expect(size(17 << 16) == "1.062 MiB")
        #expect(size(19 << 16) == "1.188 MiB")
    }

    @Test func linesAreDamosLayout() {
        #expect(line(Region(start: 0x1000, end: 0x3000, samples: 3, aggrIntervals: nil))
                == "\n000000001000-000000003000 (   8.000 KiB)           3    -1")
        #expect(line(Region(start: 0x7f00_0000_0000, end: 0x7f00_0040_0000, samples: 12_345_678_901, aggrIntervals: 123_456), raw: true)
                == "\n7f0000000000-7f0000400000 (     4194304) 12345678901 123456")
        // Wider than the columns: nothing cut.
        #expect(line(Region(start: Int.max - 4096, end: Int.max, samples: nil, aggrIntervals: Int.max))
                == "\n7fffffffffffefff-7fffffffffffffff (   4.000 KiB)          -1 9223372036854775807")
        // A size whose rounding carries a digit fills the column.
        #expect(line(Region(start: 0, end: (1000 << 20) - 1, samples: 0, aggrIntervals: 0))
                == "\n000000000000-00003e7fffff (1000.000 MiB)           0     0")
        #expect(line(Region(start: 0, end: (999 << 20), samples: 0, aggrIntervals: 0))
                == "\n000000000000-00003e700000 ( 999.000 MiB)           0     0")
        #expect(line(Region(start: 0, end: 0, samples: 0, aggrIntervals: 0))
                == "\n000000000000-000000000000 (         0 B)           0     0")
    }
}
