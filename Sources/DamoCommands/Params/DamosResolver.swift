import DamonModel

/// `['a', 'b']`, as damo's messages show option values.
func pyList(_ words: [String]) -> String {
    "[" + words.map { "'\($0)'" }.joined(separator: ", ") + "]"
}

/// DAMOS schemes from the --damos_* options, the i-th occurrence of each
/// option going to the i-th --damos_action.
struct DamosResolver {
    var args: DamonOptionNamespace

    mutating func schemes() throws -> [Damos] {
        addQuotasFromComponents()
        try checkCounts()
        let n = args.damosAction.count
        var schemes: [Damos] = []
        var goalStart = 0, filterStart = 0
        for i in 0..<n {
            let nrGoals = args.damosNrQuotaGoals[safe: i] ?? 0
            let goals = args.damosQuotaGoal.isEmpty ? [] : Array(args.damosQuotaGoal[goalStart..<goalStart + nrGoals])
            goalStart += nrGoals
            let nrFilters = args.damosNrFilters[safe: i] ?? 0
            let filters = args.damosFilter.isEmpty ? [] : Array(args.damosFilter[filterStart..<filterStart + nrFilters])
            filterStart += nrFilters
            schemes.append(try scheme(i, goals: goals, filters: filters))
        }
        return schemes
    }

    /// --damos_quota_interval/time/space/weights as --damos_quotas.
    mutating func addQuotasFromComponents() {
        for (i, interval) in args.damosQuotaInterval.enumerated() {
            let weights = args.damosQuotaWeights[safe: i] ?? ["1", "1", "1"]
            args.damosQuotas.append([args.damosQuotaTime[safe: i] ?? "0", args.damosQuotaSpace[safe: i] ?? "0", interval]
                                        + weights)
        }
    }

    mutating func checkCounts() throws {
        let n = args.damosAction.count
        func atMost(_ count: Int, _ option: String) throws {
            if count > n { throw DamoError("too much --\(option)") }
        }
        for option in DamonOption.table {
            if case .scheme = option.update { try atMost(args.occurrences[option.name]?.count ?? 0, option.name) }
        }
        try atMost(args.damosQuotas.count, "damos_quotas")
        try Self.checkPerScheme(&args.damosNrQuotaGoals, items: args.damosQuotaGoal.count, schemes: n,
                                option: "damos_nr_quota_goals")
        try atMost(args.damosWmarks.count, "damos_wmarks")
        try Self.checkPerScheme(&args.damosNrFilters, items: args.damosFilter.count, schemes: n,
                                option: "damos_nr_filters")
        try atMost(args.damosMaxNrSnapshots.count, "damos_max_nr_snapshots")
    }

    /// A --damos_nr_* count list: needed for several schemes, all of the
    /// items for one, and adding up to the items.
    static func checkPerScheme(_ counts: inout [Int], items: Int, schemes: Int, option: String) throws {
        if items > 0 && schemes > 1 && counts.isEmpty { throw DamoError("--\(option) required") }
        if schemes == 1 && counts.isEmpty { counts = [items] }
        if counts.reduce(0, +) != items { throw DamoError("wrong --\(option)") }
    }

    func scheme(_ i: Int, goals: [[String]], filters filterArgs: [[String]]) throws -> Damos {
        let actionArgs = args.damosAction[i]
        let action: DamosAction
        do { action = try DamosAction.named(actionArgs[0]) } catch let e as KVError {
            throw DamoError("Wrong '--damos_*' argument (\(e.problem))")
        }
        var targetNid: Int? = nil
        var dests: [DamosDest] = []
        if action.isMigration {
            let wrong = DamoError("\"\(actionArgs[0])\" action require a numeric target_nid or dests arguments.")
            if actionArgs.count == 2 {
                guard let nid = UnitParse.pyInt(actionArgs[1]).flatMap({ Int(exactly: $0) }) else { throw wrong }
                targetNid = nid
            } else if actionArgs.count > 2 {
                guard actionArgs.count % 2 == 1 else { throw wrong }
                for j in stride(from: 1, to: actionArgs.count, by: 2) {
                    guard let id = try? UnitParse.nr(actionArgs[j]), let weight = try? UnitParse.nr(actionArgs[j + 1]) else {
                        throw wrong
                    }
                    dests.append(DamosDest(id: id, weight: weight))
                }
            }
        } else if actionArgs.count > 1 {
            throw DamoError("Wrong number of --damos_action arguments (\(pyList(actionArgs))): '\(actionArgs[0])' takes none")
        }

        var quotas = DamosQuotas()
        if let q = args.damosQuotas[safe: i] ?? nil {
            quotas = try self.quotas(q, failCharge: args.damosQuotaFailChargeRatio[safe: i] ?? ["0", "0"],
                                     goals: goals, tuner: args.damosQuotaGoalTuner[safe: i] ?? nil)
        }
        var watermarks = DamosWatermarks()
        if let w = args.damosWmarks[safe: i] ?? nil {
            do {
                watermarks = DamosWatermarks(
                    metric: try DamosWatermarks.metric(named: w[0]), intervalUs: try UnitParse.us(w[1]),
                    highPermil: try UnitParse.permil(w[2]), midPermil: try UnitParse.permil(w[3]),
                    lowPermil: try UnitParse.permil(w[4]))
            } catch {
                throw DamoError("Wrong --damos_wmarks (\(pyList(w)), \(Self.problem(error))))")
            }
        }
        let filters = try filterArgs.map { try DamosFilterWords.filter($0) }
        var stats = DamosStats()
        if let max = args.damosMaxNrSnapshots[safe: i] ?? nil {
            stats.maxNrSnapshots = try Self.number(max, UnitParse.nr, "--damos_max_nr_snapshots")
        }
        var scheme = Damos(action: action, targetNid: targetNid, dests: dests, accessPattern: try Self.anyAccessPattern(),
                           applyIntervalUs: .int(0), quotas: quotas, watermarks: watermarks, filters: filters, stats: stats)
        for option in DamonOption.table {
            if case .scheme(let update) = option.update, let words = args.occurrences[option.name]?[safe: i] {
                try update(&scheme, words)
            }
        }
        return scheme
    }

