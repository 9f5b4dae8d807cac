import Dispatch
import Subprocess
import SystemPackage

import DamoPlatform

/// A program damo needs could not be run.
public struct ProcessError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Runs helper programs (perf, less, ImageMagick) from damo's synchronous
/// commands: swift-subprocess underneath, a blocking call on top.
public enum Processes {
    /// The full path of `name` on PATH, if it is there and executable.
    public static func find(_ name: String) -> String? {
        if name.contains("/") { return access(name, X_OK) == 0 ? name : nil }
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// Runs `executable` with its standard output written to `outputFD`
    /// and its standard error kept (up to 64 KiB) for error messages.
    /// Returns the exit code, or -signal when killed by a signal.
    public static func run(_ executable: String, _ arguments: [String], stdoutTo outputFD: Int32) throws
        -> (status: Int32, stderr: String)
    {
        guard let path = find(executable) else {
            throw ProcessError("'\(executable)' is not installed (not found on PATH)")
        }
        let box = ResultBox<(Int32, String)>()
        let semaphore = DispatchSemaphore(value: 0)
        let args = arguments
        Task.detached {
            do {
                let result = try await Subprocess.run(
                    .path(FilePath(path)), arguments: Arguments(args),
                    output: .fileDescriptor(FileDescriptor(rawValue: outputFD), closeAfterSpawningProcess: false),
                    error: .string(limit: 1 << 16))
                let status: Int32
                switch result.terminationStatus {
                case .exited(let code): status = code
                case .signaled(let sig): status = -sig
                }
                box.set(.success((status, result.standardError)))
            } catch {
                box.set(.failure(ProcessError("running \(executable) failed: \(error)")))
            }
            semaphore.signal()
        }
        semaphore.wait()
        let (status, stderr) = try box.get()
        return (status, stderr)
    }

    /// Runs `executable` with output to a fresh temporary file, returning
    /// its path.  The caller removes the file.
    public static func runToTemporaryFile(_ executable: String, _ arguments: [String]) throws
        -> (path: String, status: Int32, stderr: String)
    {
        var template = Array((temporaryDirectory() + "/damo-XXXXXX").utf8CString)
        let fd = mkstemp(&template)
        if fd < 0 { throw ProcessError("cannot create a temporary file: \(errnoDescription())") }
        let path = stringFromCChars(template)
        defer { close(fd) }
        do {
            let (status, stderr) = try run(executable, arguments, stdoutTo: fd)
            return (path, status, stderr)
        } catch {
            unlink(path)
            throw error
        }
    }

    public static func temporaryDirectory() -> String {
        if let t = getenv("TMPDIR") { return String(cString: t) }
        return "/tmp"
    }
}

final class ResultBox<T: Sendable>: @unchecked Sendable {
    private var value: Result<T, Error>?
    private let lock = NSLockLite()
    func set(_ v: Result<T, Error>) { lock.withLock { value = v } }
    func get() throws -> T { try lock.withLock { value! }.get() }
}

/// A pthread mutex; Foundation is not needed for this one lock.
final class NSLockLite: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }
    func withLock<R>(_ body: () throws -> R) rethrows -> R {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body()
    }
}
