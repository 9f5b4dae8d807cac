import DamonKernel
import DamonModel
import DamonRecords

/// `damo args damon`: DAMON parameters from options, as JSON, YAML or a
/// report, optionally merged into those of a file.
public protocol ArgsDamonCommand {
    associatedtype Params: DamonParamsOptions
    var params: Params { get }
    var format: String { get }
    var raw: Bool { get }
    var add: String? { get }
    var remove: [String] { get }
    var replace: [String] { get }
    var out: String? { get }
    var omitDefaults: Bool { get }
}

extension ArgsDamonCommand {
    public func run(in env: DamoEnvironment) throws {
        // A command given as the target is started, as damo does, and
        // its pid shown.
        let resolved = try params.resolve(in: env)
        var kdamonds = resolved.kdamonds
        if let command = resolved.workload {
            do { kdamonds = resolved.kdamonds(workloadPid: try env.programs.startCommand(command)) } catch let e as ProcessError {
                throw DamoError("invalid arguments (\(e.description))")
            }
        }
        for k in kdamonds.indices {
            for c in kdamonds[k].contexts.indices {
                for s in kdamonds[k].contexts[c].schemes.indices {
                    kdamonds[k].contexts[c].schemes[s].stats = nil
                    kdamonds[k].contexts[c].schemes[s].triedRegions = nil
                }
            }
        }
        if let add { kdamonds = try load(add) + kdamonds }
        if !remove.isEmpty {
            var old = try load(remove[0])
            old.remove(at: try index(remove[1], in: old, option: "--remove"))
            kdamonds = old
        }
        if !replace.isEmpty {
            var old = try load(replace[0])
            old[try index(replace[1], in: old, option: "--replace")] = kdamonds[0]
            kdamonds = old
        }

        let text: String
        switch format {
        case "report":
            if out != nil { throw DamoError("--out and report format cannot be used together") }
            text = kdamonds.enumerated().map {
                "kdamond \($0.offset)\n" + indentLines($0.element.toString(raw: raw), 4)
            }.joined(separator: "\n")
        case "yaml":
            let style = KVStyle(raw: raw, omitDefaults: omitDefaults, paramsOnly: true)
            text = try KVYAML.text(Kdamond.toKV(kdamonds, style))
        default:
            let style = KVStyle(raw: raw, omitDefaults: omitDefaults, paramsOnly: true)
            text = KVJSON.text(Kdamond.toKV(kdamonds, style))
        }
        if let out {
            let sink = try AtomicFileSink(path: out, permission: 0o644)
            try Array(text.utf8).withUnsafeBytes { try sink.write($0) }
            try sink.finish()
        } else {
            try env.show(text)
        }
    }

    func load(_ path: String) throws -> [Kdamond] {
        do { return try DamonParamsText.kdamonds(path, option: path) } catch let e as DamoError {
            throw DamoError("cannot parse \(path) (\(e.description))")
        }
    }

    /// Python's list index: negative counts from the end.
    func index(_ text: String, in list: [Kdamond], option: String) throws -> Int {
        guard let i = UnitParse.pyInt(text).flatMap({ Int(exactly: $0) }) else {
            throw DamoError("\(option): invalid kdamond index '\(text)'")
        }
        let idx = i < 0 ? list.count + i : i
        guard list.indices.contains(idx) else {
            throw DamoError("\(option): kdamond index \(text) out of range (\(list.count) kdamonds)")
        }
        return idx
    }
}
