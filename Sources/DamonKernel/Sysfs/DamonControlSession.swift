import DamonModel

/// DAMON turned on for as long as one damo command runs (`damo schemes`):
/// when the command ends, the kdamonds are turned off and every file the
/// session wrote gets its old content back, so the kernel is left as the
/// command found it.
public final class DamonControlSession {
    let control: DamonControl
    let tx: SysfsTransaction
    /// Indices of the kdamonds the session turned on.
    public let kdamonds: [Int]
    var ended = false

    init(control: DamonControl, tx: SysfsTransaction, kdamonds: [Int]) {
        self.control = control
        self.tx = tx
        self.kdamonds = kdamonds
    }

    /// Whether any of the session's kdamonds still runs (the kernel ends a
    /// kdamond whose target processes all exited).
    public func anyRunning() -> Bool {
        kdamonds.contains { (try? control.reader.state($0)) == "on" }
    }

    /// Turns the kdamonds off and restores the files, as record's undo
    /// does.  Returns what could not be restored (nothing, normally).
    @discardableResult
    public func end() -> [String] {
        guard !ended else { return [] }
        ended = true
        return control.undoStart(tx, kdamonds: kdamonds.count)
    }
}

extension DamonControl {
    /// Writes the parameters and turns the kdamonds on, like start, but
    /// keeps what was replaced so that the session can put it back.
    public func startSession(_ kdamonds: [Kdamond]) throws -> DamonControlSession {
        let tx = try startUndoable(kdamonds)
        return DamonControlSession(control: self, tx: tx, kdamonds: Array(kdamonds.indices))
    }
}
