import DamonModel
import DamoPlatform

/// start, stop and status of DAMON through its debugfs interface, the one
/// of kernels before 5.18 (kept, deprecated, until 6.x).  Each debugfs
/// context runs as its own kdamond: kdamond 0 is the context of the
/// `damon` directory itself, kdamond k>0 the one of its directory `ctx<k>`.
/// The kernel takes no parameter while any context runs, so there is no
/// tuning, and `monitor_on` turns every context on or off at once.
public struct DebugfsControl {
    public let fs: DamonFS
    /// The `damon` directory, relative to the root of `fs`.
    public let root: String

    public static let defaultRoot = "kernel/debug/damon"

    public init(fs: DamonFS, root: String = DebugfsControl.defaultRoot) {
        self.fs = fs
        self.root = root
    }

    /// Whether the interface is there.
    public var present: Bool { fs.exists(root + "/attrs") }

    /// `monitor_on`, renamed `monitor_on_DEPRECATED` by later kernels.
    var monitorOnPath: String {
        fs.exists(root + "/monitor_on") ? root + "/monitor_on" : root + "/monitor_on_DEPRECATED"
    }

    func requirePresent() throws {
        guard present else {
            throw DamonControlError("DAMON debugfs interface not found (no \(root)/attrs; is debugfs mounted and CONFIG_DAMON_DBGFS enabled?)")
        }
    }

    /// The context directories, in kdamond order: the root, then its
    /// context subdirectories by name (ctx2 before ctx10).
    func contextDirs() throws -> [String] {
        [root] + (try contextNames()).map { root + "/" + $0 }
    }

    func contextNames() throws -> [String] {
        try fs.list(root).filter { fs.isDirectory(root + "/" + $0) && fs.exists(root + "/" + $0 + "/attrs") }
            .sorted(by: Self.naturalOrder)
    }

    static func naturalOrder(_ a: String, _ b: String) -> Bool {
        func split(_ s: String) -> (String, Int?) {
            let digits = s.reversed().prefix(while: \.isNumber)
            return (String(s.dropLast(digits.count)), Int(String(digits.reversed())))
        }
        let (pa, na) = split(a), (pb, nb) = split(b)
        if pa != pb { return a < b }
        return (na ?? -1, a) < (nb ?? -1, b)
    }

    /// The kdamond of a context: its pid while it runs.
    func kdamondPid(_ dir: String) throws -> Int? {
        let text = try fs.read(dir + "/kdamond_pid")
        return text == "none" ? nil : Int(text)
    }

    /// Whether `monitor_on` says on: any DAMON context of the kernel runs,
    /// including those of sysfs and of DAMON modules.
    public func monitorOn() throws -> Bool {
        try fs.read(monitorOnPath) == "on"
    }

    public func runningKdamonds() throws -> [Int] {
        try requirePresent()
        return try contextDirs().enumerated().compactMap { try kdamondPid($0.element) != nil ? $0.offset : nil }
    }

    public func start(_ kdamonds: [Kdamond]) throws {
        try startUndoable(kdamonds).commit()
    }

    /// Starts the kdamonds and returns the writes done, so that
    /// `undoStart` can later put every file back as it was found (record's
    /// and schemes' cleanup).
    public func startUndoable(_ kdamonds: [Kdamond]) throws -> DebugfsTransaction {
        let running = try runningKdamonds()
        if !running.isEmpty {
            throw DamonControlError("kdamond \(running.map(String.init).joined(separator: ", ")) already running; stop it first")
        }
        if try monitorOn() {
            throw DamonControlError("DAMON is running from another interface (sysfs or a DAMON module; debugfs monitor_on reads 'on'); the debugfs interface can start only when it has stopped")
        }
        let tx = DebugfsTransaction(fs: fs)
        let writer = DebugfsWriter(tx: tx, root: root)
        try writer.check(kdamonds)
        do {
            let dirs = try writer.arrangeContexts(count: kdamonds.count, existing: contextNames())
            for (k, kdamond) in kdamonds.enumerated() {
                try writer.write(kdamond.contexts[0], to: dirs[k])
            }
            try tx.command(monitorOnPath, "on", undoWith: "off")
        } catch {
            // A refused 'on' may have started the first contexts already;
            // nothing can be written back while they run.
            if (try? runningKdamonds())?.isEmpty == false { try? fs.write(monitorOnPath, "off") }
            tx.rollback()
            throw error
        }
        return tx
    }

