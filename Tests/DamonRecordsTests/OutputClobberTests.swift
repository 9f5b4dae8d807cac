import Foundation
import Testing
@testable import DamonRecords

#if canImport(Glibc)
import Glibc
#endif

/// Outputs that are not plain files, long names, and every way a write
/// can end: the file appears complete or not at all, devices and FIFOs
/// are written (not replaced by a file), nothing temporary stays behind.
@Suite("Output files")
struct OutputClobberTests {
    func entries(_ dir: TempDir) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    }

    func kind(_ path: String) -> mode_t {
        var st = stat()
        return lstat(path, &st) == 0 ? st.st_mode & S_IFMT : 0
    }

    /// As root, `--output /dev/null` used to replace the device node with
    /// a regular file.
    @Test func characterDeviceIsWrittenNotReplaced() throws {
        let sink = try AtomicFileSink(path: "/dev/null", permission: 0o600)
        try sink.write(Array(repeating: 7, count: 200_000))
        try sink.finish()
        #expect(kind("/dev/null") == S_IFCHR)
    }

    @Test func blockDevicesAndDirectoriesAreRefused() throws {
        let dir = TempDir()
        #expect(throws: RecordFileError.self) { try AtomicFileSink(path: dir.path) }
        let block = (try? FileManager.default.contentsOfDirectory(atPath: "/dev"))?
            .map { "/dev/" + $0 }.first { kind($0) == S_IFBLK }
        if let block {
            // Refused from stat() alone: the device is never opened.
            #expect(throws: RecordFileError.self) { try AtomicFileSink(path: block) }
        }
    }

    @Test(.timeLimit(.minutes(1))) func fifoIsWrittenDirectly() throws {
        let dir = TempDir()
        let fifo = dir.file("fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        // Nobody reads: an error at once, not a wait.
        #expect {
            try AtomicFileSink(path: fifo, permission: 0o600)
        } throws: { ($0 as? RecordFileError)?.problem == "is a FIFO that nobody reads" }
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        #expect(reader >= 0)
        defer { close(reader) }
        let sink = try AtomicFileSink(path: fifo, permission: 0o600)
        try sink.write(Array("through the pipe".utf8))
        try sink.finish()
        var buf = [UInt8](repeating: 0, count: 64)
        let n = read(reader, &buf, buf.count)
        #expect(n > 0 && Array(buf[0..<n]) == Array("through the pipe".utf8))
        #expect(kind(fifo) == S_IFIFO)
        #expect(try entries(dir) == ["fifo"])
    }

    /// Symbolic links are followed: the file they point to is replaced.
    @Test func symbolicLinksAreFollowed() throws {
        let dir = TempDir()
        try FileManager.default.createDirectory(atPath: dir.file("real"), withIntermediateDirectories: false)
        try writeText("old", dir.file("real/out"))
        #expect(symlink("real/out", dir.file("link")) == 0)
        #expect(symlink(dir.file("link"), dir.file("link2")) == 0)
        let sink = try AtomicFileSink(path: dir.file("link2"), permission: 0o644)
        try sink.write(Array("new".utf8))
        try sink.finish()
        #expect(kind(dir.file("link")) == S_IFLNK && kind(dir.file("link2")) == S_IFLNK)
        #expect(try readBytes(dir.file("real/out")) == Array("new".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.file("real")) == ["out"])
        // A dangling link names the file to create.
        #expect(symlink("real/created", dir.file("dangling")) == 0)
        let created = try AtomicFileSink(path: dir.file("dangling"), permission: 0o644)
        try created.finish()
        #expect(kind(dir.file("real/created")) == S_IFREG && kind(dir.file("dangling")) == S_IFLNK)
        // A loop is an error.
        #expect(symlink("loop", dir.file("loop")) == 0)
        #expect(throws: RecordFileError.self) { try AtomicFileSink(path: dir.file("loop")) }
    }

    /// A 250-byte name (legal) once made a temporary name beyond NAME_MAX.
    @Test(arguments: [true, false]) func longNames(unnamed: Bool) throws {
        let dir = TempDir()
        for name in [String(repeating: "n", count: 255), String(repeating: "é", count: 127)] {
            let sink = try AtomicFileSink(path: dir.file(name), permission: 0o600, unnamedAllowed: unnamed)
            try sink.write(Array("x".utf8))
            try sink.finish()
            #expect(try readBytes(dir.file(name)) == Array("x".utf8))
            #expect(TemporaryName.template(for: dir.file(name)).split(separator: "/").last!.utf8.count <= 255)
        }
        #expect(try entries(dir).count == 2)
    }

    /// The named way (file systems without O_TMPFILE): replaced only when
    /// finished, removed when abandoned or dropped.
    @Test func namedTemporaryFiles() throws {
        let dir = TempDir()
        let path = dir.file("out")
        try writeText("old", path)
        let sink = try AtomicFileSink(path: path, permission: 0o600, unnamedAllowed: false)
        try sink.write(Array("new".utf8))
        #expect(try entries(dir).count == 2)
        #expect(try readBytes(path) == Array("old".utf8))
        try sink.finish()
        #expect(try entries(dir) == ["out"] && (try readBytes(path)) == Array("new".utf8))
        do {
            let dropped = try AtomicFileSink(path: path, permission: 0o600, unnamedAllowed: false)
            try dropped.write([1])
        }
        #expect(try entries(dir) == ["out"])
    }

    /// A signal or a crash while a named temporary file is open removes
    /// it (the unnamed kind vanishes with the process by itself).  The
    /// child process only raises or faults: the handler does the rest.
    @Test(.timeLimit(.minutes(1)), arguments: [SIGTERM, SIGINT, SIGHUP, SIGSEGV])
    func signalsLeaveNoTemporaryFile(_ sig: Int32) throws {
        let dir = TempDir()
        let sink = try AtomicFileSink(path: dir.file("out"), permission: 0o600, unnamedAllowed: false)
        try sink.write(Array(repeating: 1, count: 100))
        #expect(try entries(dir).count == 1)
        let pid = fork()
        if pid == 0 {
            var set = sigset_t()
            sigfillset(&set)
            pthread_sigmask(SIG_UNBLOCK, &set, nil)
            if sig == SIGSEGV {
                // A real fault, as a crash would be.
                UnsafeMutablePointer<Int>(bitPattern: 8)!.pointee = 1
            }
            kill(getpid(), sig)
            _exit(0)
        }
        var status: Int32 = 0
        #expect(waitpid(pid, &status, 0) == pid)
        #expect(status & 0x7f == sig, "status \(status)")
        #expect(try entries(dir).isEmpty)
        sink.abandon()
    }
}
