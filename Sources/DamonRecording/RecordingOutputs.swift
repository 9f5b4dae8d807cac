import DamonKernel
import DamonModel
import DamonRecords

/// Saving a recording: the record and the files beside it, each written
/// under a temporary name and renamed, with the output permission.  A
/// file that cannot be written (a full disk) does not stop the others;
/// the error names it and what was kept.
extension RecordingSession {
    public func save() throws {
        let base = try saveBase()
        var failures: [String] = []
        func attempt(_ path: String, _ body: () throws -> Bool) {
            do {
                if try body() { kept.append(path) }
            } catch {
                failures.append("\(error)")
            }
        }
        attempt(base + ".kdamonds") {
            try writeText(KVJSON.text(.list(kdamonds.map { $0.toKV() })), to: base + ".kdamonds")
        }
        if trace != nil || stoppedTrace != nil {
            attempt(base) { try saveTrace(to: base) }
        } else if snapshots != nil || damonStatSnapshot != nil {
            attempt(base) {
                guard nrSnapshots > 0 else {
                    say("no snapshot was recorded; \(base) is not written")
                    return false
                }
                guard let spool else { return false }
                try spool.write(path: base, permission: plan.permission)
                return true
            }
        }
        nrSnapshots = 0
        if profile != nil {
            attempt(base + ".profile") { try moveIntoPlace(temporaryName(plan.outputPath + ".profile"), base + ".profile") }
        }
        for (wanted, spool, suffix) in [(plan.memFootprint, footprints, ".mem_footprint"), (plan.vmas, vmasSnapshots, ".vmas"),
                                        (plan.procStats, procStats, ".proc_stats")] where wanted {
            attempt(base + suffix) {
                // No item yet (a recording shorter than a second): "[]".
                try (spool ?? JSONListSpool(name: base + suffix)).write(path: base + suffix, permission: plan.permission)
                return true
            }
        }
        if !failures.isEmpty {
            let what = kept.isEmpty ? "nothing was kept" : "kept: " + kept.joined(separator: ", ")
            throw RecordingError("saving the recording failed: \(failures.joined(separator: "; ")); \(what)")
        }
    }

    /// The path the files are named after: the output, or the same name in
    /// a `<out>.<%Y-%m-%d-%H-%M-%S>` directory once outputs were flushed.
    func saveBase() throws -> String {
        guard flushed else { return plan.outputPath }
        let dir: String
        do { dir = try Files.makeStampedDirectory(plan.outputPath) } catch {
            throw RecordingError("cannot create \(error.path) for the outputs: \(error)")
        }
        let base = plan.outputPath.split(separator: "/").last.map(String.init) ?? plan.outputPath
        return dir + "/" + base
    }

    /// The tracer's file of DAMON events, as perf_data or converted.
    func saveTrace(to path: String) throws -> Bool {
        let raw = temporaryName(plan.outputPath)
        defer { Files.remove(raw) }
        let (tracer, seconds) = stoppedTrace ?? (plan.tracer ?? .perf, 0)
        guard ProcFS.isRegularFile(raw) else {
            say("\(tracer.rawValue) wrote no DAMON events; \(path) is not written")
            return false
        }
        if plan.damonTraceEvents {
            try copyFile(raw, to: path + ".trace")
            kept.append(path + ".trace")
        }
        guard let format = plan.recordFormat else { return try moveIntoPlace(raw, path) }
        if case .tracefs(let t)? = trace, t.lostEvents > 0 {
            say("tracefs's buffer overran: \(t.lostEvents) DAMON events were lost")
        }
        return try writeTrace(raw: raw, tracer: tracer, seconds: seconds, to: path, format: format)
    }

    /// Renames a file perf completed into place, with the permission.
    func moveIntoPlace(_ from: String, _ to: String) throws -> Bool {
        guard ProcFS.isRegularFile(from) else { return false }
        do { try Files.moveIntoPlace(from, to, permission: plan.permission) } catch {
            Files.remove(from)
            throw RecordFileError(to, "cannot move perf's output into place: \(error)")
        }
        return true
    }

    func writeText(_ text: String, to path: String) throws -> Bool {
        let sink = try AtomicFileSink(path: path, permission: plan.permission)
        do {
            try sink.write(Array(text.utf8))
            try sink.finish()
        } catch {
            sink.abandon()
            throw error
        }
        return true
    }

    func copyFile(_ from: String, to path: String) throws {
        var source = try FileByteSource(path: from)
        let sink = try AtomicFileSink(path: path, permission: plan.permission)
        do {
            try sink.write(contentsOf: &source)
            try sink.finish()
        } catch {
            sink.abandon()
            throw error
        }
    }
}
