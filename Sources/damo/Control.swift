import ArgumentParser
import DamonKernel
import DamonModel
import DamonRecords

/// Where DAMON's files are: /sys, unless a test or another environment
/// says otherwise (hidden option, or DAMO_INTERFACE_ROOT); which of its
/// interfaces to use (damo's hidden --damon_interface_DEPRECATED), and
/// whether to print every file access (--debug_damon).
struct InterfaceRootOption: ParsableArguments {
    @Option(name: .customLong("interface_root"), help: .hidden)
    var interfaceRoot: String?
    @Option(name: .customLong("damon_interface_DEPRECATED"), help: .hidden)
    var damonInterface: DamonInterfaceChoice = .auto
    @Flag(name: .customLong("debug_damon"), help: "Print debugging log")
    var debugDamon = false

    var control: DamonControl {
        DamonControl.interface(root: interfaceRoot, choice: damonInterface, debug: debugDamon)
    }
}

extension DamonInterfaceChoice: ExpressibleByArgument {}

/// Kdamonds from the damon parameter options; a workload command given as
/// the target is started here and its pid recorded, so that a failure to
/// start DAMON can end it again.
func kdamondsFromOptions(_ params: DamonParamOptions, startedWorkload: inout Int32?) throws -> [Kdamond] {
    let started = StartedPid()
    var env = DamonParamEnvironment()
    env.startCommand = { command in
        let pid = try Processes.spawnWorkload(command)
        started.pid = pid
        return Int(pid)
    }
    do {
        let args = try DamonParamArgs(params, commandLine: Array(CommandLine.arguments.dropFirst()))
        var builder = DamonParamBuilder(args, env: env)
        let kdamonds = try builder.kdamonds()
        startedWorkload = started.pid
        return kdamonds
    } catch let e as CLIError {
        if let pid = started.pid { Processes.killWorkload(pid) }
        throw CLIError("invalid arguments (\(e.description))")
    }
}

final class StartedPid { var pid: Int32? }

struct Start: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Start DAMON with given parameters.")

    @OptionGroup var params: DamonParamOptions
    @OptionGroup var interface: InterfaceRootOption

    func run() throws {
        var workload: Int32? = nil
        let kdamonds = try kdamondsFromOptions(params, startedWorkload: &workload)
        do {
            try interface.control.start(kdamonds)
        } catch {
            if let workload { Processes.killWorkload(workload) }
            // The kernel checks the parameters when turning on (a target
            // pid of no process, fewer than 3 regions, ...).
            if let e = error as? DamonFSError, e.operation == "writing 'on' to" {
                throw CLIError("the kernel refused to start DAMON with these parameters (\(e)); nothing was left changed")
            }
            throw error
        }
    }
}

struct Tune: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Update parameters of running DAMON.")

    @Flag(name: .customLong("quota_goals_only"), help: "commit quota goals change only")
    var quotaGoalsOnly = false
    @OptionGroup var params: DamonParamOptions
    @OptionGroup var interface: InterfaceRootOption

    func run() throws {
        var workload: Int32? = nil
        let kdamonds = try kdamondsFromOptions(params, startedWorkload: &workload)
        do {
            if quotaGoalsOnly {
                try interface.control.commitQuotaGoals(kdamonds)
                return
            }
            try interface.control.tune(kdamonds)
        } catch {
            if let workload { Processes.killWorkload(workload) }
            throw error
        }
    }
}

struct Stop: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Stop running DAMON.")

    @OptionGroup var interface: InterfaceRootOption

    func run() throws {
        try interface.control.stop()
    }
}

/// `report damon` (and `status`): the running kdamonds, or those of a file.
struct ReportDamon: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "damon", abstract: "Show current or recorded DAMON status.")
    @OptionGroup var options: ReportDamonOptions
    func run() throws { try options.run() }
}

/// `status`: the older name of `report damon`.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show DAMON status (same as 'report damon'; deprecated).")
    @OptionGroup var options: ReportDamonOptions
    func run() throws {
        Deprecation.status()
        try options.run()
    }
}

struct ReportDamonOptions: ParsableArguments {
    @Option(name: .customLong("format"), help: ArgumentHelp("format of the output", valueName: "json|yaml|report"))
    var format: String?
    @Flag(name: .customLong("json"), help: .hidden)
    var json = false
    @Flag(name: .customLong("raw"), help: "print raw numbers")
    var raw = false
    @Flag(name: .customLong("show_cpu_usage"), help: "show cpu usage for kdamond")
    var showCpuUsage = false
    @Flag(name: .customLong("kdamonds_summary"), help: "print kdamond summary only")
    var kdamondsSummary = false
    @Flag(name: .customLong("damos_stats"), help: "print DAMOS scheme stats only")
    var damosStats = false
    @Option(name: .customLong("damos_stat_fields"), parsing: .upToNextOption, help: "DAMOS stat fields to print")
    var damosStatFields: [String] = []
    @Flag(name: .customLong("omit_damos_tried_regions"), help: "omit DAMOS tried regions")
    var omitTriedRegions = false
    @Flag(name: .customLong("damon_params"), help: "print entered DAMON parameters only")
    var damonParams = false
    @Flag(name: .customLong("damon_params_omit_defaults"), help: "print entered DAMON parameters only, omitting defaults")
    var damonParamsOmitDefaults = false
    @Option(name: .customLong("input_file"), help: "a json file of kdamonds (args damon output) to show instead of the running ones")
    var inputFile: String?
    @OptionGroup var interface: InterfaceRootOption

