/// Writes to DAMON's files while remembering what each write replaced, so
/// that when one fails midway everything written so far is put back: the
/// kernel is left as it was found.
///
/// Writing an `nr_*` count makes the kernel recreate the directories it
/// counts (with default contents), so before such a write the contents of
/// the existing ones are saved, and restored after the count is.
public final class SysfsTransaction {
    public let fs: DamonFS
    enum Undo {
        case value(path: String, old: String)
        case subtree(files: [(String, String)])
    }
    var undo: [Undo] = []
    /// Directories an `nr_*` write of this transaction made: undoing that
    /// write removes them, so what is written inside needs no undo (and
    /// their defaults may be values the kernel refuses, such as `anon` in
    /// a core_filters type).
    var fresh: [String] = []
    /// Every write done, in order (for messages and tests).
    public private(set) var written: [(path: String, value: String)] = []

    public init(fs: DamonFS) { self.fs = fs }

    /// Writes a parameter file, restorable on rollback.
    public func write(_ path: String, _ value: String) throws(DamonFSError) {
        let inFresh = fresh.contains { path.hasPrefix($0) }
        let old = try fs.read(path)
        let isCount = path.split(separator: "/").last?.hasPrefix("nr_") == true
        if isCount && !inFresh {
            try saveChildrenToBeRemoved(countFile: path, old: old, new: value)
        }
        try fs.write(path, value)
        if !inFresh { undo.append(.value(path: path, old: old)) }
        if isCount, !inFresh, let n = Int(value) {
            let dir = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
            fresh += (0..<n).map { dir + "/\($0)/" }
        }
        written.append((path, value))
    }

    /// Writes a command (`state` on/commit/update_...): done, not undone by
    /// replaying the old text; `state` goes back by its own undo entry.
    public func command(_ path: String, _ value: String, undoWith undoValue: String? = nil) throws(DamonFSError) {
        try fs.write(path, value)
        written.append((path, value))
        if let undoValue { undo.append(.value(path: path, old: undoValue)) }
    }

    /// Puts back everything written, newest first.  Returns the writes that
    /// could not be undone (there should be none).
    @discardableResult
    public func rollback() -> [DamonFSError] {
        var failures: [DamonFSError] = []
        for entry in undo.reversed() {
            switch entry {
            case .value(let path, let old):
                do { try fs.write(path, old) } catch { failures.append(error) }
            case .subtree(let files):
                for (path, content) in files {
                    do { try fs.write(path, content) } catch { failures.append(error) }
                }
            }
        }
        undo.removeAll()
        fresh.removeAll()
        return failures
    }

    /// Forgets the undo log: the change is complete.
    public func commit() {
        undo.removeAll()
        fresh.removeAll()
    }

    func saveChildrenToBeRemoved(countFile: String, old: String, new: String) throws(DamonFSError) {
        guard let oldCount = Int(old), Int(new) != nil, oldCount > 0 else { return }
        let dir = String(countFile[..<(countFile.lastIndex(of: "/") ?? countFile.startIndex)])
        var files: [(String, String)] = []
        for idx in 0..<oldCount {
            try collectWritable(dir + "/\(idx)", into: &files)
        }
        // Restored after the count: an entry that runs before the count's
        // own undo in reverse order is pushed first.
        undo.append(.subtree(files: files))
    }

    /// Parameter files below a directory, counts before the files they
    /// create, so that replaying them in order rebuilds the tree.
    func collectWritable(_ dir: String, into files: inout [(String, String)]) throws(DamonFSError) {
        let names = try fs.list(dir)
        let counts = names.filter { $0.hasPrefix("nr_") }
        for name in counts + names.filter({ !$0.hasPrefix("nr_") }) {
            let path = dir + "/" + name
            if fs.isDirectory(path) {
                // Results of the kernel, not parameters.
                if name == "stats" || name == "tried_regions" { continue }
                try collectWritable(path, into: &files)
            } else if SysfsTransaction.isParameterFile(name) {
                files.append((path, try fs.read(path)))
            }
        }
    }

    /// Files that hold parameters (as opposed to read-only results and
    /// commands), worth restoring.  A quota goal's `current_value` is one:
    /// the user's input of `user_input` goals.
    static func isParameterFile(_ name: String) -> Bool {
        !["state", "pid", "avail_operations", "effective_bytes", "total_bytes",
          "nr_tried", "sz_tried", "nr_applied", "sz_applied", "sz_ops_filter_passed", "qt_exceeds",
          "nr_snapshots", "max_nr_snapshots", "nr_accesses", "age", "sz_filter_passed"].contains(name)
    }
}
