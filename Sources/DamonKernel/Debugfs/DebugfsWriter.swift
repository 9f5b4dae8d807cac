import DamonModel
import DamoPlatform

/// Writes kdamonds into DAMON's debugfs contexts: one context per kdamond
/// (the first in the debugfs directory itself, the others in directories
/// made with `mk_contexts`), through a transaction.  What debugfs cannot
/// express is refused before anything is written.
struct DebugfsWriter {
    let tx: DebugfsTransaction
    let root: String
    var fs: DamonFS { tx.fs }

    /// Names of the context directories damo makes for kdamonds 1, 2, ...
    static func contextName(_ k: Int) -> String { "ctx\(k)" }

    /// Everything debugfs cannot do, as one clear error.
    func check(_ kdamonds: [Kdamond]) throws {
        if kdamonds.isEmpty { throw DamonControlError("no kdamond to start") }
        for (k, kdamond) in kdamonds.enumerated() {
            guard kdamond.contexts.count == 1 else {
                throw DamonControlError("the DAMON debugfs interface runs exactly one context per kdamond (\(kdamond.contexts.count) given for kdamond \(k))")
            }
            if kdamond.refreshMs != .int(0) {
                throw DamonControlError("the DAMON debugfs interface has no periodic status refresh (refresh_ms)")
            }
            try check(kdamond.contexts[0], k)
        }
    }

    func unsupported(_ what: String) -> DamonControlError {
        DamonControlError("the DAMON debugfs interface does not support \(what); use the sysfs interface")
    }

    func check(_ context: DamonContext, _ k: Int) throws {
        switch context.ops {
        case .vaddr:
            if context.targets.isEmpty { throw DamonControlError("kdamond \(k): vaddr monitoring needs at least one target process") }
            if context.targets.count > 32 { throw DamonControlError("kdamond \(k): the DAMON debugfs interface takes at most 32 targets") }
            if context.targets.contains(where: { $0.pid == nil }) {
                throw DamonControlError("kdamond \(k): every vaddr target needs a pid")
            }
        case .paddr:
            if context.targets.count != 1 { throw DamonControlError("kdamond \(k): paddr monitoring takes exactly one target (\(context.targets.count) given)") }
        case .fvaddr:
            throw unsupported("the fvaddr operations set")
        }
        if context.intervals.goal.enabled { throw unsupported("monitoring intervals auto-tuning") }
        if context.addrUnit != .int(1) { throw unsupported("address units (addr_unit)") }
        if context.pause { throw unsupported("pausing contexts") }
        if !context.probes.isEmpty { throw unsupported("access probes") }
        if context.sampleControl != DamonSampleControl() { throw unsupported("sampling control") }
        if context.targets.contains(where: \.obsolete) { throw unsupported("obsolete targets") }
        if context.targets.contains(where: { !$0.regions.isEmpty }) && !fs.exists(root + "/init_regions") {
            throw DamonControlError("this kernel's DAMON debugfs interface has no init_regions file; monitoring regions cannot be set")
        }
        if !context.schemes.isEmpty && !fs.exists(root + "/schemes") {
            throw DamonControlError("this kernel's DAMON debugfs interface has no schemes file (DAMOS needs Linux 5.16 or later)")
        }
        for scheme in context.schemes {
            if DebugfsText.actionNumber(scheme.action) == nil {
                throw DamonControlError("the DAMON debugfs interface does not support the DAMOS action '\(scheme.action.rawValue)' (only "
                                        + DebugfsText.actionNumbers.map(\.0.rawValue).joined(separator: ", ") + ")")
            }
            if !scheme.filters.isEmpty { throw unsupported("DAMOS filters") }
            if !scheme.quotas.goals.isEmpty { throw unsupported("DAMOS quota goals") }
            if scheme.quotas.goalTuner != "consist" { throw unsupported("quota goal tuners") }
            if scheme.quotas.failChargeNum != .int(0) || scheme.quotas.failChargeDenom != .int(0) {
                throw unsupported("quota fail charge ratios")
            }
            if scheme.applyIntervalUs != .int(0) { throw unsupported("per-scheme apply intervals") }
            if !scheme.dests.isEmpty { throw unsupported("migration destinations") }
        }
    }

    /// Makes the context directories kdamonds 1..N-1 need and removes
    /// any other; returns each kdamond's directory.
    func arrangeContexts(count: Int, existing: [String]) throws -> [String] {
        let wanted = (1..<max(count, 1)).map(Self.contextName)
        for name in existing where !wanted.contains(name) {
            try tx.remove(root: root, name: name)
        }
        for name in wanted where !existing.contains(name) {
            try tx.make(root: root, name: name)
        }
        return [root] + wanted.map { root + "/" + $0 }
    }

    func write(_ context: DamonContext, to dir: String) throws {
        try tx.save(contextDir: dir)
        try tx.write(dir + "/attrs", DebugfsText.attrs(context))
        if let error = attempt(dir + "/target_ids", DebugfsText.targetIDs(context)) {
            // The kernel looks each pid up and answers ENOMEM (5.18+) or
            // EINVAL (before) for one that does not exist.
            if context.ops != .paddr && (error.errno == ENOMEM || error.errno == EINVAL) {
                let pids = context.targets.compactMap(\.pid).map(String.init).joined(separator: " ")
                throw DamonControlError("\(error) (is there a process of each target pid: \(pids)?)")
            }
            throw error
        }
        if context.ops == .paddr {
            // Kernels before 5.16 take 'paddr' for an empty pid list.
            let shown = try fs.read(dir + "/target_ids")
            if shown != String(DebugfsText.paddrTargetID) {
                throw DamonControlError("this kernel's DAMON debugfs interface does not support paddr (\(dir)/target_ids shows '\(shown)' after 'paddr' was written)")
            }
        }
        if context.targets.contains(where: { !$0.regions.isEmpty }) {
            try writeInitRegions(context, dir)
        }
        if fs.exists(dir + "/schemes") {
            try tx.write(dir + "/schemes", DebugfsText.schemes(context))
        }
    }

    /// A write's error, if it fails.
    func attempt(_ path: String, _ value: String) -> DamonFSError? {
        do { try tx.write(path, value) } catch { return error }
        return nil
    }

    /// Target indices first (Linux 5.18+); kernels before take target ids
    /// and refuse the index 0, which no target id is.
    func writeInitRegions(_ context: DamonContext, _ dir: String) throws {
        let byIndex = DebugfsText.initRegions(context, byIndex: true)
        guard let first = attempt(dir + "/init_regions", byIndex) else { return }
        let byID = DebugfsText.initRegions(context, byIndex: false)
        if first.errno != EINVAL || byID == byIndex || attempt(dir + "/init_regions", byID) != nil {
            throw first
        }
    }
}
