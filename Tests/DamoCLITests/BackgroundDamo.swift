#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A damo process left running (record), to be signalled or waited for.
final class BackgroundDamo {
    let process = Process()
    let outPath: String
    let errPath: String

    init(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: Damo.binary(for: arguments))
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        env["DAMO_INTERFACE_ROOT"] = Damo.noDamonRoot
        for (k, v) in environment { env[k] = v }
        process.environment = env
        outPath = NSTemporaryDirectory() + "damo-bg-out-\(UUID().uuidString)"
        errPath = NSTemporaryDirectory() + "damo-bg-err-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(atPath: outPath)
        try? FileManager.default.removeItem(atPath: errPath)
    }

    func signal(_ sig: Int32) { kill(process.processIdentifier, sig) }

    /// Waits until standard output has `text` (false after `timeout`).
    func waitForOutput(_ text: String, timeout: Double = 60) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline && process.isRunning {
            if let data = FileManager.default.contents(atPath: outPath),
               String(decoding: data, as: UTF8.self).contains(text) { return true }
            usleep(20_000)
        }
        return false
    }

    /// Waits for the exit, killing the process after `timeout` seconds.
    func wait(timeout: Double = 60) -> DamoRun {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        process.waitUntilExit()
        let out = FileManager.default.contents(atPath: outPath) ?? Data()
        let err = FileManager.default.contents(atPath: errPath) ?? Data()
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return DamoRun(status: status, stdout: out, stderr: String(decoding: err, as: UTF8.self))
    }
}
