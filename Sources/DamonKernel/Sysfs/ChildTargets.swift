import DamonModel

/// A context whose targets one round of `addChildTargets` committed.
public struct ChildTargetsCommit: Equatable, Sendable {
    public let kdamond: Int
    public let context: Int
    /// How many targets the context's files hold now (obsolete ones too).
    public let committed: Int
}

extension DamonControl {
    /// One round of damo's `--include_child_tasks` (record, start): the
    /// processes the running vaddr targets started become targets too,
    /// targets that ended leave, and the change is committed.  `kdamonds`
    /// (indexed as the running kdamonds) follows what was committed.
    ///
    /// Through `tx` the writes join it (record undoes them with its start);
    /// without, each context's writes are their own change, put back when
    /// the kernel refuses the commit.  A refused commit is skipped: the
    /// next round tries again.
    public func addChildTargets(_ kdamonds: inout [Kdamond], through tx: SysfsTransaction? = nil) -> [ChildTargetsCommit] {
        var commits: [ChildTargetsCommit] = []
        for k in kdamonds.indices {
            for c in kdamonds[k].contexts.indices where kdamonds[k].contexts[c].ops == .vaddr {
                let pids = kdamonds[k].contexts[c].targets.compactMap(\.pid)
                let alive = pids.filter(ProcFS.processRuns)
                let added = ProcFS.descendants(of: alive).filter { !pids.contains($0) }
                guard !added.isEmpty || alive.count != pids.count, !alive.isEmpty || !added.isEmpty else { continue }
                var list = pids, obsolete = pids.map { !alive.contains($0) }
                if !hasObsoleteTargets(k, c) {
                    list = alive
                    obsolete = alive.map { _ in false }
                }
                list += added
                obsolete += added.map { _ in false }
                let own = tx ?? SysfsTransaction(fs: fs)
                do {
                    try commitTargets(k, c, pids: list, obsolete: obsolete, through: own)
                    if tx == nil { own.commit() }
                } catch {
                    if tx == nil { own.rollback() }
                    continue
                }
                kdamonds[k].contexts[c].targets = (alive + added).map { DamonTarget(pid: $0) }
                commits.append(ChildTargetsCommit(kdamond: k, context: c, committed: list.count))
            }
        }
        return commits
    }
}

extension DamonControl {
    /// Whether targets can be added to running kdamonds: through sysfs;
    /// debugfs takes no new target while DAMON runs.
    public var takesTargetsWhileRunning: Bool { debugfs == nil }
}
