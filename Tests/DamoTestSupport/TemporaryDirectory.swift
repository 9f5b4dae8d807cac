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
