#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DamonKernel

/// An in-memory DAMON sysfs (`<root>/kernel/mm/damon/admin/...`) for tests:
/// files with the kernel's defaults, store checks and errnos, `nr_*`
/// directory creation, and kdamond `state` commands whose monitoring
/// results come from a script (see ScriptedAccess.swift).  Every write is
/// logged, failures can be injected, and the whole tree can be dumped.
///
/// Paths are relative to the sysfs root, like RealDamonFS's.
///
///     let fs = SysfsEmulator(layout: .v6_18)      // or .v6_1, damonPresent: false
///     fs.setLivePids([1234])                      // pids that "exist" for vaddr
///     fs.setRegions([EmulatedRegion(start: 0, end: 4096, nrAccesses: 3, age: 9)])
///     let before = fs.dump()
///     fs.failWrite(number: 5, errno: EINVAL)      // or failNextWrite(toPathEndingWith: "/state")
///     ... run damo code against fs ...
///     fs.writeLog                                 // every write, with errno or success
///     #expect(SysfsEmulator.diff(before, fs.dump()) == [])
///
/// Kernel semantics kept: `nr_*` writes recreate children with defaults
/// (even for the same N); only `nr_kdamonds` is refused (EBUSY) while a
/// kdamond runs; `on`/`commit` validate like damon_sysfs_build_ctx();
/// read-only files give EACCES, missing ones ENOENT.
public final class SysfsEmulator: DamonFS {
    /// `kernel/mm/damon/admin/kdamonds`, for building paths in tests.
    public static let kdamondsPath = "kernel/mm/damon/admin/kdamonds"

    /// The kernel release emulated: its files and behaviour.
    public let release: EmulatedKernelRelease
    /// The named layout of the release (the nearest older one for others).
    public var layout: SysfsLayout {
        SysfsLayout.allCases.last { ($0.release.major, $0.release.minor) <= (release.major, release.minor) } ?? .v6_1
    }
    /// What `avail_operations` lists; `on` fails for other operations sets.
    public var availableOperations: [String] = ["vaddr", "fvaddr", "paddr"]
    /// Whether a process exists, for vaddr/fvaddr `pid_target` checks at
    /// `on` and `commit` (find_get_pid).  Default: every positive pid.
    public var pidExists: (Int) -> Bool = { $0 > 0 }
    /// Not the kernel's behaviour: when true, `nr_*` writes under a running
    /// kdamond fail with EBUSY (the kernel only refuses `nr_kdamonds`).
    public var refusesCountWritesWhileOn = false
    /// As the kernel: a tried regions update answers once the schemes were
    /// next applied (up to their apply interval later).  False answers at
    /// once.
    public var emulatesApplyTiming = true

    let root: Node
    let defaults: DefaultTree
    var runtimes: [Int: KdamondRuntime] = [:]
    var nextKdamondPid = 4242
    var scripts = AccessScripts()
    var injections: [InjectedFailure] = []
    public internal(set) var writeLog: [EmulatorWrite] = []

    /// - Parameters:
    ///   - layout: which kernel's files to show.
    ///   - damonPresent: false leaves out `kernel/mm/damon` entirely, as on
    ///     a kernel without DAMON sysfs.
    public convenience init(layout: SysfsLayout = .v6_18, damonPresent: Bool = true) {
        self.init(release: layout.release, damonPresent: damonPresent)
    }

    /// Any release of damo's feature list, e.g. `EmulatedKernelRelease(6, 6)`.
    public init(release: EmulatedKernelRelease, damonPresent: Bool = true) {
        self.release = release
        defaults = DefaultTree(release: release)
        root = defaults.root(damonPresent: damonPresent)
    }

    /// Makes exactly these pids exist (and no other).
    public func setLivePids(_ pids: Set<Int>) {
        pidExists = { pids.contains($0) }
    }

    // MARK: - DamonFS

    /// Reads go through no store function; ENOENT, ENOTDIR or EISDIR only.
    public func read(_ path: String) throws(DamonFSError) -> String {
        let components = Self.components(path)
        let node: Node
        do throws(KernelErrno) { node = try resolve(components) } catch {
            throw DamonFSError(path: Self.joined(components), errno: error.code, operation: "reading")
        }
        guard !node.isDirectory else {
            throw DamonFSError(path: Self.joined(components), errno: EISDIR, operation: "reading")
        }
        return shownContent(node)
    }

