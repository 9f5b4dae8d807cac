import DamonModel
import DamoPlatform
import Dispatch
import Subprocess
import Synchronization
import SystemPackage

/// A program damo needs could not be run.
public struct ProcessError: DamoFailure, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Runs helper programs to completion (perf, less, ImageMagick, python)
/// from damo's synchronous commands: swift-subprocess underneath, a
/// blocking call on top.  Programs left running are ProcessLauncher's.
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

    static func path(of executable: String) throws -> String {
        guard let path = find(executable) else {
            throw ProcessError("'\(executable)' is not installed (not found on PATH)")
        }
        return path
    }

    /// The exit code, or -signal when killed by a signal.
    static func code(_ status: TerminationStatus) -> Int32 {
        switch status {
        case .exited(let code): return code
        case .signaled(let sig): return -sig
        }
    }

    /// Waits for an asynchronous swift-subprocess call on a detached task.
    static func blocking<T: Sendable>(_ what: String, _ body: @escaping @Sendable () async throws -> T) throws -> T {
        let result = Mutex<Result<T, Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            let r: Result<T, Error>
            do { r = .success(try await body()) } catch { r = .failure(ProcessError("running \(what) failed: \(error)")) }
            result.withLock { $0 = r }
            done.signal()
        }
        done.wait()
        return try result.withLock { $0! }.get()
    }

    /// Runs `executable` with its standard output written to `output`
    /// and its standard error kept (up to 64 KiB) for error messages.
    /// Returns the exit code, or -signal when killed by a signal.
    public static func run(_ executable: String, _ arguments: [String], stdoutTo output: FileDescriptor) throws
        -> (status: Int32, stderr: String)
    {
        let path = try path(of: executable)
        return try blocking(executable) {
            let result = try await Subprocess.run(
                .path(FilePath(path)), arguments: Arguments(arguments),
                output: .fileDescriptor(output, closeAfterSpawningProcess: false), error: .string(limit: 1 << 16))
            return (code(result.terminationStatus), result.standardError)
        }
    }

    /// Runs `executable` with output to a fresh temporary file, returning
    /// its path.  The caller removes the file.
    public static func runToTemporaryFile(_ executable: String, _ arguments: [String]) throws
        -> (path: String, status: Int32, stderr: String)
    {
        let fd: FileDescriptor, path: String
        do { (fd, path) = try TemporaryFile.create("damo-XXXXXX") } catch {
            throw ProcessError("cannot create a temporary file: \(errnoDescription(error.rawValue))")
        }
        return try fd.closeAfter {
            do {
                let (status, stderr) = try run(executable, arguments, stdoutTo: fd)
                return (path, status, stderr)
            } catch {
                unlink(path)
                throw error
            }
        }
    }

    /// Runs a program on damo's own standard streams (an interactive
    /// `perf report`, a python script) and returns its exit status
    /// (-signal if killed).
    public static func runInteractive(_ executable: String, _ arguments: [String]) throws -> Int32 {
        let path = try path(of: executable)
        return try blocking(executable) {
            let result = try await Subprocess.run(
                .path(FilePath(path)), arguments: Arguments(arguments), input: .currentStandardInput,
                output: .currentStandardOutput, error: .currentStandardError)
            return code(result.terminationStatus)
        }
    }

    public static func temporaryDirectory() -> String {
        if let t = getenv("TMPDIR") { return String(cString: t) }
        return "/tmp"
    }
}

/// Files made with mkstemp in the temporary directory.
public enum TemporaryFile {
    /// Why a temporary file could not be had.
    public enum Failure: Error {
        case create(Errno)
        case write(path: String, Errno)
    }

    /// A new file from a mkstemp template (`name-XXXXXX`) in the temporary
    /// directory: its descriptor and path.
    public static func create(_ template: String) throws(Errno) -> (FileDescriptor, String) {
        var chars = Array((Processes.temporaryDirectory() + "/" + template).utf8CString)
        let fd = mkstemp(&chars)
        guard fd >= 0 else { throw Errno(rawValue: errno) }
        return (FileDescriptor(rawValue: fd), stringFromCChars(chars))
    }

    /// A new temporary file holding `text`; its path (the caller removes it).
    public static func write(_ text: String, _ template: String) throws(Failure) -> String {
        try write(bytes: text.utf8, template)
    }

    /// A new temporary file holding `bytes`; its path (the caller removes it).
    public static func write(bytes: some Sequence<UInt8>, _ template: String) throws(Failure) -> String {
        let fd: FileDescriptor, path: String
        do { (fd, path) = try create(template) } catch { throw .create(error) }
        do {
            _ = try fd.closeAfter { try fd.writeAll(bytes) }
        } catch {
            unlink(path)
            throw .write(path: path, (error as? Errno) ?? .ioError)
        }
        return path
    }
}
