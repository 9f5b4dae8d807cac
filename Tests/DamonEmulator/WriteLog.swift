#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One write attempt, in the order made.
public struct EmulatorWrite: Equatable, Sendable, CustomStringConvertible {
    /// Normalized path relative to the root ("kernel/mm/damon/...").
    public let path: String
    public let value: String
    /// nil when the write succeeded.
    public let errno: Int32?
    /// The failure came from failNextWrite/failWrite, not from the emulated kernel.
    public let injected: Bool

    public init(path: String, value: String, errno: Int32?, injected: Bool = false) {
        self.path = path
        self.value = value
        self.errno = errno
        self.injected = injected
    }

    public var succeeded: Bool { errno == nil }

    public var description: String {
        let result = errno.map { "errno \($0)\(injected ? " (injected)" : "")" } ?? "ok"
        return "\(path) <- '\(value)': \(result)"
    }
}

/// A failure waiting for its write.
struct InjectedFailure {
    enum Trigger {
        case predicate((_ path: String, _ value: String) -> Bool)
        /// Fires when it reaches zero; counts down on every write.
        case countdown(Int)
    }

    var trigger: Trigger
    var errno: Int32
}

extension SysfsEmulator {
    /// Writes that succeeded, in order.
    public var successfulWrites: [EmulatorWrite] { writeLog.filter(\.succeeded) }

    /// How many writes were attempted since creation or clearWriteLog().
    public var writeCount: Int { writeLog.count }

    public func clearWriteLog() { writeLog.removeAll() }

    /// Makes the next write whose normalized path and value satisfy the
    /// predicate fail with `errno`, without touching the tree.  One-shot.
    public func failNextWrite(errno: Int32 = EIO, where predicate: @escaping (_ path: String, _ value: String) -> Bool) {
        injections.append(InjectedFailure(trigger: .predicate(predicate), errno: errno))
    }

    /// Makes the next write to a path ending with `suffix` (e.g. "/state")
    /// fail with `errno`.  One-shot.
    public func failNextWrite(toPathEndingWith suffix: String, errno: Int32 = EIO) {
        failNextWrite(errno: errno) { path, _ in path.hasSuffix(suffix) }
    }

    /// Makes the n-th write from now (1 = the very next one) fail with
    /// `errno`, whatever its path.  One-shot.
    public func failWrite(number n: Int, errno: Int32 = EIO) {
        precondition(n >= 1, "writes are counted from 1")
        injections.append(InjectedFailure(trigger: .countdown(n), errno: errno))
    }

    public func clearInjectedFailures() { injections.removeAll() }

    /// Whether an injected failure is still waiting.
    public var hasPendingInjectedFailures: Bool { !injections.isEmpty }

    /// Counts this write for every countdown and returns the errno of the
    /// first injection that fires (all fired ones are consumed).
    func takeInjectedFailure(path: String, value: String) -> Int32? {
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
            if fires {
                fired = fired ?? injection.errno
            } else {
                remaining.append(injection)
            }
        }
        injections = remaining
        return fired
    }

    // MARK: - Snapshots

    /// Every file under `path` (default: the whole tree) with what reading
    /// it returns, keyed by path relative to the root.
    public func dump(under path: String = "") -> [String: String] {
        var result: [String: String] = [:]
        let prefix = Self.components(path)
        guard let start = try? resolve(prefix) else { return result }
        func walk(_ node: Node, _ components: [String]) {
            if node.isDirectory {
                for (name, child) in node.children { walk(child, components + [name]) }
            } else {
                result[Self.joined(components)] = shownContent(node)
            }
        }
        walk(start, prefix)
        return result
    }

    /// Human-readable differences between two dumps ("+", "-", "~" lines),
    /// sorted by path; empty when they are equal.
    public static func diff(_ before: [String: String], _ after: [String: String]) -> [String] {
        var lines: [String] = []
        for path in Set(before.keys).union(after.keys).sorted() {
            switch (before[path], after[path]) {
            case (let old?, nil): lines.append("- \(path) = '\(old)'")
            case (nil, let new?): lines.append("+ \(path) = '\(new)'")
            case (let old?, let new?) where old != new: lines.append("~ \(path): '\(old)' -> '\(new)'")
            default: break
            }
        }
        return lines
    }
}
