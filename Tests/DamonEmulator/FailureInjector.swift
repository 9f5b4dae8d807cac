#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Write logging and failure injection for the debugfs and module
/// emulators (the sysfs emulator has its own, in WriteLog.swift).
public final class FailureInjector {
    var injections: [InjectedFailure] = []
    public internal(set) var writeLog: [EmulatorWrite] = []

    public init() {}

    /// Writes that succeeded, in order.
    public var successfulWrites: [EmulatorWrite] { writeLog.filter(\.succeeded) }

    public func clearWriteLog() { writeLog.removeAll() }

    /// Makes the next write whose path and value satisfy the predicate
    /// fail with `errno`, without reaching the emulated kernel.  One-shot.
    public func failNextWrite(errno: Int32 = EIO, where predicate: @escaping (_ path: String, _ value: String) -> Bool) {
        injections.append(InjectedFailure(trigger: .predicate(predicate), errno: errno))
    }

    /// Makes the n-th write from now (1 = the next one) fail.  One-shot.
    public func failWrite(number n: Int, errno: Int32 = EIO) {
        precondition(n >= 1, "writes are counted from 1")
        injections.append(InjectedFailure(trigger: .countdown(n), errno: errno))
    }

    /// Runs one write: an injected failure, or `store`; logs the result.
    func write(_ path: String, _ value: String, store: () throws(KernelErrno) -> Void) throws(DamonFSErrorBox) {
        if let errno = take(path: path, value: value) {
            writeLog.append(EmulatorWrite(path: path, value: value, errno: errno, injected: true))
            throw DamonFSErrorBox(errno: errno)
        }
        do throws(KernelErrno) { try store() } catch {
            writeLog.append(EmulatorWrite(path: path, value: value, errno: error.code))
            throw DamonFSErrorBox(errno: error.code)
        }
        writeLog.append(EmulatorWrite(path: path, value: value, errno: nil))
    }

    func take(path: String, value: String) -> Int32? {
        var fired: Int32?
        var remaining: [InjectedFailure] = []
        for var injection in injections {
            let fires: Bool
            switch injection.trigger {
            case .predicate(let matches): fires = fired == nil && matches(path, value)
            case .countdown(let n):
                fires = n <= 1
                injection.trigger = .countdown(n - 1)
            }
            if fires { fired = fired ?? injection.errno } else { remaining.append(injection) }
        }
        injections = remaining
        return fired
    }
}

/// The errno of a failed emulated write, before it gets its path.
struct DamonFSErrorBox: Error {
    let errno: Int32
}

/// Path helpers shared by the emulators.
enum EmulatedPath {
    static func components(_ path: String) -> [String] {
        var result: [String] = []
        for part in path.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": if !result.isEmpty { result.removeLast() }
            default: result.append(String(part))
            }
        }
        return result
    }

    static func normalized(_ path: String) -> String { components(path).joined(separator: "/") }
}
