import DamonModel

/// The DAMON parameter options as damo's argparse namespace holds them,
/// for the resolver: nil for options not given, one entry per occurrence,
/// per-context and per-target lists padded with nil as damo pads them
/// with None.  Table entries fill it (DamonOption.Update); options of one
/// kdamond, context or scheme stay in `occurrences` until the resolver
/// applies them to what it built.
public struct DamonOptionNamespace {
    var kdamond = false, damonCtx = false, damonTarget = false, damosScheme = false, probe = false
    /// Option names in command line order (start markers included).
    var order: [String] = []
    /// The values of each occurrence of each option given, by name.
    var occurrences: [String: [[String]]] = [:]

    var ops: [String?]?
    var probePrep: [String] = []
    var nrProbePreps: [Int]?
    var probeFilter: [[String]] = []
    var nrProbeFilters: [Int]?
    var probeWeight: [[Int]] = []
    var nrProbes: [Int]?
    var pauseCtx: [Int]?
    var expOpsUseReports: [String?]?
    var expOpsWriteOnly: [String?]?
    var expOpsCpus: [String?]?
    var expOpsTids: [String?]?

    /// Pids of the targets; `workloadPid` for the command damo starts.
    var targetPid: [Int?]?
    var regions: [String?]?
    var numaNode: [[Int]?]?
    var monitoringIntervalsAutotune = false
    var monitoringIntervals: [[String]?]?
    var monitoringIntervalsGoal: [[String]?]?
    var monitoringNrRegionsRange: [[String]?]?
    var samplePrimitives: [[String]?]?
    var nrTargets: [Int]?
    var obsoleteTargets: [Int]?
    var nrCtxs: [Int]?

    var damosAction: [[String]] = []
    var damosQuotas: [[String]?] = []
    var damosQuotaInterval: [String] = []
    var damosQuotaTime: [String] = []
    var damosQuotaSpace: [String] = []
    var damosQuotaWeights: [[String]] = []
    var damosQuotaFailChargeRatio: [[String]] = []
    var damosQuotaGoal: [[String]] = []
    var damosQuotaGoalTuner: [String?] = []
    var damosNrQuotaGoals: [Int] = []
    var damosFilter: [[String]] = []
    var damosNrFilters: [Int] = []
    var damosWmarks: [[String]?] = []
    var damosMaxNrSnapshots: [String?] = []
    var nrSchemes: [Int]?

    var schemes: String?
    var kdamonds: String?
    var deducibleTarget: String?

    var sample: [String?]?
    var aggr: [String?]?
    var updr: [String?]?
    var minr: [String?]?
    var maxr: [String?]?

    /// Stands for the pid of the workload command, not started yet.
    static let workloadPid = Int.min

    /// The namespace of the options given, each option's occurrences
    /// converted as its table entry says, in the table's order.
    init(_ raw: RawDamonOptions) throws {
        order = raw.order
        for option in DamonOption.table {
            let groups = try raw.occurrences(option)
            if !groups.isEmpty { occurrences[option.name] = groups }
            switch option.update {
            case .flag(let key): self[keyPath: key] = !groups.isEmpty
            case .values(let key): self[keyPath: key] = groups.isEmpty ? nil : groups.map { $0.first }
            case .strings(let key): self[keyPath: key] = groups.compactMap(\.first)
            case .groups(let key): self[keyPath: key] = groups
            case .optionalGroups(let key): self[keyPath: key] = groups.isEmpty ? nil : groups
            case .counts(let key): self[keyPath: key] = try groups.last.map { try Self.ints(option.name, $0) }
            case .text(let key): self[keyPath: key] = groups.last?.first
            case .custom(let update): try update(&self, groups)
            case .kdamond, .context, .scheme: break
            }
        }
    }

    /// Integer values, as argparse's `type=int` takes them.
    static func ints(_ name: String, _ values: [String]) throws -> [Int] {
        try values.map {
            guard let i = UnitParse.pyInt($0), let v = Int(exactly: i) else {
                throw DamoError("argument --\(name): invalid int value: '\($0)'")
            }
            return v
        }
    }

    /// argparse's `choices`.
    static func check(_ values: [String], _ name: String, choices: [String]) throws {
        for v in values where !choices.contains(v) {
            throw DamoError("argument --\(name): invalid choice: '\(v)' (choose from "
                            + choices.map { "'\($0)'" }.joined(separator: ", ") + ")")
        }
    }

    /// Whether any --damos_* option other than --damos_action (and the
    /// --damos_scheme marker) is given.
    var anyDamosOptionButAction: Bool {
        occurrences.contains { name, groups in
            name.hasPrefix("damos_") && name != "damos_action" && name != "damos_scheme" && !groups.isEmpty
        }
    }
}
