import DamonKernel
import DamonModel
import DamonRecords

import DamoPlatform

/// Writes to standard output at once (print() would hold it back behind
/// what ReportOutput writes).
func writeStdout(_ text: String) {
    var t = text
    t.withUTF8 { bytes in
        var off = 0
        while off < bytes.count {
            let n = write(1, bytes.baseAddress! + off, bytes.count - off)
            if n <= 0 { if n < 0 && errno == EINTR { continue } else { return } }
            off += n
        }
    }
}

/// What building kdamonds from options needs from the system, replaceable
/// for tests.
struct DamonParamEnvironment {
    /// `[start, end)` covering every System RAM range (/proc/iomem).
    var systemRAMSpan: () throws -> (start: Int, end: Int) = {
        guard let span = ProcIomem.systemRAMSpan(try ProcIomem.read()) else {
            throw CLIError("no System RAM in /proc/iomem; give the paddr region with --regions")
        }
        return span
    }
    /// System RAM ranges of NUMA nodes.
    var numaRanges: ([Int]) throws -> [(start: Int, end: Int)] = { try PhysicalMemory.systemRAMRanges(nodes: $0) }
    var processExists: (Int) -> Bool = ProcFS.processExists
    var isCommand: (String) -> Bool = CommandTarget.isCommand
    var startCommand: (String) throws -> Int = CommandTarget.start
    /// Whether the running kernel has a DAMON feature (damo's feature
    /// names, `sysfs/damon_sample_control`); none are assumed.
    var featureAvailable: (String) -> Bool = { _ in false }
    /// damo's warnings, on standard output before the parameters.
    var say: (String) -> Void = { writeStdout($0 + "\n") }
}

/// DAMON parameters given as text or as a file: JSON (damo's own form) or
/// YAML, with errors naming where the text is wrong.
enum DamonParamInput {
    /// The text of `arg`: the file's content when `arg` names a file.
    static func text(of arg: String) throws -> (text: String, isFile: Bool) {
        guard ProcFS.isRegularFile(arg) else { return (arg, false) }
        guard let text = ProcFS.read(arg) else { throw CLIError("cannot read \(arg)") }
        return (text, true)
    }

    static func looksLikeJSON(_ text: String) -> Bool {
        guard let first = text.first(where: { !$0.isWhitespace }) else { return false }
        return first == "{" || first == "["
    }

    /// Parses JSON, or YAML when it is not JSON.
    static func parse(_ text: String, name: String, yaml: Bool = false) throws -> KV {
        if !yaml || looksLikeJSON(text) {
            do { return try KVJSON.parse(text) } catch let e as JSONSyntaxError {
                if looksLikeJSON(text) { throw CLIError("\(name): \(e)") }
            }
        }
        do { return try KVYAML.parse(text) } catch let e as KVYAMLError { throw CLIError("\(name): \(e)") }
    }

    /// Kdamonds of `{"kdamonds": [...]}` text or file (--kdamonds, --add,
    /// --replace, --remove).
    static func kdamonds(_ arg: String, option: String) throws -> [Kdamond] {
        let (text, isFile) = try text(of: arg)
        let name = isFile ? arg : option
        return try decode(try parse(text, name: name, yaml: true), name: name)
    }

    static func decode(_ kv: KV, name: String) throws -> [Kdamond] {
        do { return try Kdamond.list(kv: kv) } catch let e as KVError { throw CLIError("\(name): \(e)") }
    }

    /// Full parameters given as the deducible target; nil when the target
    /// is not parameters (a command, a pid, a keyword).
    static func deducedKdamonds(_ arg: String) throws -> [Kdamond]? {
        let (text, isFile) = try text(of: arg)
        let name = isFile ? arg : "target"
        let kv: KV
        if isFile && ProcFS.isExecutable(arg) {
            // A program to run, unless it holds parameters.
            guard let parsed = try? parse(text, name: name, yaml: true) else { return nil }
            kv = parsed
        } else if isFile || looksLikeJSON(text) {
            kv = try parse(text, name: name, yaml: true)
        } else {
            guard let parsed = try? KVYAML.parse(text) else { return nil }
            kv = parsed
        }
        guard kv["kdamonds"] != nil else {
            if (isFile && !ProcFS.isExecutable(arg)) || (!isFile && looksLikeJSON(text)) {
                throw CLIError("\(name): no 'kdamonds' in the parameters")
            }
            return nil
        }
        return try decode(kv, name: name)
    }

    /// Schemes of a `[{...}, ...]` list (-c/--schemes), or of early damo's
    /// one-line scheme format (deprecated, with damo's notice).
    static func schemes(_ arg: String) throws -> [Damos] {
        let (text, isFile) = try text(of: arg)
        let name = isFile ? arg : "--schemes"
        if !looksLikeJSON(text) && DamosSingleLine.looksLikeSingleLine(text) {
            Deprecation.singleLineSchemes()
            do { return try DamosSingleLine.schemes(text) } catch {
                throw CLIError("failed damo schemes arguments parsing (\(name): \(error))")
            }
        }
        let kv = try parse(text, name: name, yaml: true)
        do {
            return try KVReader(kv).list().map { try Damos(kv: $0) }
        } catch let e as KVError {
            throw CLIError("failed damo schemes arguments parsing (\(name): \(e))")
        }
    }
}
