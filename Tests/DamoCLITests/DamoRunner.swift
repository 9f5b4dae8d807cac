import DamoTestSupport
import Foundation

/// Runs the built `damo` executable, as users and scripts do.
struct DamoRun {
    let status: Int32
    let stdout: Data
    let stderr: String
    var text: String { String(decoding: stdout, as: UTF8.self) }
}

enum Damo {
    /// The damo binary built next to this test bundle.
    static var binary: String { built("damo") }

    /// damo for an emulated kernel served on a socket (Tests/DamoEmulated):
    /// the shipped binary takes no socket roots.
    static var emulatedBinary: String { built("DamoEmulated") }

    static func built(_ name: String) -> String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// The binary for a command line: the emulated one when it names an
    /// emulator's socket.
    static func binary(for arguments: [String]) -> String {
        arguments.contains { $0.hasSuffix(".sock") && $0.contains("damon-emu-") } ? emulatedBinary : binary
    }

    /// An interface root with no DAMON in it: commands that would look at
    /// the running DAMON (report access without --input, record) never
    /// see the host's unless a test gives a root itself.
    static let noDamonRoot = NSTemporaryDirectory() + "damo-no-damon-root"

    /// Runs damo with `arguments`; with `viaShell`, the arguments are a
    /// whole command line instead (its first word the program).  `input`
    /// is its standard input (else /dev/null).
    static func run(_ arguments: [String], in directory: String, environment: [String: String] = [:],
                    viaShell: Bool = false, input: Data? = nil) throws -> DamoRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: viaShell ? arguments[0] : binary(for: arguments))
        process.arguments = viaShell ? Array(arguments.dropFirst()) : arguments
        var env = ProcessInfo.processInfo.environment
        env["DAMO_INTERFACE_ROOT"] = noDamonRoot
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe()
        // stderr to a file: reading two pipes would need a second thread.
        let errPath = NSTemporaryDirectory() + "damo-stderr-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: errPath) }
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardOutput = out
        process.standardError = err
        // Small answers fit the pipe's buffer: written before damo reads.
        let stdin = input.map { _ in Pipe() }
        process.standardInput = stdin ?? FileHandle.nullDevice
        try process.run()
        if let stdin, let input {
            try stdin.fileHandleForWriting.write(contentsOf: input)
            try stdin.fileHandleForWriting.close()
        }
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try err.close()
        let stderrData = FileManager.default.contents(atPath: errPath) ?? Data()
        return DamoRun(status: process.terminationStatus, stdout: stdoutData,
                       stderr: String(decoding: stderrData, as: UTF8.self))
    }
}

let fixtures = TestPaths.fixtures
let sharedCompat = TestPaths.sharedCompat
