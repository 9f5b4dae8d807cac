import Foundation
import Testing
@testable import DamonModel
@testable import DamonRecords
@testable import DamoReports

/// Heatmaps of damo's own records laid out by temperature and of
/// filter-passed bytes, against damo 3.4.3's output (Tests/Fixtures/heatmap).
@Suite struct HeatmapGoldenTests {
    static let fixtures: String = {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(2)  // DamoReportsTests/HeatmapGoldenTests.swift
        return parts.joined(separator: "/") + "/Fixtures"
    }()

    func raw(_ input: String, _ configure: (inout HeatmapOptions) -> Void) throws -> String {
        let records = try RecordFile.read(path: Self.fixtures + "/compat/inputs/" + input)
        var options = HeatmapOptions(resolution: (time: 10, addr: 20))
        configure(&options)
        let sink = StringSink()
        try HeatmapReport.maps(records, options)[0].heatmap.rawText(absoluteTime: false, absoluteAddr: false, to: sink)
        return sink.text + "\n"  // (the command ends the output with a newline)
    }

    func expected(_ name: String) throws -> String {
        try String(contentsOfFile: Self.fixtures + "/heatmap/" + name, encoding: .utf8)
    }

    @Test func sortedByTemperature() throws {
        #expect(try raw("damon.data.snapshot.active") { $0.sortTemperature = true } == expected("sort-temperature-active.raw"))
    }

    @Test func filterPassedBytes() throws {
        #expect(try raw("damon.data.snapshot.inactive") { $0.dfPassed = true } == expected("df-passed-inactive.raw"))
    }
}
