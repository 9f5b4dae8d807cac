import DamonKernel
import DamonModel
import DamoReports

/// `report access --exec SCRIPT [ARGS...]` and `--exec interpreter`: the
/// records go to Python through a bridge (see AccessExecBridge), with the
/// terminal handed over to it.
enum AccessExec {
    static func run(_ command: String, records: [Record], in env: DamoEnvironment) throws {
        try run(command, json: AccessExecBridge.recordsJSON(records), script: AccessExecBridge.script, in: env)
    }

    /// `script` (a bridge) run with the JSON file of the records it rebuilds.
    static func run(_ command: String, json: String, script: String, in env: DamoEnvironment) throws {
        let fields = command.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let first = fields.first else { throw DamoError("--exec needs a script or 'interpreter'") }
        if first != "interpreter" || fields.count > 1 {
            guard ProcFS.isRegularFile(first) else {
                throw DamoError("format_script handling fail (first token is not file)")
            }
        }
        guard let python = env.programs.find("python3") else {
            throw DamoError("--exec runs Python scripts, but python3 is not installed (not found on PATH)")
        }
        let jsonPath = try writeTemporaryFile("damo_records-XXXXXX", json.utf8)
        defer { Files.remove(jsonPath) }
        let bridgePath = try writeTemporaryFile("damo_exec-XXXXXX", script.utf8)
        defer { Files.remove(bridgePath) }
        let code = try env.programs.runInteractive(python, [bridgePath, jsonPath] + fields)
        // A script killed by a signal counts as the shell counts it.
        let status = code < 0 ? 128 - code : code
        if status != 0 {
            throw DamoError("--exec: '\(command)' failed (exit status \(status))")
        }
    }
}
