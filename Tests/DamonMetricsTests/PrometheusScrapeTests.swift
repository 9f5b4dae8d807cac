import DamoTestSupport
import DamonEmulator
import DamonKernel
import DamonMetrics
import DamonMetricsServer
import Foundation
import XCTest

/// A real Prometheus (Debian's package) scrapes damo serving an emulated
/// kernel; what it stored, read back through its HTTP query API, must be
/// the emulator's values: before and after a counter grows and a kdamond
/// ends.  The exporter's clock is stepped by the test, so each new
/// collection happens exactly when the test wants one.
final class PrometheusScrapeTests: XCTestCase {
    var prometheus: Process?
    var workDir: URL?

    override func tearDown() {
        if let p = prometheus, p.isRunning {
            p.terminate()
            p.waitUntilExit()
        }
        if let workDir { try? FileManager.default.removeItem(at: workDir) }
    }

    func testPrometheusStoresTheEmulatorsValues() async throws {
        let binary = try PrometheusTools.require("prometheus")
        let (damon, fs) = try RichKernel.make(.v6_18)
        let clock = ManualClock()
        let exporter = MetricsExporter(fs: fs, options: .init(minRefreshInterval: 5), clock: { clock.read() },
                                       freeMemPermil: { 300 }, log: { _ in })
        let server = try await MetricsServer.start(exporter: exporter, configuration: ServerConfiguration(port: 0))
        defer { Task { try await server.stop() } }
        let api = try startPrometheus(binary, scraping: server.port)

        // First scrapes: everything the first collection read.
        try await waitFor("the target is up", api: api, query: "up{job=\"damo\"}") { $0 == ["": 1] }
        let targets = try getJSON(api, "/api/v1/targets")
        let active = ((targets["data"] as? [String: Any])?["activeTargets"] as? [[String: Any]]) ?? []
        XCTAssertEqual(active.first?["lastError"] as? String, "", "Prometheus parsed the OpenMetrics text")
        func kernel(_ path: String) -> Double { exporter.exclusively { Double(damon.kd(path)) ?? -1 } }
        let tried1 = kernel("1/contexts/0/schemes/1/stats/nr_tried")
        XCTAssertGreaterThan(tried1, 0)
        try expectQuery(api, "damon_kdamond_running", ["0": 1, "1": 1])
        try expectQuery(api, "damon_kdamond_pid", ["0": kernel("0/pid"), "1": kernel("1/pid")])
        try expectQuery(api, "damon_context_sampling_interval_seconds", ["0,0": 0.005, "1,0": 0.005])
        try expectQuery(api, "damon_scheme_tried_regions_total{kdamond=\"1\"}",
                        ["1,0,0,stat": kernel("1/contexts/0/schemes/0/stats/nr_tried"), "1,0,1,stat": tried1])
        try expectQuery(api, "damon_scheme_tried_bytes_total{kdamond=\"0\",scheme=\"1\"}",
                        ["0,0,1,stat": kernel("0/contexts/0/schemes/1/stats/sz_tried")])
        try expectQuery(api, "damon_scheme_effective_quota_bytes", [
            "0,0,0,pageout": kernel("0/contexts/0/schemes/0/quotas/effective_bytes"),
            "0,0,1,stat": 0, "1,0,0,stat": 0, "1,0,1,stat": 0,
        ])
        try expectQuery(api, "damon_scheme_quota_goal_target", ["0,0,0,pageout,0,some_mem_psi_us": 0.001])
        try expectQuery(api, "damon_module_enabled", ["reclaim": 1, "lru_sort": 0, "stat": 1])
        let reclaimed = exporter.exclusively { Double((try? damon.read("module/damon_reclaim/parameters/bytes_reclaimed_regions")) ?? "") }
        try expectQuery(api, "damon_reclaim_reclaimed_bytes_total", ["": reclaimed ?? -1])
        try expectQuery(api, "damon_stat_memory_idle_seconds{quantile=~\"0.5|1\"}", ["0.5": 2.5, "1": 5])
        try expectQuery(api, "damon_stat_memory_bandwidth_bytes_per_second", ["": 123_456_789])

        // A kdamond ends, and the next collection refreshes the statistics
        // of the one still running.
        exporter.exclusively { damon.sysfs.simulateKdamondExit(kdamond: 0) }
        clock.advance(10)
        try await waitFor("kdamond 0 ended", api: api, query: "damon_kdamond_running") { $0 == ["0": 0, "1": 1] }
        let tried2 = kernel("1/contexts/0/schemes/1/stats/nr_tried")
        XCTAssertEqual(tried2, 2 * tried1)
        try expectQuery(api, "damon_scheme_tried_regions_total{kdamond=\"1\",scheme=\"1\"}", ["1,0,1,stat": tried2])
        try expectQuery(api, "damon_kdamond_pid", ["1": kernel("1/pid")])
        // The counter grew between scrapes, as Prometheus sees it.
        try expectQuery(api, "max_over_time(damon_scheme_tried_regions_total{kdamond=\"1\",scheme=\"1\"}[5m])"
                        + " - min_over_time(damon_scheme_tried_regions_total{kdamond=\"1\",scheme=\"1\"}[5m])",
                        ["1,0,1,stat": tried2 - tried1])
        let shown = try query(api, "damon_scheme_tried_regions_total{kdamond=\"1\"}")
        print("PromQL damon_scheme_tried_regions_total{kdamond=\"1\"} -> \(shown.sorted { $0.key < $1.key })")
        print("PromQL damon_kdamond_running -> \(try query(api, "damon_kdamond_running").sorted { $0.key < $1.key })")
    }

