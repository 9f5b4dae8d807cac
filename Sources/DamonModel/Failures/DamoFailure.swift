/// The family of errors damo reports to its user: each says in one line
/// what went wrong (which file, which kernel errno, which option), and
/// maps to one exit status.  The program catches them in one place,
/// prints `damo: <description>` on standard error and exits with the
/// status.  Every library's error type is one of them.
public protocol DamoFailure: Error, CustomStringConvertible {
    var exitStatus: Int32 { get }
}

extension DamoFailure {
    public var exitStatus: Int32 { 1 }
}
