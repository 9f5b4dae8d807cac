/// A DAMON kernel module's parameters: the files of
/// `/sys/module/<module>/parameters` (relative to the sysfs root).
public struct DamonModuleParams {
    public let fs: DamonFS
    /// The kernel's module name, e.g. `damon_reclaim`.
    public let module: String

    public init(fs: DamonFS, module: String) {
        self.fs = fs
        self.module = module
    }

    public var dir: String { "module/\(module)/parameters" }
    public var present: Bool { fs.isDirectory(dir) }

    public func exists(_ name: String) -> Bool { fs.exists(dir + "/" + name) }

    /// The parameters there are, by name.
    public func names() throws -> [String] { try fs.list(dir) }

    /// A parameter's value, surrounding whitespace removed (as damo shows it).
    public func read(_ name: String) throws -> String {
        let text = try fs.read(dir + "/" + name)
        return String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }

    public func write(_ name: String, _ value: String) throws {
        try fs.write(dir + "/" + name, value)
    }

    /// Names of the DAMON modules the kernel has (`reclaim`, `lru_sort`,
    /// `stat`, ...), from the `damon_*` entries of /sys/module.
    public static func available(fs: DamonFS) -> [String] {
        ((try? fs.list("module")) ?? []).filter { $0.hasPrefix("damon_") && fs.isDirectory("module/\($0)/parameters") }
            .map { String($0.dropFirst("damon_".count)) }
    }
}
