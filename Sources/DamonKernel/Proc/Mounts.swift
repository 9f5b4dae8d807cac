/// Mount points of file systems, from /proc/mounts: the first mount of
/// each type.
public enum Mounts {
    public static func current() -> [String: String] { parse(ProcFS.read("/proc/mounts") ?? "") }

    public static func parse(_ text: String) -> [String: String] {
        var points: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 3 else { continue }
            let type = String(fields[2])
            if points[type] == nil { points[type] = String(fields[1]) }
        }
        return points
    }
}
