import Foundation
import Testing
@testable import DamonModel
@testable import DamonRecords

/// Regions read along a learned skeleton (the bytes around the numbers of
/// the region before) must be exactly what the general reader makes of
/// them, whatever the layout, including layouts changing within a list.
@Suite struct RegionSkeletonTests {
    /// Region texts of several layouts: damo's indented one, one line, with
    /// and without `sz_filter_passed`, nulls, damo's text numbers, a
    /// repeated key (whose last value counts).
    static func region(_ i: Int, layout: Int) -> String {
        let start = i * 4096, end = i * 4096 + 4096 * (i % 7 + 1)
        switch layout {
        case 0:
            return """
                {
                                            "start": \(start),
                                            "end": \(end),
                                            "nr_accesses": {
                                                "samples": \(i % 21),
                                                "percent": \(i % 101)
                                            },
                                            "age": {
                                                "usec": \(i * 1000),
                                                "aggr_intervals": \(i % 13)
                                            },
                                            "sz_filter_passed": \(i % 3 * 4096)
                                        }
                """
        case 1:
            return #"{"start": \#(start), "end": \#(end), "nr_accesses": {"samples": \#(i % 5), "percent": null}, "age": {"usec": null, "aggr_intervals": \#(i)}}"#
        case 2:
            return #"{"start": "\#(grouped(start)) B", "end": \#(end), "#
                + #""nr_accesses": {"samples": \#(i % 9)}, "age": {"aggr_intervals": \#(i % 4)}, "probe_hits": []}"#
        default:
            return #"{"start": 1, "start": \#(start), "end": \#(end)}"#
        }
    }

    /// damo's text for a number: digits grouped by commas.
    static func grouped(_ n: Int) -> String {
        var digits = Array(String(n)), out = ""
        while digits.count > 3 { out = "," + String(digits.suffix(3)) + out; digits.removeLast(3) }
        return String(digits) + out
    }

    /// The same regions with every key spelled with an escape, which only
    /// the general reader takes: the oracle.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\"start\"", with: "\"st\\u0061rt\"")
            .replacingOccurrences(of: "\"end\"", with: "\"\\u0065nd\"")
    }

    static func file(_ regions: [String]) -> String {
        "[{\"intervals\": {\"sample_us\": 5000, \"aggr_us\": 100000, \"ops_update_us\": 1000000}, \"target_id\": 1,\n"
            + "\"snapshots\": [{\"start_time\": 0, \"end_time\": 100,\n\"regions\": [\n" + regions.joined(separator: ",\n")
            + "\n]}]}]\n"
    }

    func read(_ text: String) throws -> [Region] {
        let dir = TempDir()
        let path = dir.file("rec")
        try writeText(text, path)
        return try RecordFile.read(path: path)[0].snapshots[0].regions
    }

    @Test func changingLayoutsAreReadAsTheGeneralReaderReadsThem() throws {
        var regions: [String] = []
        // Runs of each layout, then layouts alternating region by region.
        for layout in 0..<4 { for _ in 0..<40 { regions.append(Self.region(regions.count, layout: layout)) } }
        for i in 0..<40 { regions.append(Self.region(regions.count, layout: i % 4)) }
        let fast = try read(Self.file(regions))
        let general = try read(Self.escaped(Self.file(regions)))
        #expect(fast.count == regions.count)
        #expect(general.count == fast.count)
        let differing = fast.indices.first { $0 < general.count && fast[$0] != general[$0] }
        #expect(differing == nil, "region \(differing ?? 0) differs")
        // A few values by hand: the repeated key's last value; damo's text number.
        #expect(fast[120].start == 120 * 4096)
        #expect(Self.grouped(81 * 4096) == "331,776" && fast[81].start == 81 * 4096)
        #expect(fast[2].percent == PyNum(2) && fast[2].szFilterPassed == 2 * 4096)
        #expect(fast[41].percent == nil && fast[41].usec == nil && fast[41].aggrIntervals == 41)
    }

    /// A region that matches the skeleton's bytes but not what a region may
    /// hold still goes the general way, which names it.
    @Test func valuesAlongTheSkeletonAreStillChecked() throws {
        var regions = (0..<50).map { Self.region($0, layout: 0) }
        regions[30] = regions[30].replacingOccurrences(of: "\"samples\": 9", with: "\"samples\": 4294967296")
        let dir = TempDir()
        let path = dir.file("rec")
        try writeText(Self.file(regions), path)
        #expect(expectRecordFileError(path)?.contains("region 30") == true)
    }

    /// Line numbers of a later error count the lines of skeleton-read regions.
    @Test func laterErrorsNameTheirLine() throws {
        let regions = (0..<100).map { Self.region($0, layout: 0) }
        let text = Self.file(regions).replacingOccurrences(of: "\n]}]}]\n", with: "\n] @}]}]\n")
        let line = text.prefix(while: { $0 != "@" }).filter { $0 == "\n" }.count + 1
        let dir = TempDir()
        let path = dir.file("rec")
        try writeText(text, path)
        #expect(expectRecordFileError(path)?.contains("line \(line),") == true, "line \(line)")
    }
}
