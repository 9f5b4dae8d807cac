import DamoPlatform

/// Many small files of one directory read in a row (a scheme's stats, a
/// context's attributes), as the metrics exporter does on every scrape.
/// On the real filesystem the directory is opened once and its files
/// relative to it, which spares the kernel walking the long sysfs path
/// for each file, and a file is read into a stack buffer, in one read(2)
/// (a short read of a sysfs attribute or a regular file is its end);
/// other DamonFS implementations get plain `read`s.  Errors are
/// DamonFS's, with the file's full path.
public final class DamonDirectory {
    public let fs: DamonFS
    public let path: String
    private var fd: Int32 = -1
    private let shownRoot: String

    public init(_ fs: DamonFS, _ path: String) {
        self.fs = fs
        self.path = path
        if let real = fs as? RealDamonFS {
            shownRoot = real.root + "/"
            fd = open(shownRoot + path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        } else {
            shownRoot = ""
        }
    }

    deinit { if fd >= 0 { close(fd) } }

    /// A file's content, trailing newlines removed (as DamonFS.read).
    public func read(_ name: String) throws(DamonFSError) -> String {
        guard fd >= 0 else { return try fs.read(path + "/" + name) }
        let file = openat(fd, name, O_RDONLY | O_CLOEXEC)
        if file < 0 { throw DamonFSError(path: shownRoot + path + "/" + name, errno: errno, operation: "reading") }
        defer { close(file) }
        // DAMON's files are short; a longer one (a percentiles list) is
        // read in more steps.
        return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 4096) { (buffer) throws(DamonFSError) -> String in
            var n = 0
            var more: [UInt8] = []
            while true {
                let got = Glibc.read(file, buffer.baseAddress! + n, buffer.count - n)
                if got < 0 {
                    if errno == EINTR { continue }
                    throw DamonFSError(path: shownRoot + path + "/" + name, errno: errno, operation: "reading")
                }
                if got == 0 { break }
                n += got
                if n < buffer.count { break }
                if n == buffer.count {
                    more += buffer[0..<n]
                    n = 0
                }
            }
            var end = n
            if more.isEmpty {
                while end > 0 && buffer[end - 1] == 0x0a { end -= 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: buffer[0..<end]), as: UTF8.self)
            }
            more += buffer[0..<n]
            while more.last == 0x0a { more.removeLast() }
            return String(decoding: more, as: UTF8.self)
        }
    }
}