    // MARK: - Prometheus

    /// Starts Prometheus scraping 127.0.0.1:port every second; returns its
    /// API port once it answers.
    func startPrometheus(_ binary: String, scraping port: Int) throws -> Int {
        let dir = URL(fileURLWithPath: TemporaryDirectory.scratchPath("damo-prometheus"))
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        workDir = dir
        let config = """
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: damo
                static_configs:
                  - targets: ['127.0.0.1:\(port)']

            """
        try config.write(to: dir.appendingPathComponent("prometheus.yml"), atomically: true, encoding: .utf8)
        let api = try PrometheusTools.freePort()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = ["--config.file=\(dir.path)/prometheus.yml", "--storage.tsdb.path=\(dir.path)/data",
                       "--web.listen-address=127.0.0.1:\(api)", "--log.level=warn"]
        let log = dir.appendingPathComponent("prometheus.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        p.standardOutput = try FileHandle(forWritingTo: log)
        p.standardError = try FileHandle(forWritingTo: log)
        try p.run()
        prometheus = p
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if (try? HTTPResponse.get(port: api, "/-/ready", timeout: 1))?.status == 200 { return api }
            guard p.isRunning else { break }
            usleep(200_000)
        }
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        XCTFail("Prometheus did not become ready: \(text.suffix(2000))")
        throw XCTSkip("no Prometheus")
    }

    func getJSON(_ api: Int, _ path: String) throws -> [String: Any] {
        guard let r = try HTTPResponse.get(port: api, path), r.status == 200,
              let json = try JSONSerialization.jsonObject(with: Data(r.body.utf8)) as? [String: Any] else {
            XCTFail("GET \(path) from Prometheus failed")
            return [:]
        }
        return json
    }

    /// An instant query's result: value by the series' label values
    /// (sorted by label name, `__name__`, job and instance left out).
    func query(_ api: Int, _ promql: String) throws -> [String: Double] {
        let encoded = promql.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let json = try getJSON(api, "/api/v1/query?query=\(encoded)")
        let result = ((json["data"] as? [String: Any])?["result"] as? [[String: Any]]) ?? []
        var values: [String: Double] = [:]
        for series in result {
            let labels = (series["metric"] as? [String: String]) ?? [:]
            let order = ["kdamond", "context", "target", "scheme", "action", "goal", "metric", "module", "temperature", "quantile"]
            let key = order.compactMap { labels[$0] }.joined(separator: ",")
            let value = (series["value"] as? [Any])?.last as? String
            values[key] = value.flatMap(Double.init)
        }
        return values
    }

    func expectQuery(_ api: Int, _ promql: String, _ expected: [String: Double], file: StaticString = #filePath,
                     line: UInt = #line) throws {
        XCTAssertEqual(try query(api, promql), expected, promql, file: file, line: line)
    }

    /// Polls a query until `done` holds (30 s at most).
    func waitFor(_ what: String, api: Int, query promql: String, _ done: ([String: Double]) -> Bool) async throws {
        let deadline = Date().addingTimeInterval(30)
        var last: [String: Double] = [:]
        while Date() < deadline {
            last = try query(api, promql)
            if done(last) { return }
            try await Task.sleep(nanoseconds: 250_000_000)
        }
        XCTFail("waiting for \(what): \(promql) stayed \(last)")
        throw XCTSkip("timed out")
    }
}
