#if canImport(Glibc)
import Glibc
#endif
import DamonEmulator
import DamonKernel
import DamonMetrics
import DamonMetricsServer
import Foundation
import Testing

/// The HTTP server in-process over an emulated kernel: routes, content
/// negotiation, and requests a root daemon must survive (huge, slow,
/// numerous), after each of which it still serves.
@Suite(.serialized) struct ServerTests {
    struct Served {
        let damon: EmulatedDamon
        let exporter: MetricsExporter
        let server: MetricsServer
        var port: Int { server.port }
    }

    /// Runs `body` with a server, stopped afterwards.
    func withServer(_ configuration: ServerConfiguration = ServerConfiguration(port: 0), minRefreshInterval: Double = 5,
                    _ body: (Served) async throws -> Void) async throws {
        let s = try await serve(configuration, minRefreshInterval: minRefreshInterval)
        do {
            try await body(s)
        } catch {
            try await s.server.stop()
            throw error
        }
        try await s.server.stop()
    }

    func serve(_ configuration: ServerConfiguration, minRefreshInterval: Double) async throws -> Served {
        let damon = EmulatedDamon(layout: .v6_18)
        try DamonControl(fs: damon).start([Fixtures.paddr(schemes: 2)])
        damon.sysfs.setRegions(kdamond: 0, Fixtures.regions)
        let exporter = MetricsExporter(fs: damon, options: .init(minRefreshInterval: minRefreshInterval),
                                       freeMemPermil: { nil }, log: { _ in })
        var configuration = configuration
        configuration.port = 0
        let server = try await MetricsServer.start(exporter: exporter, configuration: configuration)
        return Served(damon: damon, exporter: exporter, server: server)
    }

    /// The server still answers a scrape with the metrics.
    func expectServes(_ port: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let r = try HTTPResponse.get(port: port)
        #expect(r?.status == 200, sourceLocation: sourceLocation)
        #expect(r?.body.contains("damon_kdamond_running{kdamond=\"0\"} 1") == true, sourceLocation: sourceLocation)
    }