    static func problem(_ error: Error) -> String {
        if let e = error as? KVError { return e.problem }
        return "\(error)"
    }

    static func number(_ text: String, _ parse: (String) throws -> PyNum, _ option: String) throws -> PyNum {
        do { return try parse(text) } catch let e as UnitParseError {
            throw DamoError("Wrong '--damos_*' argument (\(option): \(e))")
        }
    }

    /// The access pattern of a scheme whose --damos_sz_region,
    /// --damos_access_rate and --damos_age are not given: every region.
    static func anyAccessPattern() throws -> DamosAccessPattern {
        DamosAccessPattern(szMin: try UnitParse.bytes("min"), szMax: try UnitParse.bytes("max"),
                           nrAccessesMin: try UnitParse.percent("min"), nrAccessesMax: try UnitParse.percent("max"),
                           ageMin: try UnitParse.us("min"), ageMax: try UnitParse.us("max"))
    }

    /// `<min> <max>` of an access pattern option.
    static func range(_ words: [String], _ parse: (String) throws -> PyNum, _ option: String) throws -> (PyNum, PyNum) {
        let (lo, hi) = (try number(words[0], parse, option), try number(words[1], parse, option))
        if lo > hi { throw DamoError("Wrong '--damos_*' argument (\(option): min \(words[0]) > max \(words[1]))") }
        return (lo, hi)
    }

    func quotas(_ q: [String], failCharge: [String], goals goalArgs: [[String]], tuner: String?) throws -> DamosQuotas {
        let goals = try goalArgs.map { g -> DamosQuotaGoal in
            do { return try Self.goal(g) } catch let e as DamoError {
                throw DamoError("quota goals parsing fail (\(e.description))")
            }
        }
        if q.count > 6 { throw DamoError("Wrong --damos_quotas (\(pyList(q)), >6 parameters)") }
        func at(_ i: Int, _ fallback: String) -> String { q[safe: i] ?? fallback }
        do {
            return DamosQuotas(
                timeMs: try UnitParse.ms(at(0, "0")), szBytes: try UnitParse.bytes(at(1, "0")),
                resetIntervalMs: try UnitParse.ms(at(2, "max")), weightSzPermil: try UnitParse.permil(at(3, "0 %")),
                weightNrAccessesPermil: try UnitParse.permil(at(4, "0 %")),
                weightAgePermil: try UnitParse.permil(at(5, "0 %")),
                failChargeNum: try UnitParse.nr(failCharge[0]), failChargeDenom: try UnitParse.nr(failCharge[1]),
                goals: goals, goalTuner: tuner ?? "consist")
        } catch let e as UnitParseError {
            throw DamoError("Wrong --damos_quotas (\(pyList(q)), \(e))")
        }
    }

