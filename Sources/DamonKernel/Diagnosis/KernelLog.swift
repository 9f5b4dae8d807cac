import DamoPlatform
import SystemPackage

/// The kernel's messages (/dev/kmsg, what dmesg shows), read without
/// waiting for new ones and without clearing anything.
public enum KernelLog {
    public struct Message: Sendable, Equatable {
        /// syslog level: 0 emergency ... 3 error, 4 warning, ... 7 debug.
        public let level: Int
        public let microseconds: Int
        public let text: String

        /// As dmesg prints it: `[   12.345678] text`.
        public var line: String {
            let seconds = String(microseconds / 1_000_000)
            let fraction = String(microseconds % 1_000_000)
            return "[" + String(repeating: " ", count: max(0, 5 - seconds.count)) + seconds + "."
                + String(repeating: "0", count: 6 - fraction.count) + fraction + "] " + text
        }
    }

    public struct ReadError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Every message still in the kernel's buffer, oldest first.  `path`
    /// is /dev/kmsg, or a file of its records for tests.
    public static func read(path: String = "/dev/kmsg") throws(ReadError) -> [Message] {
        let fd: FileDescriptor
        do { fd = try FileDescriptor.open(path, .readOnly, options: [.nonBlocking, .closeOnExec]) } catch {
            throw ReadError(description: "cannot read \(path): \(errnoDescription(Errno.of(error).rawValue))")
        }
        defer { try? fd.close() }
        var messages: [Message] = []
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 8192)
        reading: while true {
            let n: Int
            do {
                n = try buffer.withUnsafeMutableBytes { try fd.read(into: $0) }
            } catch {
                switch Errno.of(error) {
                // Overwritten while reading: the next read goes on.
                case .brokenPipe: continue
                case .resourceTemporarilyUnavailable: break reading
                case let e: throw ReadError(description: "cannot read \(path): \(errnoDescription(e.rawValue))")
                }
            }
            if n == 0 { break }
            // /dev/kmsg gives one record per read; a file gives many.
            pending += buffer[0..<n]
            while let newline = pending.firstIndex(of: 0x0a) {
                let record = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                if let message = parse(record) { messages.append(message) }
            }
        }
        if !pending.isEmpty, let message = parse(String(decoding: pending, as: UTF8.self)) { messages.append(message) }
        return messages
    }

    /// `<prefix>,<seq>,<usec>,<flags>[,...];<text>`; continuation lines
    /// (` KEY=value`) carry no message.
    static func parse(_ record: String) -> Message? {
        guard !record.hasPrefix(" "), let semicolon = record.firstIndex(of: ";") else { return nil }
        let fields = record[..<semicolon].split(separator: ",")
        guard fields.count >= 3, let prefix = Int(fields[0]), let usec = Int(fields[2]) else { return nil }
        return Message(level: prefix & 7, microseconds: usec, text: String(record[record.index(after: semicolon)...]))
    }

    /// Messages about DAMON (its modules, kdamonds and interfaces).
    public static func aboutDamon(_ messages: [Message]) -> [Message] {
        messages.filter { $0.text.lowercased().contains("damon") }
    }
}
