import DamonModel

/// A report that cannot be made from its input, with what is wrong.
public struct ReportError: DamoFailure, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
