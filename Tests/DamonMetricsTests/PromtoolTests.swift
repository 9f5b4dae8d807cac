import DamonEmulator
import DamonMetrics
import XCTest

/// `promtool check metrics` (Prometheus' own linter and parser) on the
/// exposition of every emulated kernel layout.  promtool reads
/// Prometheus' text format only; the OpenMetrics text is checked by a
/// real Prometheus scraping it (PrometheusScrapeTests).
final class PromtoolTests: XCTestCase {
    func testEveryLayoutPassesPromtool() throws {
        let promtool = try PrometheusTools.require("promtool")
        for layout in SysfsLayout.allCases {
            let (_, fs) = try RichKernel.make(layout)
            let exporter = MetricsExporter(fs: fs, options: .init(snapshots: true), freeMemPermil: { 300 }, log: { _ in })
            exporter.takeSnapshot()
            let text = String(decoding: exporter.exposition(.prometheus), as: UTF8.self)
            let result = try PrometheusTools.run(promtool, ["check", "metrics"], input: text)
            XCTAssertEqual(result.status, 0, "\(layout): \(result.output)")
            XCTAssertEqual(result.output, "", "\(layout)")
            // Every kind of series is in the text checked.
            var expected = ["damon_kdamond_running", "damon_scheme_tried_bytes_total", "damon_reclaim_reclaimed_bytes_total",
                            "damon_lru_sort_tried_regions_total", "damon_stat_memory_idle_seconds",
                            "damon_scheme_watermarks_active", "damon_target_monitored_bytes"]
            if layout != .v6_1 {
                expected += ["damon_scheme_effective_quota_bytes", "damon_scheme_quota_goal_target",
                             "damon_snapshot_idle_seconds", "damon_snapshot_working_set_bytes"]
            }
            for name in expected {
                XCTAssertTrue(text.contains("\n\(name){") || text.contains("\n\(name) "), "\(layout): \(name)")
            }
        }
    }
}
