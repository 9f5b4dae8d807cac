import DamonEmulator
import DamonKernel
import Foundation

/// An emulated kernel served on a socket for the damo binary, with
/// helpers to set up running kdamonds and to compare its parameters
/// before and after a command.
final class EmulatedKernel {
    let server: EmulatorServer
    var root: String { server.socketPath }
    static let kd = SysfsEmulator.kdamondsPath

    init(_ layout: SysfsLayout = .v6_18) throws {
        server = try EmulatorServer(SysfsEmulator(layout: layout))
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