    /// Turns off what a `startUndoable` started (unless it ended by
    /// itself) and puts back every file it wrote, contexts made removed and
    /// contexts removed made again.  Returns what failed.
    public func undoStart(_ tx: DebugfsTransaction) -> [String] {
        var failures: [String] = []
        if (try? runningKdamonds())?.isEmpty == false {
            do { try stop() } catch {
                // The contexts can end by themselves (their targets
                // exited) after the look above; off is what was wanted.
                if (try? runningKdamonds())?.isEmpty != true { failures.append("\(error)") }
            }
        }
        // 'off' was written above; again, contexts that are off would
        // refuse it (EPERM).
        tx.dropCommands()
        failures += tx.rollback().map { "\($0)" }
        return failures
    }

    /// The kernel has no way to change a running context's parameters
    /// through debugfs.
    public func tune(_ kdamonds: [Kdamond]) throws {
        try requirePresent()
        throw DamonControlError("the DAMON debugfs interface cannot update parameters of running DAMON (the kernel refuses them while it runs); stop DAMON and start it again with the new parameters")
    }

    /// Turns every context off (debugfs has no per-context switch).
    public func stop(_ only: [Int]? = nil) throws {
        let running = try runningKdamonds()
        if running.isEmpty {
            if try monitorOn() {
                throw DamonControlError("no debugfs context is running; DAMON runs from another interface (sysfs or a DAMON module)")
            }
            throw DamonControlError("no kdamond is running")
        }
        if let only, Set(only) != Set(running) {
            throw DamonControlError("the DAMON debugfs interface turns all its contexts off together (running: \(running.map(String.init).joined(separator: ", ")))")
        }
        do {
            try fs.write(monitorOnPath, "off")
        } catch {
            // Contexts can end on their own (their targets exited) between
            // reading and writing; that is what was asked for.
            if (try? runningKdamonds())?.isEmpty != true { throw error }
        }
    }

    /// The contexts as kdamonds, with their schemes' statistics (which the
    /// kernel keeps current in `schemes`).
    public func status() throws -> [Kdamond] {
        try requirePresent()
        return try contextDirs().map(readKdamond)
    }

    func readKdamond(_ dir: String) throws -> Kdamond {
        let (intervals, nrRegions) = try DebugfsText.parseAttrs(try fs.read(dir + "/attrs"), file: dir + "/attrs")
        let ids = try DebugfsText.parseTargetIDs(try fs.read(dir + "/target_ids"), file: dir + "/target_ids")
        let pid = try kdamondPid(dir)
        // debugfs shows the physical address space's only target as 42.
        let ops: DamonOps = ids == [DebugfsText.paddrTargetID] ? .paddr : .vaddr
        var regions = Array(repeating: [AddressRange](), count: ids.count)
        // The kernel shows initial regions only while the context is off.
        if pid == nil, fs.exists(dir + "/init_regions") {
            regions = try DebugfsText.parseInitRegions(try fs.read(dir + "/init_regions"), ids: ids,
                                                       file: dir + "/init_regions")
        }
        let targets = ids.enumerated().map {
            DamonTarget(pid: ops == .paddr ? nil : $0.element, regions: regions[$0.offset])
        }
        var schemes: [Damos] = []
        if fs.exists(dir + "/schemes") {
            schemes = try fs.read(dir + "/schemes").split(separator: "\n").map {
                try DebugfsText.parseScheme($0, intervals: intervals, file: dir + "/schemes")
            }
        }
        let context = DamonContext(ops: ops, targets: targets, intervals: intervals, nrRegions: nrRegions,
                                   schemes: schemes)
        return Kdamond(state: pid == nil ? "off" : "on", pid: pid, contexts: [context])
    }
}
