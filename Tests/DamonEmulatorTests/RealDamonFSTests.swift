#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import DamonKernel
import Foundation
import Testing

/// RealDamonFS against files in a temporary directory (never /sys).
@Suite("RealDamonFS on a temporary root")
struct RealDamonFSTests {
    /// A fresh root with kernel/mm/damon/admin/kdamonds/{nr_kdamonds,0/state}.
    func makeRoot() throws -> String {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("damon-realfs-\(UUID().uuidString)").path
        let kdamonds = root + "/kernel/mm/damon/admin/kdamonds"
        try FileManager.default.createDirectory(atPath: kdamonds + "/0", withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: kdamonds + "/nr_kdamonds", contents: Data("1\n".utf8)))
        #expect(FileManager.default.createFile(atPath: kdamonds + "/0/state", contents: Data("off\n\n".utf8)))
        #expect(FileManager.default.createFile(atPath: kdamonds + "/0/refresh_ms", contents: Data()))
        try FileManager.default.createDirectory(atPath: kdamonds + "/1", withIntermediateDirectories: true)
        return root
    }

    @Test func readWriteList() throws {
        let root = try makeRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fs = RealDamonFS(root: root + "/")
        let kd = "kernel/mm/damon/admin/kdamonds"
        #expect(try fs.read("\(kd)/nr_kdamonds") == "1")
        #expect(try fs.read("\(kd)/0/state") == "off")
        // One write(2) of exactly the value, no newline added.  (It does not
        // truncate: fine for sysfs, so the file starts empty here.)
        try fs.write("\(kd)/0/refresh_ms", "100")
        #expect(try fs.read("\(kd)/0/refresh_ms") == "100")
        #expect(try String(contentsOfFile: "\(root)/\(kd)/0/refresh_ms", encoding: .utf8) == "100")
        #expect(try fs.list(kd) == ["0", "1", "nr_kdamonds"])
        #expect(fs.exists("\(kd)/0/state"))
        #expect(fs.isDirectory("\(kd)/0"))
        #expect(!fs.isDirectory("\(kd)/nr_kdamonds"))
        #expect(!fs.exists("\(kd)/2"))
    }

    @Test func errors() throws {
        let root = try makeRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fs = RealDamonFS(root: root)
        let kd = "kernel/mm/damon/admin/kdamonds"
        #expect(errnoOf { _ = try fs.read("\(kd)/missing") } == ENOENT)
        // write(2) never creates files.
        #expect(errnoOf { try fs.write("\(kd)/missing", "1") } == ENOENT)
        #expect(!fs.exists("\(kd)/missing"))
        #expect(errnoOf { _ = try fs.list("\(kd)/nr_kdamonds") } == ENOTDIR)
        #expect(errnoOf { try fs.write("\(kd)/0", "1") } == EISDIR)
        do {
            _ = try fs.read("\(kd)/missing")
        } catch {
            // Errors name the real file, root included, for the user.
            #expect(error.path == fs.root + "/\(kd)/missing")
            #expect(error.operation == "reading")
        }
    }

    /// EBUSY from DAMON's trylock is transient: retried until it passes;
    /// a lasting one, or any other error, still reaches the caller.
    @Test func busyIsRetried() throws {
        let busy = DamonFSError(path: "/sys/x/state", errno: EBUSY, operation: "reading")
        var calls = 0
        let value = try RealDamonFS.retryingBusy(attempts: 5, pause: 0) { () throws(DamonFSError) -> String in
            calls += 1
            if calls < 3 { throw busy }
            return "on"
        }
        #expect(value == "on" && calls == 3)

        calls = 0
        #expect(errnoOf {
            _ = try RealDamonFS.retryingBusy(attempts: 5, pause: 0) { () throws(DamonFSError) -> String in
                calls += 1
                throw busy
            }
        } == EBUSY)
        #expect(calls == 5)

        calls = 0
        #expect(errnoOf {
            _ = try RealDamonFS.retryingBusy(attempts: 5, pause: 0) { () throws(DamonFSError) -> String in
                calls += 1
                throw DamonFSError(path: "/sys/x/state", errno: EINVAL, operation: "writing")
            }
        } == EINVAL)
        #expect(calls == 1)
    }
}
