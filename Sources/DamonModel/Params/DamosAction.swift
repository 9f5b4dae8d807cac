/// What a DAMOS scheme does to the regions it finds.
public enum DamosAction: String, Sendable, CaseIterable {
    case willneed, cold, pageout, hugepage, collapse, nohugepage
    case lruPrio = "lru_prio"
    case lruDeprio = "lru_deprio"
    case migrateHot = "migrate_hot"
    case migrateCold = "migrate_cold"
    case stat

    /// Migrations take a target node or destinations.
    public var isMigration: Bool { self == .migrateHot || self == .migrateCold }

    public static func named(_ name: String) throws -> DamosAction {
        guard let a = DamosAction(rawValue: name) else {
            throw KVError("", "wrong damos action: \(name); expected one of "
                              + allCases.map(\.rawValue).joined(separator: ", "))
        }
        return a
    }
}

/// A migration destination node of a scheme, with its share.
public struct DamosDest: Sendable, Equatable {
    public var id: PyNum
    public var weight: PyNum

    public init(id: PyNum = .int(0), weight: PyNum = .int(0)) {
        self.id = id
        self.weight = weight
    }

    public func toKV() -> KV { .dict(["id": .number(id), "weight": .number(weight)]) }

    public init(kv r: KVReader) throws {
        self.init(id: try r.required("id").nr(), weight: try r.required("weight").nr())
    }
}
