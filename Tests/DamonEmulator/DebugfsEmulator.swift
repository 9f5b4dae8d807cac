#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DamonKernel

/// Which kernel's DAMON debugfs files the emulator shows.
public enum DebugfsLayout: String, CaseIterable, Sendable {
    /// attrs, target_ids (pids only), kdamond_pid, monitor_on, mk/rm_contexts.
    case v5_15
    /// + schemes (two statistics), init_regions by target id, paddr.
    case v5_16
    /// schemes with five statistics.
    case v5_17
    /// init_regions by target index, pid lookups failing with ENOMEM,
    /// scheme ranges checked.
    case v6_1

    var hasSchemes: Bool { self != .v5_15 }
    var hasInitRegions: Bool { self != .v5_15 }
    var hasPaddr: Bool { self != .v5_15 }
    var statFields: Int { self == .v5_16 ? 2 : 5 }
    var initRegionsByIndex: Bool { self == .v6_1 }
    var missingPidErrno: Int32 { self == .v6_1 ? ENOMEM : EINVAL }
    var checksSchemeRanges: Bool { self == .v6_1 }
}

/// One target of an emulated context: a pid (nil for paddr) and its
/// initial regions.
public struct DebugfsEmulatedTarget: Equatable, Sendable {
    public var pid: Int?
    public var regions: [ClosedRange<UInt64>]
}

/// An emulated DAMOS scheme: its 18 parameters as the kernel keeps them,
/// and its statistics.
struct DebugfsEmulatedScheme {
    var params: [UInt64]
    var stats = EmulatedSchemeStats()
}

/// One debugfs context (damon_ctx): parameters and its kdamond.
final class DebugfsEmulatedContext {
    var attrs: [UInt64] = [5000, 100_000, 60_000_000, 10, 1000]
    var paddr = false
    var targets: [DebugfsEmulatedTarget] = []
    var schemes: [DebugfsEmulatedScheme] = []
    var kdamondPid: Int?
    var regions: [EmulatedRegion] = []
}

/// An in-memory DAMON debugfs (`<root>/kernel/debug/damon/...`) with the
/// kernel's semantics (mm/damon/dbgfs.c): every parameter write is EBUSY
/// while the context's kdamond runs, EINVAL for values the kernel refuses,
/// `monitor_on` starts and stops every context together (and reads "on"
/// while any DAMON context of the kernel runs), contexts are made and
/// removed with `mk_contexts`/`rm_contexts`, and `schemes` shows each
/// scheme's statistics after its parameters.
///
///     let fs = DebugfsEmulator(layout: .v6_1)
///     fs.setLivePids([1234])
///     fs.log.failWrite(number: 3, errno: EINVAL)
///     ... run damo code against fs ...
///     fs.aggregate()                     // schemes' statistics grow
///     #expect(DebugfsEmulator.diff(before, fs.dump()) == [])
public final class DebugfsEmulator: DamonFS {
    public static let root = "kernel/debug/damon"

    public let layout: DebugfsLayout
    public let present: Bool
    /// `monitor_on_DEPRECATED` instead of `monitor_on` (later kernels).
    public let monitorOnName: String
    /// Whether a pid exists.  Default: every positive pid.
    public var pidExists: (Int) -> Bool = { $0 > 0 }
    /// Contexts running outside debugfs (sysfs kdamonds, DAMON modules):
    /// they make `monitor_on` read "on" and debugfs refuse to start.
    public var otherRunningContexts = 0
    public let log = FailureInjector()

    var contexts: [(name: String, ctx: DebugfsEmulatedContext)] = [("", DebugfsEmulatedContext())]
    var nextKdamondPid = 5151

    public init(layout: DebugfsLayout = .v6_1, deprecatedNames: Bool = false, present: Bool = true) {
        self.layout = layout
        self.present = present
        monitorOnName = deprecatedNames ? "monitor_on_DEPRECATED" : "monitor_on"
    }

    public func setLivePids(_ pids: Set<Int>) { pidExists = { pids.contains($0) } }

    // MARK: - Inspection

    public var contextNames: [String] { contexts.dropFirst().map(\.name) }
    public func isRunning(context i: Int) -> Bool { contexts[i].ctx.kdamondPid != nil }
    public var anyRunning: Bool { contexts.contains { $0.ctx.kdamondPid != nil } }
    public func targets(context i: Int) -> [DebugfsEmulatedTarget] { contexts[i].ctx.targets }

    /// Every readable file with what reading it returns.
    public func dump() -> [String: String] {
        var result: [String: String] = [:]
        for (name, _) in contexts {
            let dir = name.isEmpty ? Self.root : Self.root + "/" + name
            for file in contextFiles {
                result[dir + "/" + file] = (try? read(dir + "/" + file)) ?? "<unreadable>"
            }
        }
        result[Self.root + "/" + monitorOnName] = try? read(Self.root + "/" + monitorOnName)
        return result
    }

    public static func diff(_ before: [String: String], _ after: [String: String]) -> [String] {
        SysfsEmulator.diff(before, after)
    }

    // MARK: - Paths

