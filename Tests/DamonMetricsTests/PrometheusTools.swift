import Foundation
import XCTest

/// Prometheus and promtool for the tests that run them.  Where they must
/// run (CI: `$CI` set or ../shared/testkernel present; or
/// DAMO_REQUIRE_PROMETHEUS=1), a missing tool is installed with
/// scripts/install-prometheus.sh and a failure to get it fails the test;
/// elsewhere the test is skipped, saying why.
enum PrometheusTools {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static var required: Bool {
        let env = ProcessInfo.processInfo.environment
        return env["CI"].map { !$0.isEmpty } == true || env["DAMO_REQUIRE_PROMETHEUS"] == "1"
            || FileManager.default.fileExists(atPath: packageRoot.appendingPathComponent("../shared/testkernel").path)
    }

    static func find(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// The tool's path, installing it where required; XCTSkip otherwise.
    static func require(_ name: String) throws -> String {
        if let path = find(name) { return path }
        guard required else {
            throw XCTSkip("\(name) is not installed (scripts/install-prometheus.sh installs it; required where CI is set)")
        }
        let install = try run(packageRoot.appendingPathComponent("scripts/install-prometheus.sh").path, [])
        guard let path = find(name) else {
            XCTFail("\(name) is required here but could not be installed: \(install.output)")
            throw XCTSkip("\(name) missing")
        }
        return path
    }

    /// Runs a program to its end, with `input` on its stdin.
    static func run(_ path: String, _ arguments: [String], input: String = "") throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let stdin = Pipe(), out = Pipe()
        process.standardInput = stdin
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let writer = Thread {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// A TCP port free on loopback right now.
    static func freePort() throws -> Int {
        let c = try RawListener()
        defer { c.close() }
        return c.port
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// A socket bound to an ephemeral loopback port.
struct RawListener {
    let fd: Int32
    let port: Int

    init() throws {
        let sock = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let rc = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { p in
                bind(sock, p, len) == 0 ? getsockname(sock, p, &len) : -1
            }
        }
        fd = sock
        guard rc == 0 else {
            _ = Glibc.close(sock)
            throw POSIXError(.EADDRINUSE)
        }
        port = Int(UInt16(bigEndian: addr.sin_port))
    }

    func close() { _ = Glibc.close(fd) }
}
