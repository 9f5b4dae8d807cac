import DamonModel

/// DAMON turned on for as long as one damo command runs (`damo schemes`,
/// `damo record`): when the command ends, the kdamonds are turned off and
/// every file the session wrote gets its old content back, so the kernel
/// is left as the command found it.  Through sysfs or debugfs alike.
public final class DamonControlSession {
    /// The writes that started DAMON, through the interface in use.
    public enum Started {
        case sysfs(SysfsTransaction)
        case debugfs(DebugfsTransaction)
    }
    let control: DamonControl
    let started: Started
    /// Indices of the kdamonds the session turned on.
    public let kdamonds: [Int]
    var ended = false

    init(control: DamonControl, started: Started, kdamonds: [Int]) {
        self.control = control
        self.started = started
        self.kdamonds = kdamonds
    }

    /// The sysfs writes, where later writes (record's child targets) join
    /// them to be undone together; nil through debugfs, which takes no
    /// parameter while DAMON runs.
    public var sysfsTransaction: SysfsTransaction? {
        if case .sysfs(let tx) = started { return tx }
        return nil
    }

    /// Whether any of the session's kdamonds still runs (the kernel ends a
    /// kdamond whose target processes all exited).
    public func anyRunning() -> Bool {
        switch started {
        case .sysfs:
            return kdamonds.contains { (try? control.reader.state($0)) == "on" }
        case .debugfs:
            let running = (try? control.debugfsControl.runningKdamonds()) ?? []
            return kdamonds.contains(where: running.contains)
        }
    }

    /// Turns the kdamonds off and restores the files.  Returns what could
    /// not be restored (nothing, normally).
    @discardableResult
    public func end() -> [String] {
        guard !ended else { return [] }
        ended = true
        switch started {
        case .sysfs(let tx): return control.undoStart(tx, kdamonds: kdamonds.count)
        case .debugfs(let tx): return control.debugfsControl.undoStart(tx)
        }
    }
}

extension DamonControl {
    /// Writes the parameters and turns the kdamonds on, like start, but
    /// keeps what was replaced so that the session can put it back.
    public func startSession(_ kdamonds: [Kdamond]) throws -> DamonControlSession {
        if let debugfs {
            return DamonControlSession(control: self, started: .debugfs(try debugfs.startUndoable(kdamonds)),
                                       kdamonds: Array(kdamonds.indices))
        }
        return DamonControlSession(control: self, started: .sysfs(try startUndoable(kdamonds)),
                                   kdamonds: Array(kdamonds.indices))
    }
}