    var contextFiles: [String] {
        ["attrs", "target_ids", "kdamond_pid"] + (layout.hasSchemes ? ["schemes"] : [])
            + (layout.hasInitRegions ? ["init_regions"] : [])
    }
    /// Kernels with the deprecated names (6.9+ built with
    /// DAMON_DBGFS_DEPRECATED; 6.12 checked) also show a `DEPRECATED`
    /// file that says so.
    var rootFiles: [String] {
        ["mk_contexts", "rm_contexts", monitorOnName] + (monitorOnName == "monitor_on" ? [] : ["DEPRECATED"])
    }
    static let deprecationNotice = "DAMON debugfs interface is deprecated, so users should move to DAMON_SYSFS. If you cannot, please report your usecase to damon@lists.linux.dev and linux-mm@kvack.org."

    enum Entry {
        case directory(DebugfsEmulatedContext?)
        case rootFile(String)
        case contextFile(DebugfsEmulatedContext, String)
    }

    func resolve(_ path: String) throws(KernelErrno) -> Entry {
        var parts = EmulatedPath.components(path)
        let rootParts = EmulatedPath.components(Self.root)
        if parts == ["kernel"] || parts == ["kernel", "debug"] || parts.isEmpty { return .directory(nil) }
        guard present, parts.starts(with: rootParts) else { throw KernelErrno(ENOENT) }
        parts.removeFirst(rootParts.count)
        let base = contexts[0].ctx
        switch parts.count {
        case 0: return .directory(base)
        case 1:
            if rootFiles.contains(parts[0]) { return .rootFile(parts[0]) }
            if contextFiles.contains(parts[0]) { return .contextFile(base, parts[0]) }
            if let c = contexts.dropFirst().first(where: { $0.name == parts[0] }) { return .directory(c.ctx) }
        case 2:
            if let c = contexts.dropFirst().first(where: { $0.name == parts[0] }), contextFiles.contains(parts[1]) {
                return .contextFile(c.ctx, parts[1])
            }
        default: break
        }
        throw KernelErrno(ENOENT)
    }

    // MARK: - DamonFS

    public func read(_ path: String) throws(DamonFSError) -> String {
        let normalized = EmulatedPath.normalized(path)
        do throws(KernelErrno) {
            switch try resolve(path) {
            case .directory: throw KernelErrno(EISDIR)
            case .rootFile("DEPRECATED"): return Self.deprecationNotice
            case .rootFile(let name):
                guard name == monitorOnName else { throw KernelErrno(EINVAL) }
                return anyRunning || otherRunningContexts > 0 ? "on" : "off"
            case .contextFile(let ctx, let name): return try show(ctx, name)
            }
        } catch {
            throw DamonFSError(path: normalized, errno: error.code, operation: "reading")
        }
    }

    public func write(_ path: String, _ value: String) throws(DamonFSError) {
        let normalized = EmulatedPath.normalized(path)
        let entry: Entry
        do throws(KernelErrno) { entry = try resolve(path) } catch {
            log.writeLog.append(EmulatorWrite(path: normalized, value: value, errno: error.code))
            throw DamonFSError(path: normalized, errno: error.code, operation: "writing")
        }
        do throws(DamonFSErrorBox) {
            try log.write(normalized, value) { () throws(KernelErrno) in
                switch entry {
                case .directory: throw KernelErrno(EISDIR)
                case .rootFile(let name): try storeRoot(name, value)
                case .contextFile(let ctx, let name): try store(ctx, name, value)
                }
            }
        } catch {
            throw DamonFSError(path: normalized, errno: error.errno, operation: "writing '\(value)' to")
        }
    }

    public func list(_ path: String) throws(DamonFSError) -> [String] {
        let normalized = EmulatedPath.normalized(path)
        do throws(KernelErrno) {
            switch try resolve(path) {
            case .directory(let ctx?) where ctx === contexts[0].ctx:
                return (rootFiles + contextFiles + contextNames).sorted()
            case .directory(_?): return contextFiles.sorted()
            case .directory(nil):
                return normalized == "kernel/debug" ? (present ? ["damon"] : []) : normalized.isEmpty ? ["kernel"] : ["debug"]
            default: throw KernelErrno(ENOTDIR)
            }
        } catch {
            throw DamonFSError(path: normalized, errno: error.code, operation: "listing")
        }
    }

    public func exists(_ path: String) -> Bool { (try? resolve(path)) != nil }

    public func isDirectory(_ path: String) -> Bool {
        if case .directory? = try? resolve(path) { return true }
        return false
    }
}

extension DebugfsEmulator {
    /// Someone's stopped setup for damo to find and leave as found: the
    /// root context's parameters, a region of target 77 and a scheme, and
    /// a paddr context `other`; the write log starts empty.
    public static func previouslySetUp(layout: DebugfsLayout = .v6_1, livePids: Set<Int>) throws -> DebugfsEmulator {
        let fs = DebugfsEmulator(layout: layout)
        fs.setLivePids(livePids.union([77]))
        try fs.write("\(root)/attrs", "10000 200000 2000000 20 200")
        try fs.write("\(root)/target_ids", "77")
        try fs.write("\(root)/init_regions", layout.initRegionsByIndex ? "0 4096 8192" : "77 4096 8192")
        try fs.write("\(root)/schemes", "0 1 0 1 0 1 5 0 0 0 0 0 0 0 0 0 0 0")
        try fs.write("\(root)/mk_contexts", "other")
        try fs.write("\(root)/other/target_ids", "paddr")
        fs.log.clearWriteLog()
        return fs
    }
}