    public func write(_ path: String, _ value: String) throws(DamonFSError) {
        let components = Self.components(path)
        let normalized = Self.joined(components)
        if let errno = takeInjectedFailure(path: normalized, value: value) {
            writeLog.append(EmulatorWrite(path: normalized, value: value, errno: errno, injected: true))
            throw DamonFSError(path: normalized, errno: errno, operation: "writing '\(value)' to")
        }
        // As RealDamonFS: open(2) errors say "writing", write(2) errors
        // (the store function's) say "writing '<value>' to".
        let node: Node
        do throws(KernelErrno) { node = try openForWriting(components) } catch {
            writeLog.append(EmulatorWrite(path: normalized, value: value, errno: error.code))
            throw DamonFSError(path: normalized, errno: error.code, operation: "writing")
        }
        do throws(KernelErrno) { try store(node, at: components, value) } catch {
            writeLog.append(EmulatorWrite(path: normalized, value: value, errno: error.code))
            throw DamonFSError(path: normalized, errno: error.code, operation: "writing '\(value)' to")
        }
        writeLog.append(EmulatorWrite(path: normalized, value: value, errno: nil))
    }

    public func list(_ path: String) throws(DamonFSError) -> [String] {
        let components = Self.components(path)
        let node: Node
        do throws(KernelErrno) { node = try resolve(components) } catch {
            throw DamonFSError(path: Self.joined(components), errno: error.code, operation: "listing")
        }
        guard node.isDirectory else {
            throw DamonFSError(path: Self.joined(components), errno: ENOTDIR, operation: "listing")
        }
        return node.children.keys.sorted()
    }

    public func exists(_ path: String) -> Bool {
        (try? resolve(Self.components(path))) != nil
    }

    public func isDirectory(_ path: String) -> Bool {
        (try? resolve(Self.components(path)))?.isDirectory ?? false
    }

    // MARK: - Paths

    static func components(_ path: String) -> [String] {
        var result: [String] = []
        for part in path.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": if !result.isEmpty { result.removeLast() }
            default: result.append(String(part))
            }
        }
        return result
    }

    static func joined(_ components: [String]) -> String { components.joined(separator: "/") }

    func resolve(_ components: [String]) throws(KernelErrno) -> Node {
        var node = root
        for name in components {
            guard node.isDirectory else { throw KernelErrno(ENOTDIR) }
            guard let child = node.children[name] else { throw KernelErrno(ENOENT) }
            node = child
        }
        return node
    }

    /// open(O_WRONLY): what fails before the store function runs.
    private func openForWriting(_ components: [String]) throws(KernelErrno) -> Node {
        let node = try resolve(components)
        switch node.fileKind {
        case nil: throw KernelErrno(EISDIR)
        case .readOnly?, .availOperations?: throw KernelErrno(EACCES)
        default: return node
        }
    }

    /// The kdamond index of a path under `kdamonds/<K>/`.
    static func kdamondIndex(_ components: [String]) -> Int? {
        let prefix = Self.components(kdamondsPath)
        guard components.count > prefix.count + 1, Array(components.prefix(prefix.count)) == prefix else {
            return nil
        }
        return Int(components[prefix.count])
    }

    func kdamondNode(_ index: Int) -> Node? {
        root.node(Self.kdamondsPath + "/\(index)")
    }

    func shownContent(_ node: Node) -> String {
        if case .availOperations? = node.fileKind {
            return availableOperations.joined(separator: "\n")
        }
        var text = node.content
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    // MARK: - Store functions

    private func store(_ node: Node, at components: [String], _ value: String) throws(KernelErrno) {
        guard let kind = node.fileKind else { throw KernelErrno(EISDIR) }
        switch kind {
        case .ulong: node.content = String(try KernelParse.ull(value))
        case .uint: node.content = String(try KernelParse.uint(value))
        case .int: node.content = String(try KernelParse.int(value))
        case .bool: node.content = try KernelParse.bool(value) ? "Y" : "N"
        case .text: node.content = value
        case .keyword(let keywords):
            guard let keyword = keywords.first(where: { KernelParse.streq(value, $0) }) else {
                throw KernelErrno(EINVAL)
            }
            node.content = keyword
        case .filterType(let layer):
            guard let type = release.filterTypes.first(where: { KernelParse.streq(value, $0) })
            else { throw KernelErrno(EINVAL) }
            let forOps = opsFilterTypes.contains(type)
            if (layer == .core && forOps) || (layer == .ops && !forOps) { throw KernelErrno(EINVAL) }
            node.content = type
        case .readOnly, .availOperations: throw KernelErrno(EACCES)
        case .count(let child):
            let nr = try KernelParse.int(value)
            guard nr >= 0, child != .context || nr <= 1 else { throw KernelErrno(EINVAL) }
            let parent = try resolve(Array(components.dropLast()))
            if child == .kdamond {
                if runtimes.values.contains(where: \.running) { throw KernelErrno(EBUSY) }
                runtimes = [:]
            } else if refusesCountWritesWhileOn, let k = Self.kdamondIndex(components),
                runtimes[k]?.running == true {
                throw KernelErrno(EBUSY)
            }
            parent.removeNumberedChildren()
            for i in 0..<Int(nr) { parent.children[String(i)] = defaults.make(child) }
            node.content = String(nr)
        case .state:
            guard let k = Self.kdamondIndex(components) else { throw KernelErrno(EINVAL) }
            try handleStateCommand(kdamond: k, value)
        }
    }
}