    func run() throws {
        let fmt = format ?? (json ? "json" : "report")
        guard ["json", "yaml", "report"].contains(fmt) else {
            throw CLIError("--format must be json, yaml or report ('\(fmt)' given)")
        }
        let paramsOnly = damonParams || damonParamsOmitDefaults
        var kdamonds: [Kdamond]
        if let inputFile {
            kdamonds = try DamonParamInput.kdamonds(inputFile, option: "--input_file")
        } else {
            kdamonds = try interface.control.status(
                updateStats: true, triedRegions: !omitTriedRegions && format == nil && !paramsOnly)
        }
        if damosStats {
            try ReportOutput.show(statsText(kdamonds, fmt))
            return
        }
        if kdamondsSummary {
            let lines = kdamonds.map { $0.summary(raw: raw) }
            switch fmt {
            case "json": try ReportOutput.show(KVJSON.text(.list(lines.map { .string($0) })))
            case "yaml": try ReportOutput.show(try KVYAML.text(.list(lines.map { .string($0) })))
            default: try ReportOutput.show(lines.enumerated().map { "\($0.offset)\t\($0.element)" }.joined(separator: "\n"))
            }
            return
        }
        if paramsOnly {
            for k in kdamonds.indices {
                for c in kdamonds[k].contexts.indices {
                    for s in kdamonds[k].contexts[c].schemes.indices {
                        kdamonds[k].contexts[c].schemes[s].stats = nil
                        kdamonds[k].contexts[c].schemes[s].triedRegions = nil
                    }
                }
            }
        }
        let style = KVStyle(raw: raw, omitDefaults: damonParamsOmitDefaults, paramsOnly: paramsOnly)
        switch fmt {
        case "json":
            try ReportOutput.show(KVJSON.text(.list(kdamonds.map { $0.toKV(style) })))
        case "yaml":
            try ReportOutput.show(try KVYAML.text(.list(kdamonds.map { $0.toKV(style) })))
        default:
            let text = kdamonds.enumerated().map {
                "kdamond \($0.offset)\n" + indentLines(
                    $0.element.toString(raw: raw, paramsOnly: paramsOnly, omitTriedRegions: omitTriedRegions), 4)
            }.joined(separator: "\n")
            if !text.isEmpty { try ReportOutput.show(text) }
        }
    }

    func statsText(_ kdamonds: [Kdamond], _ fmt: String) throws -> String {
        var entries: [(String, KV)] = []
        for (k, kdamond) in kdamonds.enumerated() {
            for (c, context) in kdamond.contexts.enumerated() {
                for (s, scheme) in context.schemes.enumerated() {
                    var stats = (scheme.stats ?? DamosStats()).toKV(KVStyle(raw: raw))
                    if !damosStatFields.isEmpty, case .dict(let d) = stats {
                        var filtered = KVDict()
                        for field in damosStatFields { filtered[field] = d[field] ?? .null }
                        stats = .dict(filtered)
                    }
                    entries.append(("kdamond \(k) / context \(c) / scheme \(s)", stats))
                }
            }
        }
        switch fmt {
        case "json", "yaml":
            let list = KV.list(entries.enumerated().map { i, e in
                let parts = e.0.split(separator: " ")
                return .list([.dict(["kdamond": .int(Int(parts[1])!), "context": .int(Int(parts[4])!),
                                     "scheme": .int(Int(parts[7])!)]), e.1])
            })
            return fmt == "json" ? KVJSON.text(list) : try KVYAML.text(list)
        default:
            var lines: [String] = []
            for (title, stats) in entries {
                if entries.count > 1 { lines.append(title) }
                if case .dict(let d) = stats {
                    for (key, value) in d.pairs {
                        let text = value.plainText
                        lines.append(d.pairs.count > 1 ? "\(key): \(text)" : text)
                    }
                }
                if entries.count > 1 { lines.append("") }
            }
            return lines.joined(separator: "\n")
        }
    }
}

extension KV {
    /// A value as damo prints it in '%s': strings bare.
    var plainText: String {
        switch self {
        case .string(let s): return s
        case .number(let n): return n.description
        case .bool(let b): return b ? "True" : "False"
        case .null: return "None"
        default: return KVJSON.text(self)
        }
    }
}
