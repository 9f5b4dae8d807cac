import Testing
@testable import DamonModel
@testable import DamoReports

/// The format object of `report access` (`args accesses_format`, the
/// one-value `--format`): written in damo's key order, read back whole,
/// wrong values named by key.
@Suite struct AccessFormatKVTests {
    static func sample() -> AccessFormatObject {
        var f = AccessReportFormat()
        f.sortBy = [.temperature, .size]
        f.sortDescending = ["temperature", "all"]
        f.temperatureWeights = [.int(1), .int(50), .int(200)]
        f.histLogscale = true
        f.histRanges = ["0", "10"]
        f.percentilesRange = [0, 101, 25]
        f[.region] = "<box> <size>"
        f[.recordHead] = ""
        f.heatmapWidth = 40
        f.heatmapColorset = .flame
        f.box.values = [.size, nil, .age]
        f.box.alignRight = true
        f.minChars.append(("<size>", 20))
        f.rawNumber = true
        return AccessFormatObject(format: f, dontMergeRegions: true, json: false)
    }

    @Test func keysInDamoOrder() {
        guard case .dict(let d) = AccessFormatObject(format: AccessReportFormat()).toKV() else { Issue.record("not a dict"); return }
        #expect(d.keys == ["sort_regions_by", "sort_regions_dsc", "temperature_weights", "dont_merge_regions",
                           "hist_logscale", "hist_cumulate", "hist_ranges", "percentiles_range",
                           "format_record_head", "format_record_tail", "format_snapshot_head", "format_snapshot_tail",
                           "format_region", "snapshot_heatmap_width", "snapshot_heatmap_static", "snapshot_heatmap_colorset",
                           "region_box_values", "region_box_min_max_height", "region_box_min_max_length",
                           "region_box_colorset", "region_box_scales", "region_box_align", "min_chars_for",
                           "raw_number", "json"])
        #expect(d["format_region"] == .null)
        #expect(d["sort_regions_dsc"] == .null)
    }

    @Test func readsBackWhatItWrites() throws {
        let kv = Self.sample().toKV()
        let back = try AccessFormatObject(kv: kv)
        #expect(back.toKV() == kv)
        #expect(back.dontMergeRegions)
        #expect(back.format.box.values == [.size, nil, .age])
        #expect(back.format[.recordHead] == "")
        #expect(back.format[.snapshotHead] == nil)
    }

    /// Keys damo added over time may be missing, as damo allows.
    @Test func laterKeysAreOptional() throws {
        guard case .dict(var d) = Self.sample().toKV() else { return }
        for key in ["hist_logscale", "hist_cumulate", "hist_ranges", "percentiles_range",
                    "snapshot_heatmap_width", "snapshot_heatmap_static", "snapshot_heatmap_colorset"] { d[key] = nil }
        let f = try AccessFormatObject(kv: .dict(d)).format
        #expect(!f.histLogscale && f.histRanges == nil && f.percentilesRange == nil)
        #expect(f.heatmapWidth == 80 && f.heatmapColorset == .gray)
    }

    @Test(arguments: [
        ("json", KV?.none, "json: missing"),
        ("sort_regions_by", KV.list([.string("name")]), "sort_regions_by: one of address, access_rate, age, size, temperature expected ('name' given)"),
        ("temperature_weights", KV.list([.int(1)]), "temperature_weights: 3 items expected, 1 given"),
        ("region_box_align", KV.int(3), "region_box_align: a string expected, a number given"),
        ("region_box_values", KV.list([.string("address"), .null, .null]), "region_box_values: size, access_rate, age or null expected"),
        ("snapshot_heatmap_width", KV.int(0), "snapshot_heatmap_width: a positive number expected"),
        ("min_chars_for", KV.list([.list([.string("<size>")])]), "min_chars_for: [<keyword>, <number>] pairs expected"),
        ("percentiles_range", KV.list([.int(0), .int(10), .int(0)]), "percentiles_range: arguments of range() with a non-zero step, or the percentiles, expected"),
        ("raw_number", KV.string("yes"), "raw_number: true or false expected"),
    ])
    func wrongValueIsNamed(_ key: String, _ value: KV?, _ message: String) {
        guard case .dict(var d) = Self.sample().toKV() else { return }
        d[key] = value
        #expect(throws: KVError.self) { try AccessFormatObject(kv: .dict(d)) }
        do { _ = try AccessFormatObject(kv: .dict(d)) } catch { #expect("\(error)" == message) }
    }

    @Test func notAMapping() {
        #expect(throws: KVError.self) { try AccessFormatObject(kv: .list([])) }
    }
}
