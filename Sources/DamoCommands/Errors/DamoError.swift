import DamonModel

/// A command's own failures: a mistake in the command line or its input
/// (one line, exit status 1), or an argument mistake that damo reports
/// the way the argument parser reports its own (with the usage, exit
/// status 64).
public enum DamoError: DamoFailure, Equatable {
    case invalid(String)
    case usage(String)

    public init(_ message: String) { self = .invalid(message) }

    public var description: String {
        switch self {
        case .invalid(let m), .usage(let m): return m
        }
    }

    public var exitStatus: Int32 {
        switch self {
        case .invalid: return 1
        case .usage: return 64
        }
    }
}

/// The end of a command that must exit with a status of its own and no
/// message (record stopped by a signal exits with the signal number).
public struct CommandExit: Error, Equatable {
    public let status: Int32
    public init(_ status: Int32) { self.status = status }
}
