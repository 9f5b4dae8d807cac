import DamoPlatform
import DamonModel

/// start, tune, stop and status of DAMON through its sysfs interface (or,
/// on kernels without it or when asked, its debugfs one: DebugfsControl).
/// Every change is a transaction: when the kernel refuses a write midway,
/// what was written is put back (turned-on kdamonds off, counts and values
/// restored) and the error names the file and the kernel's answer.
public struct DamonControl {
    public let fs: DamonFS
    public let choice: DamonInterfaceChoice
    /// The debugfs interface: under `fs`, or where debugfs is mounted.
    let debugfsControl: DebugfsControl

    public init(fs: DamonFS, interface choice: DamonInterfaceChoice = .auto, debugfs: DebugfsControl? = nil) {
        self.fs = fs
        self.choice = choice
        debugfsControl = debugfs ?? DebugfsControl(fs: fs)
    }

    /// The debugfs backend when it is the one to use: asked for, or found
    /// on a kernel without the sysfs interface.
    var debugfs: DebugfsControl? {
        switch choice {
        case .sysfs: return nil
        case .debugfs: return debugfsControl
        case .auto: return !fs.isDirectory(SysfsPaths.kdamonds) && debugfsControl.present ? debugfsControl : nil
        }
    }

    var reader: SysfsReader { SysfsReader(fs: fs) }

    func requireSysfs() throws {
        guard fs.isDirectory(SysfsPaths.kdamonds) else {
            throw DamonControlError("DAMON sysfs interface not found (no \(SysfsPaths.kdamonds); is CONFIG_DAMON_SYSFS enabled and sysfs mounted?)"
                                    + (choice == .auto ? " nor its debugfs interface (no \(debugfsControl.root))" : ""))
        }
    }

    /// Indices of kdamonds whose state is "on".
    public func runningKdamonds() throws -> [Int] {
        if let debugfs { return try debugfs.runningKdamonds() }
        try requireSysfs()
        return try (0..<reader.kdamondCount()).filter { try reader.state($0) == "on" }
    }

    /// Writes the parameters and turns every kdamond on.
    public func start(_ kdamonds: [Kdamond]) throws {
        if let debugfs { return try debugfs.start(kdamonds) }
        try startUndoable(kdamonds).commit()
    }

    /// Starts DAMON and returns the writes done, so that `undoStart` can
    /// later leave the files as they were found (record's cleanup).
    public func startUndoable(_ kdamonds: [Kdamond]) throws -> SysfsTransaction {
        if debugfs != nil {
            // Through debugfs, startSession undoes its own start.
            throw DamonControlError("DAMON's debugfs interface is in use; its start is undone through startSession")
        }
        let running = try runningKdamonds()
        if !running.isEmpty {
            throw DamonControlError("kdamond \(running.map(String.init).joined(separator: ", ")) already running; stop it first or use 'damo tune'")
        }
        // Kernels with both interfaces run debugfs contexts exclusively.
        if debugfsControl.present, (try? debugfsControl.runningKdamonds())?.isEmpty == false {
            throw DamonControlError("DAMON is running from its debugfs interface; stop it first (damo stop --damon_interface_DEPRECATED debugfs)")
        }
        if kdamonds.isEmpty { throw DamonControlError("no kdamond to start") }
        let tx = SysfsTransaction(fs: fs)
        do {
            try SysfsWriter(tx: tx).writeKdamonds(kdamonds)
            for k in kdamonds.indices {
                try tx.command(SysfsPaths.kdamond(k) + "/state", "on", undoWith: "off")
            }
        } catch {
            tx.rollback()
            throw error
        }
        return tx
    }

    /// Turns off the kdamonds a `startUndoable` started (those that did not
    /// end by themselves) and puts the files back.  Returns what failed.
    public func undoStart(_ tx: SysfsTransaction, kdamonds count: Int) -> [String] {
        var failures: [String] = []
        for k in 0..<count where (try? reader.state(k)) == "on" {
            do { try fs.write(SysfsPaths.kdamond(k) + "/state", "off") } catch {
                // A kdamond can stop on its own (its targets exited)
                // between reading and writing; that is what was wanted.
                if (try? reader.state(k)) != "off" { failures.append("\(error)") }
            }
        }
        // 'off' again for each kdamond is in the undo log; stopped ones
        // refuse it, which is what was wanted.
        failures += tx.rollback().filter { !$0.path.hasSuffix("/state") }.map { "\($0)" }
        return failures
    }

