/// Statistics the kernel keeps per DAMOS scheme.
public struct DamosStats: Sendable, Equatable {
    public var nrTried: PyNum = .int(0)
    public var szTried: PyNum = .int(0)
    public var nrApplied: PyNum = .int(0)
    public var szApplied: PyNum = .int(0)
    public var szOpsFilterPassed: PyNum = .int(0)
    public var qtExceeds: PyNum = .int(0)
    public var nrSnapshots: PyNum = .int(0)
    public var maxNrSnapshots: PyNum = .int(0)

    public init() {}

    public func toString(raw: Bool) -> String {
        [
            "tried \(UnitFormat.nr(nrTried, raw: raw)) times (\(UnitFormat.size(szTried, raw: raw)))",
            "applied \(UnitFormat.nr(nrApplied, raw: raw)) times (\(UnitFormat.size(szApplied, raw: raw)))",
            "\(UnitFormat.size(szOpsFilterPassed, raw: raw)) passed filters",
            "quota exceeded \(UnitFormat.nr(qtExceeds, raw: raw)) times",
            UnitFormat.size(szOpsFilterPassed, raw: raw),
            "tried \(UnitFormat.nr(nrSnapshots, raw: raw)) snapshots (max \(UnitFormat.nr(maxNrSnapshots, raw: raw)))",
        ].joined(separator: "\n")
    }
}

extension DamosStats {
    public func toKV(_ style: KVStyle = KVStyle()) -> KV {
        let raw = style.raw
        return .dict([
            "nr_tried": .string(UnitFormat.nr(nrTried, raw: raw)),
            "sz_tried": .string(UnitFormat.size(szTried, raw: raw)),
            "nr_applied": .string(UnitFormat.nr(nrApplied, raw: raw)),
            "sz_applied": .string(UnitFormat.size(szApplied, raw: raw)),
            "sz_ops_filter_passed": .string(UnitFormat.size(szOpsFilterPassed, raw: raw)),
            "qt_exceeds": .string(UnitFormat.nr(qtExceeds, raw: raw)),
            "nr_snapshots": .string(UnitFormat.nr(nrSnapshots, raw: raw)),
            "max_nr_snapshots": .string(UnitFormat.nr(maxNrSnapshots, raw: raw)),
        ])
    }

    public init(kv r: KVReader) throws {
        self.init()
        nrTried = try r.required("nr_tried").nr()
        szTried = try r.required("sz_tried").bytes()
        nrApplied = try r.required("nr_applied").nr()
        szApplied = try r.required("sz_applied").bytes()
        szOpsFilterPassed = try r.required("sz_ops_filter_passed").bytes()
        qtExceeds = try r.required("qt_exceeds").nr()
        nrSnapshots = try r.optional("nr_snapshots")?.nr() ?? .int(0)
        maxNrSnapshots = try r.optional("max_nr_snapshots")?.nr() ?? .int(0)
    }
}
