/// What a quota goal measures.
public enum DamosQuotaGoalMetric: String, Sendable, CaseIterable {
    case userInput = "user_input"
    case someMemPsiUs = "some_mem_psi_us"
    case nodeMemUsedBp = "node_mem_used_bp"
    case nodeMemFreeBp = "node_mem_free_bp"
    case nodeMemcgUsedBp = "node_memcg_used_bp"
    case nodeMemcgFreeBp = "node_memcg_free_bp"
    case activeMemBp = "active_mem_bp"
    case inactiveMemBp = "inactive_mem_bp"
    case nodeEligibleMemBp = "node_eligible_mem_bp"

    /// Metrics of a NUMA node need its id.
    public var requiresNid: Bool {
        [.nodeMemUsedBp, .nodeMemFreeBp, .nodeMemcgUsedBp, .nodeMemcgFreeBp].contains(self)
    }

    /// Metrics of a memory cgroup need its path.
    public var requiresMemcgPath: Bool { self == .nodeMemcgUsedBp || self == .nodeMemcgFreeBp }

    /// Target values damo reads in basis points (`30%` is 3000).
    var targetInBp: Bool {
        [.nodeMemUsedBp, .nodeMemFreeBp, .nodeMemcgUsedBp, .nodeMemcgFreeBp, .activeMemBp, .inactiveMemBp]
            .contains(self)
    }

    public static func named(_ name: String) throws -> DamosQuotaGoalMetric {
        guard let m = DamosQuotaGoalMetric(rawValue: name) else {
            throw KVError("", "unsupported DAMOS quota goal metric '\(name)'; expected one of "
                              + allCases.map(\.rawValue).joined(separator: ", "))
        }
        return m
    }

    /// A target value as damo reads it for this metric: microseconds for
    /// PSI, basis points for memory ratios, a plain number otherwise.
    public func targetValue(_ text: String) throws -> PyNum {
        if self == .someMemPsiUs { return try UnitParse.us(text) }
        if targetInBp { return try UnitParse.bp(text) }
        return try UnitParse.nr(text)
    }
}

/// A goal the quota of a scheme is tuned for.
public struct DamosQuotaGoal: Sendable, Equatable {
    public var metric: DamosQuotaGoalMetric
    /// Aim at the complement of the metric (1 - value).
    public var complement: Bool
    public var targetValue: PyNum
    public var currentValue: PyNum
    public var nid: PyNum?
    public var memcgPath: String?

    public init(metric: DamosQuotaGoalMetric = .userInput, complement: Bool = false,
                targetValue: PyNum = .int(0), currentValue: PyNum = .int(0), nid: PyNum? = nil,
                memcgPath: String? = nil) {
        self.metric = metric
        self.complement = complement
        self.targetValue = targetValue
        self.currentValue = currentValue
        self.nid = nid
        self.memcgPath = memcgPath
    }

    public func toKV(_ style: KVStyle = KVStyle()) -> KV {
        .dict([
            "metric": .string(metric.rawValue),
            "complement": .bool(complement),
            "nid": nid.map { .string(UnitFormat.nr($0, raw: style.raw)) } ?? .null,
            "memcg_path": .string(memcgPath),
            "target_value": .string(UnitFormat.nr(targetValue, raw: style.raw)),
            "current_value": .string(UnitFormat.nr(currentValue, raw: style.raw)),
        ])
    }

    public init(kv r: KVReader) throws {
        // Files of old damo versions: a user_input goal in basis points.
        if let target = try r.optional("target_value_bp") {
            self.init(targetValue: try target.nr(), currentValue: try r.required("current_value_bp").nr())
            return
        }
        let m = try r.required("metric")
        let name = try m.string()
        guard let metric = DamosQuotaGoalMetric(rawValue: name) else {
            throw m.error("unsupported DAMOS quota goal metric '\(name)'")
        }
        let target = try r.required("target_value")
        let targetValue: PyNum
        switch metric {
        case .someMemPsiUs: targetValue = try target.us()
        case _ where metric.targetInBp: targetValue = try target.bp()
        default: targetValue = try target.nr()
        }
        self.init(
            metric: metric, complement: try r.optional("complement")?.bool() ?? false,
            targetValue: targetValue, currentValue: try r.required("current_value").nr(),
            nid: try r.nonNull("nid")?.nr(), memcgPath: try r.optional("memcg_path")?.optionalString())
    }

    /// `metric node_mem_used_bp (nid 0) target 3,000 current 0`
    public func toString(raw: Bool) -> String {
        var metricText = metric.rawValue
        if complement { metricText += " (complement)" }
        var extra: [String] = []
        if metric.requiresNid { extra.append("nid " + (nid.map { UnitFormat.nr($0, raw: raw) } ?? "None")) }
        if metric.requiresMemcgPath { extra.append("memcg " + (memcgPath ?? "None")) }
        if !extra.isEmpty { metricText += " (" + extra.joined(separator: ", ") + ")" }
        return "metric \(metricText) target \(UnitFormat.nr(targetValue, raw: raw)) "
            + "current \(UnitFormat.nr(currentValue, raw: raw))"
    }
}
