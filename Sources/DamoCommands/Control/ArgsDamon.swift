import ArgumentParser
import DamonKernel
import DamonModel
import DamonRecords

/// `damo args damon`: DAMON parameters from options, as JSON, YAML or a
/// report, optionally merged into those of a file.
struct ArgsDamon: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "damon", abstract: "format DAMON parameters")

    @OptionGroup var params: DamonParamOptions

    @Option(name: .customLong("format"), help: ArgumentHelp("format of the output", valueName: "json|yaml|report"))
    var format: String = "json"

    @Flag(name: .customLong("raw"), help: "print numbers in machine friendly raw form")
    var raw = false

    @Option(name: .customLong("add"), help: ArgumentHelp("add DAMON parameters to those of a given file", valueName: "file"))
    var add: String?

    @Option(name: .customLong("remove"), parsing: .upToNextOption,
            help: ArgumentHelp("remove a kdamond of given index from those of the given file",
                               valueName: "file> <kdamond index"))
    var remove: [String] = []

    @Option(name: .customLong("replace"), parsing: .upToNextOption,
            help: ArgumentHelp("replace a kdamond of given index in the given file", valueName: "file> <kdamond index"))
    var replace: [String] = []

    @Option(name: .customLong("out"), help: ArgumentHelp("save the output to the given file", valueName: "file"))
    var out: String?

    @Flag(name: .customLong("omit_defaults"), help: "omit default parameters")
    var omitDefaults = false

    func validate() throws {
        guard ["json", "yaml", "report"].contains(format) else {
            throw ValidationError("argument --format: invalid choice: '\(format)' (choose from 'json', 'yaml', 'report')")
        }
        if !remove.isEmpty && remove.count != 2 { throw ValidationError("--remove takes <file> <kdamond index>") }
        if !replace.isEmpty && replace.count != 2 { throw ValidationError("--replace takes <file> <kdamond index>") }
    }

    func run() throws {
        var kdamonds: [Kdamond]
        do {
            let args = try DamonParamArgs(params, commandLine: Array(CommandLine.arguments.dropFirst()))
            var builder = DamonParamBuilder(args)
            kdamonds = try builder.kdamonds()
        } catch let e as CLIError {
            throw CLIError("invalid arguments (\(e.description))")
        } catch let e as ProcessError {
            throw CLIError("invalid arguments (\(e.description))")
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
            if out != nil { throw CLIError("--out and report format cannot be used together") }
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
            try ReportOutput.show(text)
        }
    }

    func load(_ path: String) throws -> [Kdamond] {
        do { return try DamonParamInput.kdamonds(path, option: path) } catch let e as CLIError {
            throw CLIError("cannot parse \(path) (\(e.description))")
        }
    }

    /// Python's list index: negative counts from the end.
    func index(_ text: String, in list: [Kdamond], option: String) throws -> Int {
        guard let i = UnitParse.pyInt(text).flatMap({ Int(exactly: $0) }) else {
            throw CLIError("\(option): invalid kdamond index '\(text)'")
        }
        let idx = i < 0 ? list.count + i : i
        guard list.indices.contains(idx) else {
            throw CLIError("\(option): kdamond index \(text) out of range (\(list.count) kdamonds)")
        }
        return idx
    }
}
