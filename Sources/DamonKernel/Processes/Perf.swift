import DamoPlatform
import SystemPackage

/// Linux perf, for perf.data records of DAMON tracepoints.
public enum Perf {
    /// `perf script --force -i FILE` into a temporary file (removed by the
    /// caller).  --force because perf.data made by root often has an owner
    /// perf would otherwise refuse.
    public static func script(input: String, perf: String = "perf") throws -> String {
        let (fd, path): (FileDescriptor, String)
        do { (fd, path) = try TemporaryFile.create("damo-XXXXXX") } catch {
            throw ProcessError("cannot create a temporary file: \(errnoDescription(error.rawValue))")
        }
        do {
            try fd.closeAfter { try script(input: input, perf: perf, to: fd.rawValue) }
        } catch {
            unlink(path)
            throw error
        }
        return path
    }

    /// `perf script --force -i FILE` written to `output` (a descriptor
    /// the caller owns).
    public static func script(input: String, perf: String = "perf", to output: Int32) throws {
        guard Processes.find(perf) != nil else {
            throw ProcessError("reading a perf.data record needs perf ('\(perf) script'), which is not installed")
        }
        let (status, stderr) = try Processes.run(perf, ["script", "--force", "-i", input],
                                                 stdoutTo: FileDescriptor(rawValue: output))
        if status != 0 {
            let detail = stderr.split(separator: "\n").first.map(String.init) ?? "exit status \(status)"
            throw ProcessError("'\(perf) script' failed: \(detail)")
        }
    }
}