    /// Writes new parameters to running kdamonds and makes them read them.
    public func tune(_ kdamonds: [Kdamond]) throws {
        if let debugfs { return try debugfs.tune(kdamonds) }
        let running = try runningKdamonds()
        let count = try reader.kdamondCount()
        if count != kdamonds.count {
            throw DamonControlError("tune needs parameters for the \(count) kdamond(s) there are; \(kdamonds.count) given")
        }
        for k in kdamonds.indices where !running.contains(k) {
            throw DamonControlError("kdamond \(k) is not running; start it instead")
        }
        let tx = SysfsTransaction(fs: fs)
        var endedOnCommit: [Int] = []
        do {
            let writer = SysfsWriter(tx: tx)
            for (k, kdamond) in kdamonds.enumerated() {
                try writer.writeKdamond(kdamond, k)
            }
            for k in kdamonds.indices {
                try tx.command(SysfsPaths.kdamond(k) + "/state", "commit")
            }
            // Linux 6.1 answers a 'commit' whose parameters it cannot use
            // with success and ends the kdamond instead, moments later.
            usleep(Self.commitSettleMicroseconds)
            endedOnCommit = kdamonds.indices.filter { (try? reader.state($0)) != "on" }
            if !endedOnCommit.isEmpty {
                throw DamonControlError("kdamond \(endedOnCommit.map(String.init).joined(separator: ", ")) ended on 'commit': the kernel did not take the new parameters")
            }
            tx.commit()
        } catch {
            // The old values go back to the files; committing them again
            // makes sure the kernel runs with what it had, and a kdamond
            // the commit ended starts again with them.
            tx.rollback()
            var restartFailures: [String] = []
            for k in kdamonds.indices where running.contains(k) {
                let state = SysfsPaths.kdamond(k) + "/state"
                if endedOnCommit.contains(k) {
                    do { try fs.write(state, "on") } catch { restartFailures.append("kdamond \(k): \(error)") }
                } else {
                    try? fs.write(state, "commit")
                }
            }
            if !endedOnCommit.isEmpty {
                let what = restartFailures.isEmpty
                    ? "; restarted with its previous parameters"
                    : "; restarting it with its previous parameters failed (\(restartFailures.joined(separator: "; ")))"
                throw DamonControlError("\(error)\(what)")
            }
            throw error
        }
    }

    /// `tune --quota_goals_only`: only the schemes' quota goals are written,
    /// and the kernel takes them with `commit_schemes_quota_goals` (6.8+),
    /// the rest of the running parameters untouched.  The kdamonds,
    /// contexts and schemes must be those that run.
    public func commitQuotaGoals(_ kdamonds: [Kdamond]) throws {
        if debugfs != nil { throw DamonControlError("the debugfs interface has no DAMOS quota goals") }
        let running = try runningKdamonds()
        let count = try reader.kdamondCount()
        if count != kdamonds.count {
            throw DamonControlError("tune needs parameters for the \(count) kdamond(s) there are; \(kdamonds.count) given")
        }
        for (k, kdamond) in kdamonds.enumerated() {
            guard running.contains(k) else { throw DamonControlError("kdamond \(k) is not running; start it instead") }
            let contexts = try reader.count(SysfsPaths.kdamond(k) + "/contexts/nr_contexts")
            guard contexts == kdamond.contexts.count else {
                throw DamonControlError("--quota_goals_only: kdamond \(k) runs \(contexts) context(s); \(kdamond.contexts.count) given")
            }
            for (c, ctx) in kdamond.contexts.enumerated() {
                let schemes = try reader.count(SysfsPaths.context(k, c) + "/schemes/nr_schemes")
                guard schemes == ctx.schemes.count else {
                    throw DamonControlError("--quota_goals_only: context \(c) of kdamond \(k) runs \(schemes) scheme(s); \(ctx.schemes.count) given")
                }
            }
        }
        let tx = SysfsTransaction(fs: fs)
        do {
            let writer = SysfsWriter(tx: tx)
            for (k, kdamond) in kdamonds.enumerated() {
                for (c, ctx) in kdamond.contexts.enumerated() {
                    for (s, scheme) in ctx.schemes.enumerated() {
                        try writer.writeQuotaGoals(scheme.quotas, SysfsPaths.scheme(k, c, s) + "/quotas")
                    }
                }
            }
            for k in kdamonds.indices {
                try tx.command(SysfsPaths.kdamond(k) + "/state", "commit_schemes_quota_goals")
            }
            tx.commit()
        } catch {
            // The old goals go back to the files, and to the kernel.
            tx.rollback()
            for k in kdamonds.indices { try? fs.write(SysfsPaths.kdamond(k) + "/state", "commit_schemes_quota_goals") }
            throw error
        }
    }

