import Foundation

/// A fresh directory for one test, removed with its content when the
/// value goes away (Swift Testing makes a suite value per test).
public final class TemporaryDirectory: @unchecked Sendable {
    public let path: String

    public init(_ prefix: String = "damo-test") {
        var template = Array((NSTemporaryDirectory() + "/\(prefix)-XXXXXX").utf8CString)
        if let p = mkdtemp(&template) {
            path = String(cString: p)
        } else {
            // mkdtemp fails only without a usable temporary directory.
            path = NSTemporaryDirectory() + "/\(prefix)-\(UUID().uuidString)"
            try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// The path of `name` in the directory.
    public func file(_ name: String) -> String { path + "/" + name }

    /// A subdirectory, made.
    public func subdirectory(_ name: String) throws -> String {
        try FileManager.default.createDirectory(atPath: file(name), withIntermediateDirectories: true)
        return file(name)
    }

    /// A stand-in program `name` (a script) in its `bin` subdirectory; a
    /// PATH that finds it first.
    public func program(_ name: String, script: String) throws -> String {
        let bin = try subdirectory("bin")
        try script.write(toFile: bin + "/" + name, atomically: true, encoding: .utf8)
        guard chmod(bin + "/" + name, 0o755) == 0 else { throw CocoaError(.fileWriteNoPermission) }
        return bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    }

    /// The names in the directory.
    public func entries() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: path) }
}

/// Writes files (paths relative to `root`, each a line of text) as plain
/// files: a kernel's interface dumped from an emulator, for damo to read
/// under an interface root.
public func writePlainFiles(_ files: [String: String], under root: String) throws {
    for (path, content) in files {
        let full = root + "/" + path
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: full, contents: Data((content + "\n").utf8))
    }
}

extension TemporaryDirectory {
    /// A directory a whole suite shares (a `static let`, which is never
    /// deinitialized): removed when the test process exits.
    public static func forSuite(_ prefix: String) -> TemporaryDirectory {
        let directory = TemporaryDirectory(prefix)
        ScratchPaths.shared.add(directory.path)
        return directory
    }

    /// A fresh path in the temporary directory, for a test that makes its
    /// own file or folder there (an interface root, a log): removed when
    /// the test process exits, so that test runs leave nothing behind.
    public static func scratchPath(_ prefix: String) -> String {
        let path = NSTemporaryDirectory() + "/\(prefix)-\(UUID().uuidString)"
        ScratchPaths.shared.add(path)
        return path
    }
}

/// The scratch paths handed out, removed at exit.
final class ScratchPaths: @unchecked Sendable {
    static let shared = ScratchPaths()
    private let lock = NSLock()
    private var paths: [String] = []

    private init() {
        atexit { ScratchPaths.shared.removeAll() }
    }

    func add(_ path: String) { lock.withLock { paths.append(path) } }

    func removeAll() {
        for path in lock.withLock({ paths }) { try? FileManager.default.removeItem(atPath: path) }
    }
}
