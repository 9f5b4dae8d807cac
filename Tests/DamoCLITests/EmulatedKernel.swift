import DamonEmulator
import DamonKernel
import Foundation

/// An emulated kernel for damo run in this process (`run`) or as a
/// program (`root`, a socket for DamoEmulated), with helpers to set up
/// running kdamonds and to compare its parameters before and after a
/// command.
final class EmulatedKernel {
    let server: EmulatorServer
    var root: String { server.socketPath }
    static let kd = SysfsEmulator.kdamondsPath

    /// The kernel's files for commands run in this process: every access
    /// is a request to the kernel as the socket's are (a kdamond whose
    /// targets all exited stops first).
    var fs: DamonFS { ServedFS(server: server) }

    /// Runs damo in this process on this kernel.
    func run(_ arguments: [String], stop: TestStop = TestStop()) -> DamoRun {
        DamoInProcess.run(arguments, fs: fs, stop: stop)
    }

    init(_ layout: SysfsLayout = .v6_18) throws {
        server = try EmulatorServer(SysfsEmulator(layout: layout))
    }

    /// Any release of the emulator's table, e.g. `.mmProbes`.
    init(release: EmulatedKernelRelease) throws {
        server = try EmulatorServer(SysfsEmulator(release: release))
    }

    deinit { server.stop() }

    func with<T>(_ body: (SysfsEmulator) throws -> T) rethrows -> T { try server.emulator(body) }

    /// One running paddr kdamond over [start, end) with the given schemes
    /// written as (action, nr_accesses min, max) and the scripted regions.
    func startPaddr(start: UInt64 = 4096, end: UInt64 = 1 << 30, aggrUs: Int = 100_000,
                    schemes: [(String, UInt64, UInt64)] = [], regions: [EmulatedRegion]) throws {
        try with { fs in
            let kd = EmulatedKernel.kd
            try fs.write("\(kd)/nr_kdamonds", "1")
            try fs.write("\(kd)/0/contexts/nr_contexts", "1")
            let ctx = "\(kd)/0/contexts/0"
            try fs.write("\(ctx)/operations", "paddr")
            try fs.write("\(ctx)/monitoring_attrs/intervals/aggr_us", String(aggrUs))
            try fs.write("\(ctx)/targets/nr_targets", "1")
            try fs.write("\(ctx)/targets/0/regions/nr_regions", "1")
            try fs.write("\(ctx)/targets/0/regions/0/start", String(start))
            try fs.write("\(ctx)/targets/0/regions/0/end", String(end))
            try fs.write("\(ctx)/schemes/nr_schemes", String(schemes.count))
            for (i, (action, lo, hi)) in schemes.enumerated() {
                let s = "\(ctx)/schemes/\(i)"
                try fs.write("\(s)/action", action)
                try fs.write("\(s)/access_pattern/sz/max", String(UInt64.max))
                try fs.write("\(s)/access_pattern/age/max", String(UInt64.max))
                try fs.write("\(s)/access_pattern/nr_accesses/min", String(lo))
                try fs.write("\(s)/access_pattern/nr_accesses/max", String(hi))
            }
            fs.setRegions(regions)
            try fs.write("\(kd)/0/state", "on")
        }
    }

    /// The parameter files: everything but the kernel's results (stats,
    /// tried regions, state and pid).
    func parameters() -> [String: String] {
        with { $0.dump() }.filter { path, _ in
            !path.contains("/stats/") && !path.contains("/tried_regions") && !path.hasSuffix("/pid")
                && !path.hasSuffix("/effective_bytes")
        }
    }

    func isRunning(_ k: Int = 0) -> Bool { with { $0.isRunning(kdamond: k) } }
}

/// The emulator as the server answers each request, without the socket.
final class ServedFS: DamonFS {
    let server: EmulatorServer
    init(server: EmulatorServer) { self.server = server }

    func request<T>(_ path: String, _ operation: String, _ body: (SysfsEmulator) throws -> T) throws(DamonFSError) -> T {
        do {
            return try server.emulator { fs in
                if server.endKdamondsOfExitedTargets { fs.endKdamondsOfExitedTargets(isAlive: EmulatorServer.processLives) }
                return try body(fs)
            }
        } catch let e as DamonFSError {
            throw e
        } catch {
            throw DamonFSError(path: path, errno: EIO, operation: operation)
        }
    }

    func read(_ path: String) throws(DamonFSError) -> String { try request(path, "reading") { try $0.read(path) } }
    func write(_ path: String, _ value: String) throws(DamonFSError) {
        try request(path, "writing '\(value)' to") { try $0.write(path, value) }
    }
    func list(_ path: String) throws(DamonFSError) -> [String] { try request(path, "listing") { try $0.list(path) } }
    func exists(_ path: String) -> Bool { (try? request(path, "checking") { $0.exists(path) }) ?? false }
    func isDirectory(_ path: String) -> Bool { (try? request(path, "checking") { $0.isDirectory(path) }) ?? false }
}

extension SysfsEmulator {
    /// An emulated kernel holding one stopped paddr kdamond: one context,
    /// one target of one region, and `schemes` schemes.
    static func oneKdamond(_ layout: SysfsLayout = .v6_18, schemes: Int = 1) throws -> SysfsEmulator {
        let fs = SysfsEmulator(layout: layout)
        let base = SysfsEmulator.kdamondsPath
        try fs.write(base + "/nr_kdamonds", "1")
        try fs.write(base + "/0/contexts/nr_contexts", "1")
        try fs.write(base + "/0/contexts/0/operations", "paddr")
        try fs.write(base + "/0/contexts/0/targets/nr_targets", "1")
        try fs.write(base + "/0/contexts/0/targets/0/regions/nr_regions", "1")
        try fs.write(base + "/0/contexts/0/targets/0/regions/0/end", "4096")
        try fs.write(base + "/0/contexts/0/schemes/nr_schemes", String(schemes))
        return fs
    }
}
