import DamoPlatform
import SystemPackage

/// File operations of the commands' outputs, with the errno of a failure.
public enum Files {
    /// A new directory `<path>.<%Y-%m-%d-%H-%M-%S>` (local time), or with
    /// `-1`, `-2`, ... when that exists; its path, or the first that could
    /// not be made and why.
    public static func makeStampedDirectory(_ path: String) throws(Failure) -> String {
        var now = time(nil)
        var tm = tm()
        localtime_r(&now, &tm)
        var buf = [CChar](repeating: 0, count: 64)
        strftime(&buf, buf.count, "%Y-%m-%d-%H-%M-%S", &tm)
        let stamp = path + "." + stringFromCChars(buf)
        var dir = stamp
        var n = 1
        while mkdir(dir, 0o777) != 0 {
            guard errno == EEXIST else { throw Failure(path: dir, errno: Errno(rawValue: errno)) }
            dir = stamp + "-\(n)"
            n += 1
        }
        return dir
    }

    /// Gives a file its permission and renames it over `to`.
    public static func moveIntoPlace(_ from: String, _ to: String, permission: Int) throws(Failure) {
        if chmod(from, mode_t(permission)) != 0 || rename(from, to) != 0 {
            throw Failure(path: to, errno: Errno(rawValue: errno))
        }
    }

    /// Renames a file (false when it could not be).
    @discardableResult
    public static func move(_ from: String, _ to: String) -> Bool { rename(from, to) == 0 }

    public static func remove(_ path: String) { unlink(path) }

    /// Removes a file and the files beside it named after it
    /// (`<path>.<anything>`, such as trace-cmd's per-CPU `<path>.cpu0`).
    public static func removeWithCompanions(_ path: String) {
        unlink(path)
        let slash = path.lastIndex(of: "/")
        let dir = slash.map { String(path[..<$0]) } ?? "."
        let prefix = (slash.map { String(path[path.index(after: $0)...]) } ?? path) + "."
        for name in ProcFS.list(dir) ?? [] where name.hasPrefix(prefix) {
            unlink(dir + "/" + name)
        }
    }

    /// A failed file operation: the path and the kernel's errno.
    public struct Failure: Error, CustomStringConvertible {
        public let path: String
        public let errno: Errno
        public var description: String { errnoDescription(errno.rawValue) }
    }
}
