import DamonKernel
import DamonModel
import DamonRecords

/// Commands that turn DAMON on with the DAMON parameter options.
public protocol KdamondsCommand {
    associatedtype Params: DamonParamsOptions
    associatedtype Interface: InterfaceOptions
    var params: Params { get }
    var interface: Interface { get }
}

/// `damo start`: DAMON turned on with the parameters of the options (and,
/// with `--include_child_tasks`, its targets' child tasks followed).
public protocol StartCommand: KdamondsCommand {
    var includeChildTasks: Bool { get }
}

extension StartCommand {
    public func run(in env: DamoEnvironment) throws {
        let control = interface.control(in: env)
        if includeChildTasks && !control.takesTargetsWhileRunning {
            throw DamoError("--include_child_tasks needs DAMON's sysfs interface: debugfs takes no new target while DAMON runs")
        }
        let (started, _) = try params.turnOn(in: env) { kdamonds in
            do {
                try control.start(kdamonds)
            } catch let e as DamonFSError where e.operation == "writing 'on' to" {
                // The kernel checks the parameters when turning on (a target
                // pid of no process, fewer than 3 regions, ...).
                throw DamoError("the kernel refused to start DAMON with these parameters (\(e)); nothing was left changed")
            }
            return kdamonds
        }
        if includeChildTasks { followChildTasks(started, control: control, in: env) }
    }
}

/// `damo tune`: new parameters for the running kdamonds.
public protocol TuneCommand: KdamondsCommand {
    /// damo's `--quota_goals_only`: only the schemes' quota goals are
    /// written, then taken with commit_schemes_quota_goals.
    var quotaGoalsOnly: Bool { get }
}

extension TuneCommand {
    public func run(in env: DamoEnvironment) throws {
        let control = interface.control(in: env)
        _ = try params.turnOn(in: env) { kdamonds in
            if quotaGoalsOnly {
                try control.commitQuotaGoals(kdamonds)
            } else {
                try control.tune(kdamonds)
            }
        }
    }
}

/// `damo stop`: the running kdamonds turned off.
public protocol StopCommand {
    associatedtype Interface: InterfaceOptions
    var interface: Interface { get }
}

extension StopCommand {
    public func run(in env: DamoEnvironment) throws { try interface.control(in: env).stop() }
}

/// `report damon` (and `status`): the running kdamonds, or those of a file.
public protocol ReportDamonCommand {
    associatedtype Interface: InterfaceOptions
    var format: String? { get }
    var json: Bool { get }
    var raw: Bool { get }
    var showCpuUsage: Bool { get }
    var kdamondsSummary: Bool { get }
    var damosStats: Bool { get }
    var damosStatFields: [String] { get }
    var omitTriedRegions: Bool { get }
    var damonParams: Bool { get }
    var damonParamsOmitDefaults: Bool { get }
    var inputFile: String? { get }
    var interface: Interface { get }
}

extension ReportDamonCommand {
    public func run(in env: DamoEnvironment) throws {
        let fmt = format ?? (json ? "json" : "report")
        guard ["json", "yaml", "report"].contains(fmt) else {
            throw DamoError("--format must be json, yaml or report ('\(fmt)' given)")
        }
        let paramsOnly = damonParams || damonParamsOmitDefaults
        var kdamonds: [Kdamond]
        if let inputFile {
            kdamonds = try DamonParamsText.kdamonds(inputFile, option: "--input_file")
        } else {
            kdamonds = try interface.control(in: env).status(
                updateStats: true, triedRegions: !omitTriedRegions && format == nil && !paramsOnly)
        }
        if damosStats {
            try env.show(statsText(kdamonds, fmt))
            return
        }
        if kdamondsSummary {
            let lines = kdamonds.map { $0.summary(raw: raw) }
            switch fmt {
            case "json": try env.show(KVJSON.text(.list(lines.map { .string($0) })))
            case "yaml": try env.show(try KVYAML.text(.list(lines.map { .string($0) })))
            default: try env.show(lines.enumerated().map { "\($0.offset)\t\($0.element)" }.joined(separator: "\n"))
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
            try env.show(KVJSON.text(.list(kdamonds.map { $0.toKV(style) })))
        case "yaml":
            try env.show(try KVYAML.text(.list(kdamonds.map { $0.toKV(style) })))
        default:
            let text = kdamonds.enumerated().map {
                "kdamond \($0.offset)\n" + indentLines(
                    $0.element.toString(raw: raw, paramsOnly: paramsOnly, omitTriedRegions: omitTriedRegions), 4)
            }.joined(separator: "\n")
            if !text.isEmpty { try env.show(text) }
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
