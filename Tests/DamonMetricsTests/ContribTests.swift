import DamonEmulator
import DamonMetrics
import Foundation
import XCTest

/// contrib/: the Prometheus config and alerting rules pass promtool (and
/// the rules' own unit tests), and every series the rules and the Grafana
/// dashboard use is one damo exports.
final class ContribTests: XCTestCase {
    let contrib = PrometheusTools.packageRoot.appendingPathComponent("contrib")

    func testPromtoolAcceptsConfigRulesAndRuleTests() throws {
        let promtool = try PrometheusTools.require("promtool")
        let dir = contrib.appendingPathComponent("prometheus").path
        for args in [["check", "config", "\(dir)/prometheus.yml"], ["check", "rules", "\(dir)/damon-alerts.yml"],
                     ["test", "rules", "\(dir)/damon-alerts.test.yml"]] {
            let r = try PrometheusTools.run(promtool, args)
            XCTAssertEqual(r.status, 0, "promtool \(args.joined(separator: " ")): \(r.output)")
        }
    }

    func testSeriesUsedAreExported() throws {
        let (_, fs) = try RichKernel.make(.v6_18)
        let exporter = MetricsExporter(fs: fs, options: .init(snapshots: true), freeMemPermil: { 300 }, log: { _ in })
        exporter.takeSnapshot()
        let exported = Set(exporter.currentFamilies().filter { !$0.samples.isEmpty }.map(\.sampleName))
        let files = ["prometheus/damon-alerts.yml", "grafana/damon-dashboard.json"]
        var used: Set<String> = []
        for file in files {
            let text = try String(contentsOf: contrib.appendingPathComponent(file), encoding: .utf8)
            let regex = try NSRegularExpression(pattern: "\\bdamon_[a-z_]+")
            for m in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                used.insert(String(text[Range(m.range, in: text)!]))
            }
        }
        // (module names in label values: damon_reclaim etc. are not series)
        used = used.filter { !$0.hasPrefix("damon_reclaim_") || $0.hasSuffix("_total") }
        XCTAssertGreaterThan(used.count, 15)
        XCTAssertEqual(used.subtracting(exported), [], "used in contrib/ but not exported")
        let dashboard = try JSONSerialization.jsonObject(with: Data(contentsOf: contrib.appendingPathComponent("grafana/damon-dashboard.json")))
        XCTAssertNotNil((dashboard as? [String: Any])?["panels"] as? [[String: Any]])
    }
}
