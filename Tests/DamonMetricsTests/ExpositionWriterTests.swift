import XCTest

@testable import DamonMetrics

final class ExpositionWriterTests: XCTestCase {
    func families() -> [MetricFamily] {
        var counter = MetricFamily("damon_scheme_tried_bytes", .counter, unit: "bytes", help: "Tried \"bytes\"\\ here.")
        counter.add([("kdamond", "0"), ("action", "st\"a\\t\nx")], .uint(UInt64.max))
        var gauge = MetricFamily("damon_context_sampling_interval_seconds", .gauge, unit: "seconds", help: "Sampling.")
        gauge.add([], .double(0.005))
        let empty = MetricFamily("damon_kdamond_pid", .gauge, help: "No sample: not written.")
        var summary = MetricFamily("damon_stat_memory_idle_seconds", .summary, unit: "seconds", help: "Idle.")
        summary.add([("quantile", "0.5")], .double(-1.25))
        summary.add([("quantile", "1")], .double(3))
        return [counter, gauge, empty, summary]
    }

    func testPrometheusText() {
        XCTAssertEqual(ExpositionWriter.render(families(), .prometheus), """
            # HELP damon_scheme_tried_bytes_total Tried "bytes"\\\\ here.
            # TYPE damon_scheme_tried_bytes_total counter
            damon_scheme_tried_bytes_total{kdamond="0",action="st\\"a\\\\t\\nx"} 18446744073709551615
            # HELP damon_context_sampling_interval_seconds Sampling.
            # TYPE damon_context_sampling_interval_seconds gauge
            damon_context_sampling_interval_seconds 0.005
            # HELP damon_stat_memory_idle_seconds Idle.
            # TYPE damon_stat_memory_idle_seconds summary
            damon_stat_memory_idle_seconds{quantile="0.5"} -1.25
            damon_stat_memory_idle_seconds{quantile="1"} 3

            """)
    }

    func testOpenMetricsText() {
        XCTAssertEqual(ExpositionWriter.render(families(), .openMetrics), """
            # TYPE damon_scheme_tried_bytes counter
            # UNIT damon_scheme_tried_bytes bytes
            # HELP damon_scheme_tried_bytes Tried \\"bytes\\"\\\\ here.
            damon_scheme_tried_bytes_total{kdamond="0",action="st\\"a\\\\t\\nx"} 18446744073709551615
            # TYPE damon_context_sampling_interval_seconds gauge
            # UNIT damon_context_sampling_interval_seconds seconds
            # HELP damon_context_sampling_interval_seconds Sampling.
            damon_context_sampling_interval_seconds 0.005
            # TYPE damon_stat_memory_idle_seconds summary
            # UNIT damon_stat_memory_idle_seconds seconds
            # HELP damon_stat_memory_idle_seconds Idle.
            damon_stat_memory_idle_seconds{quantile="0.5"} -1.25
            damon_stat_memory_idle_seconds{quantile="1"} 3
            # EOF

            """)
    }

    func testValues() {
        XCTAssertEqual(MetricValue.double(.nan).text, "NaN")
        XCTAssertEqual(MetricValue.double(.infinity).text, "+Inf")
        XCTAssertEqual(MetricValue.double(-.infinity).text, "-Inf")
        XCTAssertEqual(MetricValue.double(2).text, "2")
        XCTAssertEqual(MetricValue.double(1e-6).text, "1e-06")
        XCTAssertEqual(MetricValue.double(1e20).text, "1e+20")
        XCTAssertEqual(MetricValue.int(-1).text, "-1")
    }

    func testNames() {
        XCTAssertTrue(MetricFamily.isValidName("damon_x:y_1"))
        XCTAssertFalse(MetricFamily.isValidName("1damon"))
        XCTAssertFalse(MetricFamily.isValidName("damon-x"))
        XCTAssertFalse(MetricFamily.isValidName(""))
    }

    func testNegotiation() {
        // Prometheus 2.42's Accept header.
        let prometheus = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"
        XCTAssertEqual(ExpositionFormat.negotiate(accept: prometheus), .openMetrics)
        XCTAssertEqual(ExpositionFormat.negotiate(accept: nil), .prometheus)
        XCTAssertEqual(ExpositionFormat.negotiate(accept: "*/*"), .prometheus)
        XCTAssertEqual(ExpositionFormat.negotiate(accept: "text/plain;version=0.0.4"), .prometheus)
        XCTAssertEqual(ExpositionFormat.negotiate(accept: "application/openmetrics-text"), .openMetrics)
        XCTAssertEqual(ExpositionFormat.negotiate(accept: "text/plain, application/openmetrics-text; q=0.5"), .prometheus)
        XCTAssertEqual(ExpositionFormat.negotiate(accept: "application/openmetrics-text; version=2.0.0"), .prometheus)
        XCTAssertEqual(ExpositionFormat.negotiate(accept: "application/openmetrics-text;q=0, text/plain"), .prometheus)
        XCTAssertEqual(ExpositionFormat.negotiate(accept: ",,;;q=x,"), .prometheus)
    }
}