    /// How long tune waits after 'commit' before checking that the
    /// kdamonds still run.
    static let commitSettleMicroseconds: UInt32 = 100_000

    /// Turns off the running kdamonds (all, or the given ones).
    public func stop(_ only: [Int]? = nil) throws {
        if let debugfs { return try debugfs.stop(only) }
        let running = try runningKdamonds()
        let targets = only ?? running
        if targets.isEmpty { throw DamonControlError("no kdamond is running") }
        for k in targets {
            guard running.contains(k) else { throw DamonControlError("kdamond \(k) is not running") }
            let failure: DamonFSError?
            do {
                try fs.write(SysfsPaths.kdamond(k) + "/state", "off")
                failure = nil
            } catch {
                failure = error
            }
            // A kdamond can stop on its own (its targets exited) between
            // reading and writing; that is what was asked for.
            if let failure, (try? reader.state(k)) != "off" { throw failure }
        }
    }

    /// Sets a running context's vaddr targets to these pids and commits,
    /// through `tx` so that undoing it puts the old targets back.  Targets
    /// whose process ended are marked obsolete where the kernel has
    /// `obsolete_target`, so the others keep their monitoring results.
    public func commitTargets(_ k: Int, _ c: Int, pids: [Int], obsolete: [Bool], through tx: SysfsTransaction) throws {
        let dir = SysfsPaths.context(k, c) + "/targets"
        try tx.write(dir + "/nr_targets", String(pids.count))
        for (t, pid) in pids.enumerated() {
            try tx.write(dir + "/\(t)/pid_target", String(pid))
            if fs.exists(dir + "/\(t)/obsolete_target") {
                try tx.write(dir + "/\(t)/obsolete_target", obsolete[t] ? "Y" : "N")
            }
        }
        try tx.command(SysfsPaths.kdamond(k) + "/state", "commit")
    }

    /// Whether the kernel marks targets obsolete (instead of dropping them).
    public func hasObsoleteTargets(_ k: Int, _ c: Int) -> Bool {
        fs.exists(SysfsPaths.context(k, c) + "/targets/0/obsolete_target")
    }

    func hasTriedRegions(_ k: Int) -> Bool {
        let contexts = (try? reader.count(SysfsPaths.kdamond(k) + "/contexts/nr_contexts")) ?? 0
        for c in 0..<contexts where fs.exists(SysfsPaths.scheme(k, c, 0) + "/tried_regions") {
            return true
        }
        return false
    }

    /// The kdamonds as they are, with scheme statistics refreshed.
    public func status(updateStats: Bool = true, triedRegions: Bool = false) throws -> [Kdamond] {
        // debugfs keeps statistics current and has no tried regions.
        if let debugfs { return try debugfs.status() }
        let running = try runningKdamonds()
        if updateStats {
            for k in running {
                try fs.write(SysfsPaths.kdamond(k) + "/state", "update_schemes_stats")
                // Kernels before 6.2 have no tried regions (nor the command).
                if triedRegions && hasTriedRegions(k) {
                    try fs.write(SysfsPaths.kdamond(k) + "/state", "update_schemes_tried_regions")
                }
                // The quotas the kernel works with (goals tune them), as
                // damo shows them; 6.9+.
                if fs.exists(SysfsPaths.scheme(k, 0, 0) + "/quotas/effective_bytes") {
                    try fs.write(SysfsPaths.kdamond(k) + "/state", "update_schemes_effective_quotas")
                }
            }
        }
        return try reader.readKdamonds()
    }
}
