import DamoTestSupport
import Foundation
import Testing
@testable import DamonModel
@testable import DamonRecords

/// The shared test support's temporary directory, under the name these
/// tests use.
typealias TempDir = TemporaryDirectory

func readBytes(_ path: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
}

func writeBytes(_ bytes: [UInt8], _ path: String) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

func writeText(_ text: String, _ path: String) throws { try writeBytes(Array(text.utf8), path) }

/// Records exercising most fields: two targets, intervals with a goal,
/// scheme filters, damos stats, percents, ages, probe hits.
func sampleRecords() -> [Record] {
    let goal = IntervalsGoal(accessBp: .int(400), aggrs: .int(3), minSampleUs: .int(5000), maxSampleUs: .int(10_000_000))
    let intervals = Intervals(sample: .int(5000), aggr: .int(100_000), opsUpdate: .int(1_000_000), goal: goal)
    var filters = [
        DamosFilter(filterType: "anon", matching: true, allow: true),
        DamosFilter(filterType: "memcg", matching: false, allow: false, memcgPath: "/workload"),
        DamosFilter(filterType: "addr", matching: true, allow: false, addressRange: Region(start: 4096, end: 1 << 30)),
        DamosFilter(filterType: "target", matching: true, allow: true, damonTargetIdx: .int(1)),
    ]
    filters.append(DamosFilter(filterType: "hugepage_size", matching: true, hugepageSize: [.int(2 << 20), .int(1 << 30)]))
    var first = Record(intervals: intervals, targetId: TargetID(.int(18_446_623_438_842_320_000)),
                       schemeFilters: filters)
    let base = 539_809_434_100
    for i in 0..<3 {
        var regions: [Region] = []
        for j in 0..<4 {
            let start = 94_827_419_009_024 + j * 4_141_056
            var r = Region(start: start, end: start + 4_141_056, samples: (i + j) % 21, aggrIntervals: i * j,
                           szFilterPassed: j * 4096, probeHits: j == 1 ? [1, 0, 3] : [])
            if j == 2 {
                r.percent = .int(Int128(5 * i))
                r.usec = .int(Int128(i * 100_000))
            }
            regions.append(r)
        }
        var s = Snapshot(startTime: .int(Int128(base + i * 104_599_000)),
                         endTime: .int(Int128(base + (i + 1) * 104_599_000)), regions: regions)
        if i == 1 {
            var st = DamosStats()
            st.nrTried = .int(4); st.szTried = .int(1 << 20); st.nrApplied = .int(2)
            st.szApplied = .int(8192); st.qtExceeds = .int(1)
            s.damosStats = st
            s.sampleIntervalUs = .int(5000)
        }
        first.snapshots.append(s)
    }
    var second = Record(kdamondIdx: 1, contextIdx: 2, schemeIdx: 3, targetId: TargetID(7), dataSource: "damon_stat")
    second.snapshots.append(Snapshot(startTime: .int(1_000), endTime: .int(2_000),
                                     regions: [Region(start: 0, end: 4096, samples: 0, aggrIntervals: nil)]))
    return [first, second]
}

