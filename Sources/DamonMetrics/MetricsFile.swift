import DamonRecords

/// The one-shot mode's output: the exposition written to a file under a
/// temporary name and renamed into place, so that node_exporter's textfile
/// collector never reads half of it; or to standard output.
public enum MetricsFile {
    /// Readable by others (node_exporter rarely runs as root).
    public static let defaultPermission = 0o644

    public static func write(_ bytes: [UInt8], to path: String, permission: Int = defaultPermission) throws {
        try AtomicFileSink.write(bytes, to: path, permission: permission)
    }
}