    @Test func routesAndFormats() async throws {
        try await withServer { s in
            let plain = try #require(try HTTPResponse.get(port: s.port))
            #expect(plain.status == 200)
            #expect(plain.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
            #expect(plain.body.contains("# TYPE damon_scheme_tried_regions_total counter"))
            #expect(Int(plain.headers["content-length"] ?? "") == plain.body.utf8.count)
            let om = try #require(try HTTPResponse.get(port: s.port, headers: [
                "Accept: application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5",
            ]))
            #expect(om.headers["content-type"] == "application/openmetrics-text; version=1.0.0; charset=utf-8")
            #expect(om.body.hasSuffix("# EOF\n"))
            #expect(try HTTPResponse.get(port: s.port, "/metrics?x=1")?.status == 200)
            let index = try #require(try HTTPResponse.get(port: s.port, "/"))
            #expect(index.status == 200 && index.body.contains("href=\"/metrics\""))
            for path in ["/metrics/", "/etc/passwd", "/../metrics", "//metrics", "/metricsx"] {
                #expect(try HTTPResponse.get(port: s.port, path)?.status == 404, "\(path)")
            }
            for method in ["POST", "PUT", "DELETE", "HEAD", "OPTIONS"] {
                let r = try HTTPResponse.get(port: s.port, method: method)
                #expect(r?.status == 405, "\(method)")
                if method != "HEAD" { #expect(r?.headers["allow"] == "GET") }
            }
        }
    }

    @Test func keepAliveServesSeveralRequests() async throws {
        try await withServer { s in
            let c = try RawConnection(port: s.port)
            defer { c.close() }
            for _ in 0..<3 {
                c.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
                let r = c.receive(timeout: 5, untilLength: 100)
                #expect(!r.closed && HTTPResponse(r.text)?.status == 200)
            }
        }
    }

    @Test func hugeHeadersAreRefused() async throws {
        try await withServer { s in
            let c = try RawConnection(port: s.port)
            defer { c.close() }
            c.send("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "a", count: 1 << 20) + "\r\n\r\n")
            let r = c.receive(timeout: 5)
            #expect(r.closed)
            #expect(HTTPResponse(r.text)?.status == 431)
            // Many headers within the byte bound: the decoder's field count.
            let d = try RawConnection(port: s.port)
            defer { d.close() }
            d.send("GET /metrics HTTP/1.1\r\n" + (0..<200).map { "X-\($0): y\r\n" }.joined() + "\r\n")
            let rd = d.receive(timeout: 5)
            #expect(rd.closed && HTTPResponse(rd.text)?.status == 400)
            // Garbage instead of HTTP.
            let e = try RawConnection(port: s.port)
            defer { e.close() }
            e.send("\u{1}\u{2}\u{3} not http\r\n\r\n")
            #expect(e.receive(timeout: 5).closed)
            try expectServes(s.port)
        }
    }

    @Test func slowRequestsTimeOut() async throws {
        try await withServer(ServerConfiguration(requestTimeout: 0.5, idleTimeout: 0.8)) { s in
            // Slowloris: headers that never end, a byte at a time.
            let slow = try RawConnection(port: s.port)
            defer { slow.close() }
            slow.send("GET /metrics HTTP/1.1\r\n")
            for _ in 0..<3 {
                usleep(100_000)
                slow.send("X")
            }
            // Served meanwhile.
            try expectServes(s.port)
            let r = slow.receive(timeout: 3)
            #expect(r.closed && HTTPResponse(r.text)?.status == 408)
            // A connection that never sends anything is closed too.
            let idle = try RawConnection(port: s.port)
            defer { idle.close() }
            let started = Date()
            #expect(idle.receive(timeout: 5).closed)
            #expect(Date().timeIntervalSince(started) < 3)
            try expectServes(s.port)
        }
    }

    @Test func thousandConnections() async throws {
        try await withServer(ServerConfiguration(maxConnections: 64)) { s in
            var flood: [RawConnection] = []
            defer { flood.forEach { $0.close() } }
            for _ in 0..<1000 { flood.append(try RawConnection(port: s.port, blocking: false)) }
            // Let the server take them in.
            var counts = try await s.server.connectionCounts()
            for _ in 0..<50 where counts.evicted < 900 {
                try await Task.sleep(nanoseconds: 100_000_000)
                counts = try await s.server.connectionCounts()
            }
            // (some of the flood may still wait in the kernel's accept
            // queue, or retry their SYN)
            #expect(counts.open <= 64)
            #expect(counts.evicted >= 500)
            try expectServes(s.port)
            flood.forEach { $0.close() }
            flood = []
            try expectServes(s.port)
        }
    }

    @Test func concurrentScrapersShareOneRefresh() async throws {
        try await withServer(minRefreshInterval: 60) { s in
            let before = s.exporter.exclusively { s.damon.writes.filter { $0.value == "update_schemes_stats" }.count }
            let port = s.port
            let statuses = await withTaskGroup(of: Int?.self) { group in
                for _ in 0..<20 { group.addTask { try? HTTPResponse.get(port: port)?.status } }
                var all: [Int?] = []
                for await status in group { all.append(status) }
                return all
            }
            #expect(statuses == Array(repeating: 200, count: 20))
            let after = s.exporter.exclusively { s.damon.writes.filter { $0.value == "update_schemes_stats" }.count }
            #expect(after - before == 1)
        }
    }

    @Test func listenAddresses() throws {
        func parsed(_ text: String) throws -> String {
            let (host, port) = try ServerConfiguration.parseListen(text)
            return "\(host) \(port)"
        }
        #expect(try parsed("127.0.0.1:9475") == "127.0.0.1 9475")
        #expect(try parsed(":9475") == "0.0.0.0 9475")
        #expect(try parsed("9475") == "127.0.0.1 9475")
        #expect(try parsed("[::1]:80") == "::1 80")
        for bad in ["", "host:", "host:65536", "::1:80", "[::1]80", "[]:80", "a:-1", "a:1x"] {
            #expect(throws: ServerError.self, "\(bad)") { try ServerConfiguration.parseListen(bad) }
        }
    }

    @Test func portInUseIsAClearError() async throws {
        try await withServer { s in
            let exporter = MetricsExporter(fs: s.damon, log: { _ in })
            await #expect(throws: ServerError.self) {
                _ = try await MetricsServer.start(exporter: exporter, configuration: ServerConfiguration(port: s.port))
            }
        }
    }
}