/// Compares what a record file can carry.  `format` limits the comparison
/// to what that format stores: trace text has only end times, target ids,
/// ranges, nr_accesses samples and ages.
func expectSameRecords(_ a: [Record], _ b: [Record], format: RecordFormat = .json,
                       sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(a.count == b.count, "record count", sourceLocation: sourceLocation)
    for (x, y) in zip(a, b) {
        // Trace text has no "no target id": ours writes 0 (damo: "None",
        // which it cannot read back).
        let target = format == .perfScript ? (x.targetId ?? TargetID(0)) : x.targetId
        #expect(target == y.targetId, sourceLocation: sourceLocation)
        #expect(x.snapshots.count == y.snapshots.count, "snapshot count", sourceLocation: sourceLocation)
        if format != .perfScript {
            #expect(x.kdamondIdx == y.kdamondIdx && x.contextIdx == y.contextIdx, sourceLocation: sourceLocation)
            #expect(x.schemeIdx == y.schemeIdx && x.dataSource == y.dataSource, sourceLocation: sourceLocation)
            #expect(x.intervals == y.intervals, sourceLocation: sourceLocation)
            #expect(x.schemeFilters == y.schemeFilters, sourceLocation: sourceLocation)
        }
        for (i, (s, t)) in zip(x.snapshots, y.snapshots).enumerated() {
            // Trace text keeps end times only, in microseconds ('%f' of
            // seconds), and damo estimates the first start time.
            // JSON keeps times as '%d' (the estimated, float first start of
            // a trace-based record loses its fraction, as with damo).
            let time = format == .perfScript ? traceTime : { PyNum.int($0.truncated) }
            if format != .perfScript || i > 0 {
                #expect(time(s.startTime) == t.startTime, "start of snapshot \(i)", sourceLocation: sourceLocation)
            }
            #expect(time(s.endTime) == t.endTime, "end of snapshot \(i)", sourceLocation: sourceLocation)
            #expect(s.totalBytes == t.totalBytes, sourceLocation: sourceLocation)
            if format != .perfScript {
                #expect(s.damosStats == t.damosStats, sourceLocation: sourceLocation)
                #expect(s.sampleIntervalUs == t.sampleIntervalUs, sourceLocation: sourceLocation)
            }
            #expect(s.regions.count == t.regions.count, sourceLocation: sourceLocation)
            for (r, q) in zip(s.regions, t.regions) {
                expectSameRegion(r, q, format: format, sourceLocation: sourceLocation)
            }
        }
    }
}

/// A time after a trip through trace text, as python damo computes it:
/// int(float('%f' % (ns / 1e9)) * 1e9).
func traceTime(_ ns: PyNum) -> PyNum {
    let text = PyFormat.fixed(ns.double / 1_000_000_000.0, 6)
    return .int(Int128(PyNum.float(Double(text)! * 1_000_000_000).int))
}

func expectSameRegion(_ r: Region, _ q: Region, format: RecordFormat, sourceLocation: SourceLocation) {
    #expect(r.start == q.start && r.end == q.end, sourceLocation: sourceLocation)
    #expect(r.samples == q.samples && r.aggrIntervals == q.aggrIntervals, sourceLocation: sourceLocation)
    guard format != .perfScript else { return }
    #expect(r.hasAccessInfo == q.hasAccessInfo, sourceLocation: sourceLocation)
    #expect(r.percent == q.percent && r.usec == q.usec, sourceLocation: sourceLocation)
    #expect(r.szFilterPassed == q.szFilterPassed && r.probeHits == q.probeHits, sourceLocation: sourceLocation)
}

/// Reads must fail with a one-line RecordFileError naming the file.
@discardableResult
func expectRecordFileError(_ path: String, _ what: String = "",
                           sourceLocation: SourceLocation = #_sourceLocation) -> String? {
    do {
        let records = try RecordFile.read(path: path)
        Issue.record("\(what): read \(records.count) records instead of failing", sourceLocation: sourceLocation)
        return nil
    } catch let e as RecordFileError {
        let text = e.description
        #expect(text.hasPrefix(path + ": "), "\(what): \(text)", sourceLocation: sourceLocation)
        #expect(!text.contains("\n"), "\(what): \(text)", sourceLocation: sourceLocation)
        #expect(text.count > path.count + 5, sourceLocation: sourceLocation)
        return text
    } catch {
        Issue.record("\(what): not a RecordFileError: \(type(of: error)) \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// Runs a program; returns its exit status, stdout and stderr.
func run(_ program: String, _ args: [String]) throws -> (Int32, String, String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: program)
    p.arguments = args
    p.currentDirectoryURL = URL(fileURLWithPath: NSTemporaryDirectory())
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
}
