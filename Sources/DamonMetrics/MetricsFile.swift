#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
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

    /// Writes to standard output; false when it was closed (a pipe to
    /// `head`) or failed.
    public static func writeStandardOutput(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var off = 0
            while off < raw.count {
                let n = Glibc.write(1, raw.baseAddress! + off, raw.count - off)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                off += n
            }
            return true
        }
    }
}
