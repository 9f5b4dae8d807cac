import DamonKernel

/// /sys as a machine has it: DAMON's files (any emulated DamonFS) beside
/// the modules' parameters, `module/...` routed to the latter.
public final class SysWithModules: DamonFS {
    public let damon: DamonFS
    public let modules: ModuleParamsEmulator

    public init(damon: DamonFS, modules: ModuleParamsEmulator) {
        self.damon = damon
        self.modules = modules
    }

    func route(_ path: String) -> DamonFS {
        EmulatedPath.components(path).first == "module" ? modules : damon
    }

    public func read(_ path: String) throws(DamonFSError) -> String { try route(path).read(path) }
    public func write(_ path: String, _ value: String) throws(DamonFSError) { try route(path).write(path, value) }
    public func list(_ path: String) throws(DamonFSError) -> [String] {
        // The root lists both.
        if EmulatedPath.components(path).isEmpty { return (try damon.list(path)) + ["module"] }
        return try route(path).list(path)
    }
    public func exists(_ path: String) -> Bool { route(path).exists(path) }
    public func isDirectory(_ path: String) -> Bool { route(path).isDirectory(path) }
}
