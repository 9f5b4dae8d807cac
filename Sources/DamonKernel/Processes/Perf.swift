import DamoPlatform

/// Linux perf, for perf.data records of DAMON tracepoints.
public enum Perf {
    /// `perf script --force -i FILE` into a temporary file (removed by the
    /// caller).  --force because perf.data made by root often has an owner
    /// perf would otherwise refuse.
    public static func script(input: String, perf: String = "perf") throws -> String {
        guard Processes.find(perf) != nil else {
            throw ProcessError("reading a perf.data record needs perf ('\(perf) script'), which is not installed")
        }
        let (path, status, stderr) = try Processes.runToTemporaryFile(perf, ["script", "--force", "-i", input])
        if status != 0 {
            unlink(path)
            let detail = stderr.split(separator: "\n").first.map(String.init) ?? "exit status \(status)"
            throw ProcessError("'\(perf) script' failed: \(detail)")
        }
        return path
    }
}
