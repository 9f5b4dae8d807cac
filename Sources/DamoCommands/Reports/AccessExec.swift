import DamoPlatform
import DamonKernel
import DamonModel
import DamoReports

/// `report access --exec SCRIPT [ARGS...]` and `--exec interpreter`: the
/// records go to Python through a bridge (see AccessExecBridge), with the
/// terminal handed over to it.
enum AccessExec {
    static func run(_ command: String, records: [Record]) throws {
        let fields = command.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let first = fields.first else { throw CLIError("--exec needs a script or 'interpreter'") }
        if first != "interpreter" || fields.count > 1 {
            var st = stat()
            guard stat(first, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
                throw CLIError("format_script handling fail (first token is not file)")
            }
        }
        guard let python = Processes.find("python3") else {
            throw CLIError("--exec runs Python scripts, but python3 is not installed (not found on PATH)")
        }
        let dir = Processes.temporaryDirectory()
        let jsonPath = try writeTemporary(dir, "damo_records-XXXXXX", AccessExecBridge.recordsJSON(records))
        defer { unlink(jsonPath) }
        let bridgePath = try writeTemporary(dir, "damo_exec-XXXXXX", AccessExecBridge.script)
        defer { unlink(bridgePath) }
        let status = try spawnAndWait(python, [python, bridgePath, jsonPath] + fields)
        if status != 0 {
            throw CLIError("--exec: '\(command)' failed (exit status \(status))")
        }
    }

    static func writeTemporary(_ dir: String, _ name: String, _ text: String) throws -> String {
        var template = Array((dir + "/" + name).utf8CString)
        let fd = mkstemp(&template)
        guard fd >= 0 else { throw CLIError("cannot create a temporary file in \(dir): \(errnoDescription())") }
        defer { close(fd) }
        let path = stringFromCChars(template)
        var t = text
        let ok = t.withUTF8 { buf -> Bool in
            var off = 0
            while off < buf.count {
                let n = write(fd, buf.baseAddress! + off, buf.count - off)
                if n < 0 { if errno == EINTR { continue }; return false }
                off += n
            }
            return true
        }
        if !ok {
            unlink(path)
            throw CLIError("cannot write \(path): \(errnoDescription())")
        }
        return path
    }

    /// Runs a program with our standard input, output and error.
    static func spawnAndWait(_ path: String, _ argv: [String]) throws -> Int32 {
        var pid = pid_t()
        var cargs = argv.map { strdup($0) }
        cargs.append(nil)
        defer { for p in cargs { free(p) } }
        let rc = posix_spawn(&pid, path, nil, nil, cargs, environ)
        guard rc == 0 else { throw CLIError("cannot run \(path): \(errnoDescription(rc))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { throw CLIError("waiting for \(path) failed: \(errnoDescription())") }
        }
        if status & 0x7f == 0 { return (status >> 8) & 0xff }
        return 128 + (status & 0x7f)
    }
}
