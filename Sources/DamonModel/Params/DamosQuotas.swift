/// How much a scheme may do per reset interval, and how it prioritizes.
public struct DamosQuotas: Sendable, Equatable {
    public var timeMs: PyNum
    public var szBytes: PyNum
    public var resetIntervalMs: PyNum
    public var weightSzPermil: PyNum
    public var weightNrAccessesPermil: PyNum
    public var weightAgePermil: PyNum
    /// Charge ratio of regions the action failed on (7.1+; 0/0 before).
    public var failChargeNum: PyNum
    public var failChargeDenom: PyNum
    public var goals: [DamosQuotaGoal]
    /// `consist` or `temporal` (7.1+; consist before).
    public var goalTuner: String
    /// The size quota in effect, as the kernel reports it.
    public var effectiveSzBytes: PyNum

    /// No limit, by default.
    public init(timeMs: PyNum = .int(0), szBytes: PyNum = .int(0), resetIntervalMs: PyNum = .int(ulongMax),
                weightSzPermil: PyNum = .float(0), weightNrAccessesPermil: PyNum = .float(0),
                weightAgePermil: PyNum = .float(0), failChargeNum: PyNum = .int(0),
                failChargeDenom: PyNum = .int(0), goals: [DamosQuotaGoal] = [], goalTuner: String = "consist",
                effectiveSzBytes: PyNum = .int(0)) {
        self.timeMs = timeMs
        self.szBytes = szBytes
        self.resetIntervalMs = resetIntervalMs
        self.weightSzPermil = weightSzPermil
        self.weightNrAccessesPermil = weightNrAccessesPermil
        self.weightAgePermil = weightAgePermil
        self.failChargeNum = failChargeNum
        self.failChargeDenom = failChargeDenom
        self.goals = goals
        self.goalTuner = goalTuner
        self.effectiveSzBytes = effectiveSzBytes
    }

    public func toKV(_ style: KVStyle = KVStyle()) -> KV {
        let raw = style.raw
        return .dict([
            "time_ms": .string(UnitFormat.timeMsExact(timeMs, raw: raw)),
            "sz_bytes": .string(UnitFormat.size(szBytes, raw: raw)),
            "reset_interval_ms": .string(UnitFormat.timeMsExact(resetIntervalMs, raw: raw)),
            "fail_charge_num": .string(UnitFormat.nr(failChargeNum, raw: raw)),
            "fail_charge_denom": .string(UnitFormat.nr(failChargeDenom, raw: raw)),
            "goals": .list(goals.map { $0.toKV(style) }),
            "goal_tuner": .string(goalTuner),
            "effective_sz_bytes": .string(UnitFormat.size(effectiveSzBytes, raw: raw)),
            "weights": .dict([
                "sz_permil": .string(UnitFormat.permil(weightSzPermil, raw: raw)),
                "nr_accesses_permil": .string(UnitFormat.permil(weightNrAccessesPermil, raw: raw)),
                "age_permil": .string(UnitFormat.permil(weightAgePermil, raw: raw)),
            ]),
        ])
    }

    public init(kv r: KVReader) throws {
        let w = try r.required("weights")
        self.init(
            timeMs: try r.required("time_ms").ms(), szBytes: try r.required("sz_bytes").bytes(),
            resetIntervalMs: try r.required("reset_interval_ms").ms(),
            weightSzPermil: try w.required("sz_permil").permil(),
            weightNrAccessesPermil: try w.required("nr_accesses_permil").permil(),
            weightAgePermil: try w.required("age_permil").permil(),
            failChargeNum: try r.optional("fail_charge_num")?.nr() ?? .int(0),
            failChargeDenom: try r.optional("fail_charge_denom")?.nr() ?? .int(0),
            goals: try r.listIfPresent("goals").map { try DamosQuotaGoal(kv: $0) },
            goalTuner: try r.nonNull("goal_tuner")?.string() ?? "consist",
            effectiveSzBytes: try r.optional("effective_sz_bytes")?.bytes() ?? .int(0))
    }

    public func toString(raw: Bool, paramsOnly: Bool = false) -> String {
        let time = UnitFormat.timeNs(timeMs * .int(1_000_000), raw: raw)
        let sz = UnitFormat.size(szBytes, raw: raw)
        let reset = UnitFormat.timeMs(resetIntervalMs, raw: raw)
        var lines = [
            paramsOnly ? "\(time) / \(sz) per \(reset)"
                : "\(time) / \(sz) / \(UnitFormat.size(effectiveSzBytes, raw: raw)) per \(reset)",
        ]
        if failChargeDenom != .int(0) {
            lines.append("fail charge ratio: \(PyFormat.int(failChargeNum))/\(PyFormat.int(failChargeDenom))/")
        }
        for (i, g) in goals.enumerated() { lines.append("goal \(i): " + g.toString(raw: raw)) }
        if !goals.isEmpty { lines.append("goal tuner: " + goalTuner) }
        lines.append(
            "priority: sz \(UnitFormat.permil(weightSzPermil, raw: raw)), "
                + "nr_accesses \(UnitFormat.permil(weightNrAccessesPermil, raw: raw)), "
                + "age \(UnitFormat.permil(weightAgePermil, raw: raw))")
        return lines.joined(separator: "\n")
    }

    /// damo's equality leaves out the effective size, which the kernel sets.
    public static func == (a: DamosQuotas, b: DamosQuotas) -> Bool {
        a.timeMs == b.timeMs && a.szBytes == b.szBytes && a.resetIntervalMs == b.resetIntervalMs
            && a.weightSzPermil == b.weightSzPermil && a.weightNrAccessesPermil == b.weightNrAccessesPermil
            && a.weightAgePermil == b.weightAgePermil && a.failChargeNum == b.failChargeNum
            && a.failChargeDenom == b.failChargeDenom && a.goals == b.goals && a.goalTuner == b.goalTuner
    }
}
