import DamoPlatform
import Testing
@testable import DamonModel
@testable import DamonRecords

/// A record spilled and read back is the same record, value for value,
/// however many times it is read; a damaged spill is an error.
@Suite struct RecordSpillTests {
    /// sampleRecords and what they lack: float and huge times, float
    /// percents and ages, unset values, regions out of order and
    /// overlapping, an empty snapshot.
    static func records() -> [Record] {
        var records = sampleRecords()
        var odd = Region(start: 1 << 40, end: (1 << 40) + 4096, samples: nil, aggrIntervals: 7, szFilterPassed: nil)
        odd.percent = .float(12.5)
        odd.usec = .float(2.5)
        var bigPercent = Region(start: 0, end: 8192, samples: 3, aggrIntervals: nil)
        bigPercent.percent = .int(Int128(1) << 70)
        let regions = [odd, Region(start: 4096, end: 8192), bigPercent, Region(start: 12288, end: 12288)]
        var third = Record(targetId: TargetID(3))
        third.snapshots = [
            Snapshot(startTime: .float(0.5), endTime: .int(Int128(1) << 80), regions: regions),
            Snapshot(startTime: .int(-5), endTime: .int(Int128.max), regions: [], totalBytes: 77),
        ]
        records.append(third)
        return records
    }

    func spilled(_ records: [Record]) throws -> RecordSpill {
        let spill = try RecordSpill(name: "spill-test")
        for r in records {
            var header = r
            header.snapshots = []
            try spill.add(header: header)
            for s in r.snapshots { try spill.add(s) }
        }
        try spill.finish()
        return spill
    }

    func readBack(_ spill: RecordSpill) throws -> [Record] {
        var records: [Record] = []
        try spill.replay { header, snapshot in
            if let snapshot { records[records.count - 1].snapshots.append(snapshot) } else { records.append(header) }
        }
        return records
    }

    @Test func valuesComeBackExactly() throws {
        let original = Self.records()
        let spill = try spilled(original)
        for _ in 0..<2 {
            let back = try readBack(spill)
            #expect(back.count == original.count)
            for (r, b) in zip(original, back) {
                #expect(r.targetId == b.targetId && r.intervals == b.intervals && r.kdamondIdx == b.kdamondIdx)
                #expect(r.dataSource == b.dataSource && r.schemeFilters == b.schemeFilters)
                #expect(r.snapshots.count == b.snapshots.count)
                for (s, t) in zip(r.snapshots, b.snapshots) {
                    #expect(s.startTime == t.startTime && s.endTime == t.endTime)
                    #expect(s.totalBytes == t.totalBytes)
                    #expect(s.damosStats == t.damosStats && s.sampleIntervalUs == t.sampleIntervalUs)
                    #expect(s.regions == t.regions)
                    #expect(s.regions.map(\.percent) == t.regions.map(\.percent))
                    #expect(s.regions.map(\.usec) == t.regions.map(\.usec))
                }
            }
        }
    }

    @Test func damagedSpillIsAnError() throws {
        let spill = try spilled(Self.records())
        #expect(ftruncate(spill.file.fd, off_t(spill.file.size / 2)) == 0)
        #expect(throws: RecordFileError.self) { try readBack(spill) }
        #expect(ftruncate(spill.file.fd, 0) == 0)
        let garbage: [UInt8] = [2, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]
        #expect(garbage.withUnsafeBytes { pwrite(spill.file.fd, $0.baseAddress, $0.count, 0) } == garbage.count)
        #expect(throws: RecordFileError.self) { try readBack(spill) }
    }
}
