import DamonModel

/// A command's own failures: a mistake in the command line or its input
/// (one line, exit status 1), or an argument mistake that damo reports
/// the way argparse reports its own (`damo CMD: error: ...`, exit status
/// 2).
public enum DamoError: DamoFailure, Equatable {
    case invalid(String)
    case usage(String)

    public init(_ message: String) { self = .invalid(message) }

    public var description: String {
        switch self {
        case .invalid(let m), .usage(let m): return m
        }
    }

    /// Text from the command line or a file quoted in a message: its first
    /// line, at most 60 characters, with how much was left out.
    public static func excerpt(_ text: String) -> String {
        let lines = text.split(whereSeparator: \.isNewline)
        let first = lines.first.map(String.init) ?? ""
        var shown = String(first.prefix(60))
        if shown.count < first.count { shown += "..." }
        if lines.count > 1 { shown += " (\(lines.count) lines)" }
        return shown
    }

    public var exitStatus: Int32 {
        switch self {
        case .invalid: return 1
        case .usage: return 2
        }
    }
}

/// The end of a command that must exit with a status of its own and no
/// message (record stopped by a signal exits with the signal number).
public struct CommandExit: Error, Equatable {
    public let status: Int32
    public init(_ status: Int32) { self.status = status }
}
