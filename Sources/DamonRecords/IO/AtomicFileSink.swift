import DamoPlatform

/// Writes an output file so that readers (and a crash) never see a
/// partial one, and without clobbering what is not a file:
///
/// - a regular file (or a new name) is written aside and renamed into
///   place when complete: where the file system can, as an unnamed file
///   (O_TMPFILE) that vanishes with the process on any exit, named only
///   for the instant of the rename, with signals held; elsewhere under a
///   temporary name, removed on errors and on fatal signals;
/// - a character device or FIFO (`/dev/null`, `/dev/stdout`, a pipe) is
///   written directly, as a shell redirection would; a FIFO nobody reads
///   is an error, not a wait; block devices and directories are refused;
/// - a symbolic link is followed: the file it points to is replaced and
///   the link stays.
///
/// `abandon()` drops what was written; the destination stays as it was.
public final class AtomicFileSink: ByteSink {
    public let path: String
    /// Where the data goes: `path` with symbolic links resolved.
    let target: String
    var fd: Int32
    let permission: mode_t
    /// Written directly (device or FIFO), not through a temporary file.
    let direct: Bool
    /// The temporary file's name, when it has one (no O_TMPFILE).
    var tempPath: String?
    var buffer: [UInt8] = []
    var done = false

    public convenience init(path: String, permission: Int = 0o600) throws {
        try self.init(path: path, permission: permission, unnamedAllowed: true)
    }

    /// `unnamedAllowed` false takes the named way (tests of file systems
    /// without O_TMPFILE).
    init(path: String, permission: Int, unnamedAllowed: Bool) throws {
        self.path = path
        self.permission = mode_t(permission)
        buffer.reserveCapacity(1 << 16)
        var st = stat()
        let exists = stat(path, &st) == 0
        let kind = exists ? st.st_mode & S_IFMT : 0
        if kind == S_IFDIR { throw RecordFileError(path, "is a directory") }
        if kind == S_IFBLK { throw RecordFileError(path, "is a block device; refusing to write a file over it") }
        // (A standard stream's path names whatever the shell opened.)
        let stream = ["/dev/stdout", "/dev/stderr", "/dev/fd/", "/proc/self/fd/"].contains { path.hasPrefix($0) }
        if exists && (kind != S_IFREG || stream) {
            // Devices, FIFOs, /dev/stdout: the shell's way, appending so
            // that `>>` redirections are kept.
            fd = open(path, O_WRONLY | O_APPEND | O_NONBLOCK | O_CLOEXEC)
            if fd < 0 {
                let message = errno == ENXIO ? "is a FIFO that nobody reads" : errnoDescription()
                throw RecordFileError(path, message)
            }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
            target = path
            direct = true
            return
        }
        direct = false
        target = try AtomicFileSink.resolveLinks(path)
        let (dir, _) = AtomicFileSink.split(target)
        fd = unnamedAllowed ? AtomicFileSink.unnamedFile(in: dir) : -1
        if fd < 0 {
            let made = TemporaryName.make(for: target)
            fd = made.fd
            if fd < 0 { throw RecordFileError(path, "cannot create a file in \(dir): " + errnoDescription()) }
            tempPath = made.path
            TempFileCleanup.register(made.path)
        }
    }

