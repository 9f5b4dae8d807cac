import Testing
import DamonEmulator
@testable import DamonKernel
import DamonModel

/// DAMON's files as a buggy or hostile kernel might show them: a count
/// file naming more directories than there are.  Found by FuzzKernelFiles
/// (an nr_regions of two billion made status reserve 45 GB and abort).
@Suite struct HostileKernelFilesTests {
    /// The emulated kernel, with some files' content replaced.
    final class Overridden: DamonFS {
        let fs: SysfsEmulator
        let contents: [String: String]
        init(_ fs: SysfsEmulator, _ contents: [String: String]) { self.fs = fs; self.contents = contents }
        func read(_ path: String) throws(DamonFSError) -> String {
            if let content = contents[path] { return content }
            return try fs.read(path)
        }
        func write(_ path: String, _ value: String) throws(DamonFSError) { try fs.write(path, value) }
        func list(_ path: String) throws(DamonFSError) -> [String] { try fs.list(path) }
        func exists(_ path: String) -> Bool { fs.exists(path) }
        func isDirectory(_ path: String) -> Bool { fs.isDirectory(path) }
    }

    static let kdamond = "kernel/mm/damon/admin/kdamonds/0"

    @Test(arguments: [
        ("kernel/mm/damon/admin/kdamonds/nr_kdamonds", "2"),
        (kdamond + "/contexts/nr_contexts", "2147483647"),
        (kdamond + "/contexts/0/targets/nr_targets", "3"),
        (kdamond + "/contexts/0/targets/0/regions/nr_regions", "2000000000"),
        (kdamond + "/contexts/0/schemes/nr_schemes", "65536"),
    ])
    func countBeyondItsDirectories(_ path: String, _ value: String) throws {
        let emulator = SysfsEmulator(layout: .v6_12)
        try DamonControl(fs: emulator).start(ControlTests().vaddrWithScheme())
        #expect(try DamonControl(fs: emulator).status().count == 1)
        let fs = Overridden(emulator, [path: value])
        let error = #expect(throws: DamonControlError.self) { try DamonControl(fs: fs).status() }
        #expect(error?.description.contains("\(path) counts \(value) directories") == true, "\(error.map { "\($0)" } ?? "")")
    }
}
