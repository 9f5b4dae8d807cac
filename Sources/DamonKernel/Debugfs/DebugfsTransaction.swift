/// The parameters a debugfs context holds, as read before changing it.
struct DebugfsContextFiles: Equatable {
    var attrs: String
    var targetIDs: String
    var initRegions: String?
    var schemes: String?

    /// Reads them (the context must be off: `init_regions` is EBUSY while
    /// it runs).
    init(fs: DamonFS, dir: String) throws(DamonFSError) {
        attrs = try fs.read(dir + "/attrs")
        targetIDs = try fs.read(dir + "/target_ids")
        initRegions = fs.exists(dir + "/init_regions") ? try fs.read(dir + "/init_regions") : nil
        schemes = fs.exists(dir + "/schemes") ? try fs.read(dir + "/schemes") : nil
    }

    /// Writes back those of them named in `only` (all by default), in the
    /// order the kernel needs: targets reset their regions, so regions
    /// come after them.  Untouched files are left alone (rewriting
    /// `schemes` would reset its statistics).  Returns what failed (a pid
    /// that has exited since cannot come back).
    func restore(fs: DamonFS, dir: String, only: Set<String>? = nil) -> [DamonFSError] {
        var failures: [DamonFSError] = []
        func needed(_ name: String) -> Bool { only?.contains(name) ?? true }
        func put(_ name: String, _ value: String) {
            do { try fs.write(dir + "/" + name, value) } catch { failures.append(error) }
        }
        if needed("attrs") { put("attrs", attrs) }
        // The kernel shows the physical address space's target as 42, and
        // an empty write would mean paddr too: a newline clears.
        let ids = targetIDs.split(separator: " ")
        if needed("target_ids") {
            put("target_ids", ids == ["\(DebugfsText.paddrTargetID)"] ? "paddr\n" : ids.isEmpty ? "\n" : targetIDs)
        }
        if let initRegions, !initRegions.isEmpty, needed("init_regions") || needed("target_ids") {
            put("init_regions", initRegions)
        }
        if let schemes, needed("schemes") {
            let lines = schemes.split(separator: "\n").map(DebugfsText.parametersOfShownScheme)
            put("schemes", lines.isEmpty ? "\n" : lines.joined(separator: "\n"))
        }
        return failures
    }
}

/// Writes to DAMON's debugfs files while remembering how to undo them, so
/// a failure midway leaves the kernel as it was found: each context's
/// files are saved before its first write and written back on rollback,
/// contexts made are removed and contexts removed are made again.
public final class DebugfsTransaction {
    let fs: DamonFS
    enum Undo {
        case restore(dir: String, files: DebugfsContextFiles)
        case remove(root: String, name: String)
        case make(root: String, name: String, files: DebugfsContextFiles)
        case command(path: String, value: String)
    }
    var undo: [Undo] = []
    var saved: Set<String> = []
    /// Files written, by path, to restore only those.
    var touched: Set<String> = []
    /// Every write done, in order (for tests).
    private(set) var written: [(path: String, value: String)] = []

    init(fs: DamonFS) { self.fs = fs }

    /// Saves a context's files once, before it is first written.
    func save(contextDir dir: String) throws(DamonFSError) {
        guard !saved.contains(dir) else { return }
        undo.append(.restore(dir: dir, files: try DebugfsContextFiles(fs: fs, dir: dir)))
        saved.insert(dir)
    }

    func write(_ path: String, _ value: String) throws(DamonFSError) {
        // A refused write may still have changed the file (init_regions
        // drops every region first): it counts as touched.
        touched.insert(path)
        try fs.write(path, value)
        written.append((path, value))
    }

    func make(root: String, name: String) throws(DamonFSError) {
        try write(root + "/mk_contexts", name)
        undo.append(.remove(root: root, name: name))
        saved.insert(root + "/" + name)
    }

    func remove(root: String, name: String) throws(DamonFSError) {
        let files = try DebugfsContextFiles(fs: fs, dir: root + "/" + name)
        try write(root + "/rm_contexts", name)
        undo.append(.make(root: root, name: name, files: files))
    }

    /// A command (`monitor_on`), undone by another.
    func command(_ path: String, _ value: String, undoWith undoValue: String) throws(DamonFSError) {
        try write(path, value)
        undo.append(.command(path: path, value: undoValue))
    }

    /// Forgets the commands' undoing (done otherwise by the caller).
    func dropCommands() {
        undo.removeAll { if case .command = $0 { return true } else { return false } }
    }

    /// Undoes everything, newest first; returns what could not be undone.
    @discardableResult
    func rollback() -> [DamonFSError] {
        var failures: [DamonFSError] = []
        for entry in undo.reversed() {
            switch entry {
            case .restore(let dir, let files):
                let names = Set(touched.filter { $0.hasPrefix(dir + "/") }
                    .map { String($0.dropFirst(dir.count + 1)) }.filter { !$0.contains("/") })
                failures += files.restore(fs: fs, dir: dir, only: names)
            case .remove(let root, let name):
                do { try fs.write(root + "/rm_contexts", name) } catch { failures.append(error) }
            case .make(let root, let name, let files):
                do {
                    try fs.write(root + "/mk_contexts", name)
                    failures += files.restore(fs: fs, dir: root + "/" + name)
                } catch { failures.append(error) }
            case .command(let path, let value):
                do { try fs.write(path, value) } catch { failures.append(error) }
            }
        }
        undo.removeAll()
        saved.removeAll()
        touched.removeAll()
        return failures
    }

    func commit() {
        undo.removeAll()
        saved.removeAll()
        touched.removeAll()
    }
}
