#if canImport(Glibc)
import Glibc
#endif
import DamonEmulator
import DamonKernel
import Foundation
import XCTest

/// `damo metrics write` and `damo metrics serve` as users run them, the
/// binary (DamoEmulated: damo with socket roots) against an emulated kernel
/// served on a Unix socket.
final class MetricsCLITests: XCTestCase {
    var emulator: EmulatorServer!
    var dir: String!

    static var damo: String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("DamoEmulated").path
    }

    override func setUpWithError() throws {
        let fs = SysfsEmulator(layout: .v6_18)
        try DamonControl(fs: fs).start([Fixtures.paddr(schemes: 1)])
        emulator = try EmulatorServer(fs)
        emulator.endKdamondsOfExitedTargets = false
        dir = NSTemporaryDirectory() + "damo-metrics-cli-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDown() {
        emulator.stop()
        try? FileManager.default.removeItem(atPath: dir)
    }

    func damo(_ args: [String]) throws -> (status: Int32, output: String) {
        try PrometheusTools.run(Self.damo, args + ["--interface_root", emulator.socketPath])
    }

    func testWriteToStdoutAndToAFile() throws {
        let out = try damo(["metrics", "write"])
        XCTAssertEqual(out.status, 0, out.output)
        XCTAssertTrue(out.output.contains("# TYPE damon_scheme_tried_regions_total counter"))
        XCTAssertTrue(out.output.contains("damon_kdamond_running{kdamond=\"0\"} 1\n"))
        let om = try damo(["metrics", "write", "--format", "openmetrics"])
        XCTAssertTrue(om.output.hasSuffix("# EOF\n"))
        let file = dir + "/damon.prom"
        _ = FileManager.default.createFile(atPath: file, contents: Data("old".utf8))
        let written = try damo(["metrics", "write", "-o", file])
        XCTAssertEqual(written.status, 0, written.output)
        XCTAssertEqual(written.output, "")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        XCTAssertTrue(text.contains("damon_scheme_tried_regions_total{kdamond=\"0\",context=\"0\",scheme=\"0\",action=\"stat\"} "))
        let mode = (try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int) ?? 0
        XCTAssertEqual(mode, 0o644)
        // Nothing but the file itself is left in the directory.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["damon.prom"])
    }

    /// -o goes through the outputs' one writer: a device or FIFO is written
    /// (not replaced by a file), a symbolic link is followed and stays.
    func testWriteToDevicesFIFOsAndLinks() throws {
        let null = try damo(["metrics", "write", "-o", "/dev/null"])
        XCTAssertEqual(null.status, 0, null.output)
        var st = stat()
        XCTAssertTrue(stat("/dev/null", &st) == 0 && st.st_mode & S_IFMT == S_IFCHR)

        let fifo = dir + "/fifo"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let unread = try damo(["metrics", "write", "-o", fifo])
        XCTAssertEqual(unread.status, 1)
        XCTAssertTrue(unread.output.contains("is a FIFO that nobody reads"), unread.output)
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        XCTAssertGreaterThanOrEqual(reader, 0)
        defer { close(reader) }
        let piped = try damo(["metrics", "write", "-o", fifo])
        XCTAssertEqual(piped.status, 0, piped.output)
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        let n = read(reader, &buf, buf.count)
        XCTAssertTrue(n > 0 && String(decoding: buf[0..<n], as: UTF8.self).contains("damon_kdamond_running{kdamond=\"0\"} 1\n"))

        XCTAssertEqual(symlink("real.prom", dir + "/link.prom"), 0)
        let linked = try damo(["metrics", "write", "-o", dir + "/link.prom"])
        XCTAssertEqual(linked.status, 0, linked.output)
        XCTAssertTrue(lstat(dir + "/link.prom", &st) == 0 && st.st_mode & S_IFMT == S_IFLNK)
        XCTAssertTrue(try String(contentsOfFile: dir + "/real.prom", encoding: .utf8).contains("# TYPE "))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).sorted(), ["fifo", "link.prom", "real.prom"])
    }

    func testBadOptionsAreOneLineErrors() throws {
        for args in [["metrics", "write", "-o", dir + "/missing/x.prom"], ["metrics", "serve", "--listen", "1.2.3.4:99999"],
                     ["metrics", "serve", "--min_refresh_interval=-1"], ["metrics", "serve", "--snapshot_interval", "0"]] {
            let r = try damo(args)
            XCTAssertEqual(r.status, 1, "\(args)")
            XCTAssertTrue(r.output.hasPrefix("damo: ") && r.output.split(separator: "\n").count == 1, "\(args): \(r.output)")
        }
    }

    /// serve answers scrapes and ends cleanly (status 0) on SIGTERM.
    func testServeUntilSigterm() throws {
        let port = try PrometheusTools.freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.damo)
        process.arguments = ["metrics", "serve", "--listen", "127.0.0.1:\(port)", "--interface_root", emulator.socketPath]
        let err = Pipe()
        process.standardError = err
        try process.run()
        var response: HTTPResponse?
        for _ in 0..<100 where response == nil {
            usleep(100_000)
            response = try? HTTPResponse.get(port: port)
        }
        XCTAssertEqual(response?.status, 200)
        XCTAssertTrue(response?.body.contains("damon_kdamond_running{kdamond=\"0\"} 1") == true)
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .exit)
        XCTAssertEqual(process.terminationStatus, 0)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(stderr, "damo metrics: serving http://127.0.0.1:\(port)/metrics\n")
        XCTAssertNil(try? HTTPResponse.get(port: port, timeout: 1), "nothing listens after the end")
    }
}
