import DamonModel

/// Where things are in DAMON's sysfs interface, relative to /sys.
public enum SysfsPaths {
    public static let damon = "kernel/mm/damon"
    public static let kdamonds = "kernel/mm/damon/admin/kdamonds"

    public static func kdamond(_ k: Int) -> String { "\(kdamonds)/\(k)" }
    public static func context(_ k: Int, _ c: Int) -> String { "\(kdamond(k))/contexts/\(c)" }
    public static func scheme(_ k: Int, _ c: Int, _ s: Int) -> String { "\(context(k, c))/schemes/\(s)" }
}

/// A request the running kernel cannot serve: a feature its files lack, or
/// a state that forbids the change.  Reported before anything is written.
public struct DamonControlError: DamoFailure, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
