import DamonKernel
import DamonModel
import DamonRecords

/// DAMON parameters given as text or as a file: JSON (damo's own form) or
/// YAML, with errors naming where the text is wrong.
enum DamonParamsText {
    /// The text of `arg`: the file's content when `arg` names a file.  A
    /// value shaped like a path (or any value, with `fileOnly`) must be a
    /// regular file: a missing file, a directory or a device is said as
    /// such instead of being parsed as parameters text.
    static func text(of arg: String, fileOnly: Bool = false) throws -> (text: String, isFile: Bool) {
        guard ProcFS.isRegularFile(arg) else {
            if fileOnly || looksLikePath(arg) {
                if ProcFS.isDirectory(arg) { throw DamoError("\(arg): is a directory, not a parameters file") }
                if ProcFS.exists(arg) { throw DamoError("\(arg): not a regular file") }
                throw DamoError("\(arg): no such file")
            }
            return (arg, false)
        }
        guard let text = ProcFS.read(arg) else { throw DamoError("cannot read \(arg)") }
        return (text, true)
    }

    /// One word with a '/' or a parameters file's ending, and no JSON,
    /// YAML or one-line-scheme shape.
    static func looksLikePath(_ arg: String) -> Bool {
        guard !arg.isEmpty, !looksLikeJSON(arg), !arg.contains(where: { $0 == " " || $0 == "\n" || $0 == "\t" }) else {
            return false
        }
        return arg.contains("/") || [".json", ".yaml", ".yml", ".damos"].contains { arg.hasSuffix($0) }
    }

    static func looksLikeJSON(_ text: String) -> Bool {
        guard let first = text.first(where: { !$0.isWhitespace }) else { return false }
        return first == "{" || first == "["
    }

    /// Parses JSON, or YAML when it is not JSON.
    static func parse(_ text: String, name: String, yaml: Bool = false) throws -> KV {
        if !yaml || looksLikeJSON(text) {
            do { return try KVJSON.parse(text) } catch let e as JSONSyntaxError {
                if looksLikeJSON(text) { throw DamoError("\(name): \(e)") }
            }
        }
        do { return try KVYAML.parse(text) } catch let e as KVYAMLError { throw DamoError("\(name): \(e)") }
    }

    /// Kdamonds of `{"kdamonds": [...]}` text or file (--kdamonds, --add,
    /// --replace, --remove).
    static func kdamonds(_ arg: String, option: String) throws -> [Kdamond] {
        let (text, isFile) = try text(of: arg, fileOnly: option == "--input_file")
        let name = isFile ? arg : option
        return try decode(try parse(text, name: name, yaml: true), name: name)
    }

    static func decode(_ kv: KV, name: String) throws -> [Kdamond] {
        do { return try Kdamond.list(kv: kv) } catch let e as KVError { throw DamoError("\(name): \(e)") }
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
                throw DamoError("\(name): no 'kdamonds' in the parameters")
            }
            return nil
        }
        return try decode(kv, name: name)
    }

    /// Schemes of a `[{...}, ...]` list (-c/--schemes), or of early damo's
    /// one-line scheme format (deprecated, with damo's notice).
    static func schemes(_ arg: String, env: DamoEnvironment) throws -> [Damos] {
        let (text, isFile) = try text(of: arg)
        let name = isFile ? arg : "--schemes"
        if !looksLikeJSON(text) && DamosSingleLine.looksLikeSingleLine(text) {
            env.warnDeprecated(.singleLineSchemes)
            do { return try DamosSingleLine.schemes(text) } catch {
                throw DamoError("failed damo schemes arguments parsing (\(name): \(error))")
            }
        }
        let kv = try parse(text, name: name, yaml: true)
        do {
            return try KVReader(kv).list().map { try Damos(kv: $0) }
        } catch let e as KVError {
            throw DamoError("failed damo schemes arguments parsing (\(name): \(e))")
        }
    }
}