    /// `<metric> <target value> [complement] [<current value>|<nid> [<memcg path>]]`
    static func goal(_ g: [String]) throws -> DamosQuotaGoal {
        guard (2...4).contains(g.count) else { throw DamoError("Wrong --damos_quota_goal (\(pyList(g)))") }
        var optionals = Array(g.dropFirst(2))
        let complement = optionals.first == "complement"
        if complement { optionals.removeFirst() }
        let metric: DamosQuotaGoalMetric
        do { metric = try DamosQuotaGoalMetric.named(g[0]) } catch let e as KVError {
            throw DamoError("DamosQuotaGoal creation fail (\(pyList(g)), \(e.problem))")
        }
        var current = "0"
        var nid: String? = nil
        var memcgPath: String? = nil
        switch metric {
        case .nodeMemUsedBp, .nodeMemFreeBp:
            guard optionals.count == 1 else { throw DamoError("nid is not given or something else is given") }
            nid = optionals[0]
        case .nodeMemcgUsedBp, .nodeMemcgFreeBp:
            guard optionals.count == 2 else { throw DamoError("nid and memcg_path required") }
            nid = optionals[0]
            memcgPath = optionals[1]
        case .userInput:
            guard optionals.count == 1 else {
                throw DamoError("current value is not given or something else is given")
            }
            current = optionals[0]
        default:
            break
        }
        do {
            return DamosQuotaGoal(
                metric: metric, complement: complement, targetValue: try metric.targetValue(g[1]),
                currentValue: try UnitParse.nr(current), nid: try nid.map(UnitParse.nr), memcgPath: memcgPath)
        } catch let e as UnitParseError {
            throw DamoError("DamosQuotaGoal creation fail (\(pyList(g)), \(e))")
        }
    }
}

/// A --damos_filter's words: `<allow|reject> [none] <type> [argument]...`,
/// or damo's older `<type> <matching|nomatching> [argument]... [allow|reject]`.
enum DamosFilterWords {
    static func filter(_ words: [String]) throws -> DamosFilter {
        do {
            return try modern(words)
        } catch let modernError as DamoError {
            // Not the new syntax: try the old one, but report errors of the
            // new one when the words look like it.
            if ["allow", "reject", "deny", "block"].contains(words.first ?? "") { throw modernError }
            guard words.count >= 2 else {
                throw DamoError("converting format fail (\(pyList(words)), <2 filter argument)")
            }
            var optional = Array(words.dropFirst(2))
            var verdict = "reject"
            if let last = optional.last, ["allow", "pass", "reject", "deny", "block"].contains(last) {
                verdict = last == "allow" || last == "pass" ? "allow" : "reject"
                optional.removeLast()
            }
            let converted = [verdict] + (words[1] == "matching" ? [] : ["none"]) + [words[0]] + optional
            return try modern(converted)
        }
    }

    static func modern(_ words: [String]) throws -> DamosFilter {
        func fail(_ why: String) -> DamoError { DamoError("handling \(pyList(words)) fail (\(why))") }
        guard words.count >= 2 else { throw DamoError("wrong number of words: \(pyList(words))") }
        guard ["allow", "reject", "deny", "block"].contains(words[0]) else {
            throw DamoError("unsupported allow-reject idntifier: \(words[0])")
        }
        var f = DamosFilter(filterType: "", matching: true, allow: words[0] == "allow")
        var i = 1
        if words[i] == "non" || words[i] == "none" {
            f.matching = false
            i += 1
        }
        guard i < words.count else { throw fail("no filter type is given") }
        f.filterType = words[i]
        i += 1
        let rest = Array(words[i...])
        func need(_ n: Int, _ what: String) throws {
            if rest.count < n { throw fail(what) }
            if rest.count > n { throw DamoError("should have single filter for single option") }
        }
        do {
            switch f.filterType {
            case _ where DamosFilter.argumentlessTypes.contains(f.filterType):
                try need(0, "")
            case "memcg":
                try need(1, "no memcg path is given")
                f.memcgPath = rest[0]
            case "addr":
                try need(2, "no address range is given")
                let start = try UnitParse.bytes(rest[0]), end = try UnitParse.bytes(rest[1])
                if start > end { throw fail("wrong addr range (start \(rest[0]) > end \(rest[1]))") }
                f.addressRange = Region(start: start.int, end: end.int)
            case "target":
                try need(1, "no target argument")
                f.damonTargetIdx = try UnitParse.nr(rest[0])
            case "hugepage_size":
                try need(2, "no range for hugepage sizes is given")
                let sizes = [try UnitParse.bytes(rest[0]), try UnitParse.bytes(rest[1])]
                if sizes[0] > sizes[1] { throw fail("min \(rest[0]) > max \(rest[1])") }
                f.hugepageSize = sizes
            case "probe_hits_wsum":
                try need(2, "no range for probe hits wsum is given")
                f.probeHitsWsumRange = [try UnitParse.nr(rest[0]), try UnitParse.nr(rest[1])]
            default:
                throw fail("unsupported filter type '\(f.filterType)'; expected one of "
                               + DamosFilter.knownTypes.joined(separator: ", "))
            }
        } catch let e as UnitParseError {
            throw fail("\(e)")
        }
        return f
    }
}