    deinit { if !done { abandon() } }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { try flushBuffer() }
    }

    func flushBuffer() throws {
        try buffer.withUnsafeBytes { raw in
            var off = 0
            while off < raw.count {
                let n = posixWrite(fd, raw.baseAddress! + off, raw.count - off)
                if n < 0 {
                    if errno == EINTR { continue }
                    let err = errnoDescription()
                    abandon()
                    throw RecordFileError(path, direct ? "write failed: \(err)"
                        : "write failed: \(err); nothing was written to \(path)")
                }
                off += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    public func finish() throws {
        try flushBuffer()
        if direct {
            close(fd)
            fd = -1
            done = true
            return
        }
        if fchmod(fd, permission) != 0 || fsync(fd) != 0 {
            let err = errnoDescription()
            abandon()
            throw RecordFileError(path, "cannot complete the file: \(err)")
        }
        if let tempPath {
            if rename(tempPath, target) != 0 { return try failRename() }
            TempFileCleanup.unregister(tempPath)
        } else if !linkIntoPlace() {
            return try failRename()
        }
        close(fd)
        fd = -1
        done = true
    }

    func failRename() throws {
        let err = errnoDescription()
        abandon()
        throw RecordFileError(path, "cannot rename the complete file into place: \(err)")
    }

    /// Drops what was written; the destination stays as it was.
    public func abandon() {
        if fd >= 0 {
            close(fd)
            fd = -1
        }
        if let tempPath {
            unlink(tempPath)
            TempFileCleanup.unregister(tempPath)
            self.tempPath = nil
        }
        done = true
    }

    /// Gives the unnamed file a temporary name and renames that over the
    /// target, with signals held so that no exit path leaves the name.
    func linkIntoPlace() -> Bool {
        var all = sigset_t(), old = sigset_t()
        sigfillset(&all)
        pthread_sigmask(SIG_BLOCK, &all, &old)
        defer { pthread_sigmask(SIG_SETMASK, &old, nil) }
        let fdPath = "/proc/self/fd/\(fd)"
        for _ in 0..<16 {
            let name = TemporaryName.candidate(for: target)
            if linkat(AT_FDCWD, fdPath, AT_FDCWD, name, AT_SYMLINK_FOLLOW) != 0 {
                if errno == EEXIST { continue }
                return false
            }
            if rename(name, target) != 0 {
                let saved = errno
                unlink(name)
                errno = saved
                return false
            }
            return true
        }
        errno = EEXIST
        return false
    }

    /// An unnamed file in `dir`, or -1 where the file system (or a missing
    /// /proc, needed to name it later) does not allow one.
    static func unnamedFile(in dir: String) -> Int32 {
        #if os(Linux)
        guard access("/proc/self/fd", X_OK) == 0 else { return -1 }
        // O_TMPFILE is a compound macro Swift does not import: __O_TMPFILE
        // (the same on x86-64 and arm64) with O_DIRECTORY.
        let oTmpfile: Int32 = 0o20000000 | O_DIRECTORY
        return open(dir, oTmpfile | O_WRONLY | O_CLOEXEC, 0o600)
        #else
        return -1
        #endif
    }

    /// The path with every symbolic link of its last component followed
    /// (a dangling link names the file to create).
    static func resolveLinks(_ path: String) throws -> String {
        var current = path
        for _ in 0..<40 {
            var st = stat()
            guard lstat(current, &st) == 0, st.st_mode & S_IFMT == S_IFLNK else { return current }
            var buf = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(current, &buf, buf.count - 1)
            guard n > 0 else { throw RecordFileError(path, "cannot read the symbolic link: " + errnoDescription()) }
            let link = String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = link.hasPrefix("/") ? link : split(current).dir + "/" + link
        }
        throw RecordFileError(path, "too many levels of symbolic links")
    }

    static func split(_ path: String) -> (dir: String, base: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let dir = String(path[..<slash])
        return (dir.isEmpty ? "/" : dir, String(path[path.index(after: slash)...]))
    }
}

/// Temporary names beside a target: `.<name>.tmp-XXXXXX`, the name cut
/// (at a character boundary) so that the whole stays within NAME_MAX.
enum TemporaryName {
    static let nameMax = 255
    static let suffix = ".tmp-XXXXXX"

    static func template(for target: String) -> String {
        let (dir, base) = AtomicFileSink.split(target)
        var bytes = Array(base.utf8)
        let room = nameMax - 1 - suffix.utf8.count
        if bytes.count > room {
            bytes.removeLast(bytes.count - room)
            while let last = bytes.last, last & 0xc0 == 0x80 { bytes.removeLast() }
            if let last = bytes.last, last >= 0xc0 { bytes.removeLast() }
        }
        return dir + "/." + String(decoding: bytes, as: UTF8.self) + suffix
    }

    /// A new file under a fresh temporary name.
    static func make(for target: String) -> (fd: Int32, path: String) {
        var chars = Array(template(for: target).utf8CString)
        let fd = mkstemp(&chars)
        return (fd, fd < 0 ? "" : stringFromCChars(chars))
    }

    /// A temporary name not created yet (for linkat, which fails on an
    /// existing one).
    static func candidate(for target: String) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        let random = String((0..<6).map { _ in letters.randomElement()! })
        return String(template(for: target).dropLast(6)) + random
    }
}

/// A sink that keeps bytes in memory (tests, and output to stdout).
public final class MemorySink: ByteSink {
    public private(set) var bytes: [UInt8] = []
    public init() {}
    public func write(_ b: UnsafeRawBufferPointer) throws { bytes.append(contentsOf: b) }
    public func finish() throws {}
}
