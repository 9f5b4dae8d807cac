import DamoPlatform
import SystemPackage

/// Small files of /proc and /sys, and processes.
public enum ProcFS {
    /// The whole content of a small file; nil when it cannot be read.
    public static func read(_ path: String) -> String? { try? contents(path) }

    /// The whole content of a file, or why it cannot be read.  A FIFO
    /// without a writer reads as empty instead of blocking in open(); a
    /// device node (endless, or waiting for a terminal) is not a file to
    /// read (ENODEV).
    public static func contents(_ path: String) throws(Errno) -> String {
        String(decoding: try bytes(path), as: UTF8.self)
    }

    /// The whole content of a file as bytes (an image), or why it cannot
    /// be read; FIFOs and device nodes as for `contents`.
    public static func bytes(_ path: String) throws(Errno) -> [UInt8] {
        do {
            let fd = try FileDescriptor.open(path, .readOnly, options: [.closeOnExec, .nonBlocking])
            return try fd.closeAfter {
                try refuseDevice(fd)
                _ = fcntl(fd.rawValue, F_SETFL, fcntl(fd.rawValue, F_GETFL) & ~O_NONBLOCK)
                return try readAll(fd, chunk: 1 << 16)
            }
        } catch {
            throw Errno.of(error)
        }
    }

    static func refuseDevice(_ fd: FileDescriptor) throws(Errno) {
        var st = stat()
        let kind = fstat(fd.rawValue, &st) == 0 ? st.st_mode & S_IFMT : 0
        if kind == S_IFCHR || kind == S_IFBLK { throw Errno(rawValue: ENODEV) }
    }

    /// Every byte up to the end of a file.
    static func readAll(_ fd: FileDescriptor, chunk: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: chunk)
        while true {
            let n = try buf.withUnsafeMutableBytes { try fd.read(into: $0) }
            if n == 0 { return bytes }
            bytes.append(contentsOf: buf[0..<n])
        }
    }

    /// Names in a directory, without . and ..; nil when it cannot be read.
    public static func list(_ path: String) -> [String]? {
        guard let dir = opendir(path) else { return nil }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    public static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// Whether a process of this pid exists.
    public static func processExists(_ pid: Int) -> Bool {
        guard pid > 0, pid <= Int(Int32.max) else { return false }
        if kill(pid_t(pid), 0) == 0 { return true }
        return errno == EPERM
    }

    /// The pid of this process.
    public static var selfPid: Int { Int(getpid()) }
}

extension ProcFS {
    /// Whether `path` is a regular file (or a link to one).
    public static func isRegularFile(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }

    /// A file's size in bytes; nil when there is no file.
    public static func fileSize(_ path: String) -> Int? {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_size) : nil
    }
}

extension ProcFS {
    public static func isExecutable(_ path: String) -> Bool { access(path, X_OK) == 0 }

    /// Whether anything (file, directory, device, ...) is at `path`.
    public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }
}

extension ProcFS {
    /// Whether a process runs: exists and is neither a zombie nor dead
    /// (an exited child not yet reaped still "exists" for kill(2)).
    public static func processRuns(_ pid: Int) -> Bool {
        guard pid > 0, let stat = read("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(after: close)...].split(separator: " ").first
        return state != "Z" && state != "X"
    }
}

extension ProcFS {
    /// The CPU time (clock ticks) the processes of a process group used,
    /// with their reaped children's.
    public static func groupCPUTicks(_ pgid: Int) -> Int {
        var ticks = 0
        for name in list("/proc") ?? [] {
            guard name.first?.isNumber == true, let stat = read("/proc/\(name)/stat"),
                  let close = stat.lastIndex(of: ")") else { continue }
            // (fields from the state on: pgrp, then utime to cstime)
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 14, Int(fields[2]) == pgid else { continue }
            for f in fields[11...14] { ticks = ticks &+ (Int(f) ?? 0) }
        }
        return ticks
    }

    /// Every running descendant of the given processes (children,
    /// grandchildren, ...), from the parent pids of /proc/PID/stat.
    public static func descendants(of roots: [Int]) -> [Int] {
        var children: [Int: [Int]] = [:]
        for name in list("/proc") ?? [] {
            guard let pid = Int(name), let stat = read("/proc/\(name)/stat"),
                  let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 1, fields[0] != "Z", fields[0] != "X", let ppid = Int(fields[1]) else { continue }
            children[ppid, default: []].append(pid)
        }
        var result: [Int] = []
        var queue = roots
        var seen = Set(roots)
        while let pid = queue.first {
            queue.removeFirst()
            for child in (children[pid] ?? []).sorted() where !seen.contains(child) {
                seen.insert(child)
                result.append(child)
                queue.append(child)
            }
        }
        return result
    }
}

extension Errno {
    /// The errno of an error swift-system threw (they all are Errno).
    static func of(_ error: Error) -> Errno { (error as? Errno) ?? .ioError }

    /// The C library's text for it, as damo's messages quote it.
    public var text: String { errnoDescription(rawValue) }
}

extension ProcFS {
    /// The path of this program (/proc/self/exe).
    public static var selfExecutable: String? {
        var buf = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buf, buf.count - 1)
        guard n > 0 else { return nil }
        return stringFromCChars(Array(buf[0..<n]) + [0])
    }
}
