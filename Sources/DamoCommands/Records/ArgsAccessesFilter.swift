import DamonModel
import DamonRecords

/// `damo args accesses_filter`: the record filter options (those of
/// `report access` and `record`) in the key-value form damo prints, JSON
/// or YAML, numbers human-readable or raw.
public protocol ArgsAccessesFilterCommand {
    associatedtype Filters: RecordFilterOptions
    var filters: Filters { get }
    var format: String { get }
    var raw: Bool { get }
}

extension ArgsAccessesFilterCommand {
    public func run(in env: DamoEnvironment) throws {
        let kv = try filters.filter().toKV(raw: raw)
        try env.show(format == "yaml" ? try KVYAML.text(kv) : KVJSON.text(kv))
    }
}

extension RecordFilter {
    /// damo's key-value form of a record filter.
    func toKV(raw: Bool) -> KV {
        let p = accessPattern ?? AccessPatternFilter()
        let pattern = DamosAccessPattern(szMin: p.sizeMin, szMax: p.sizeMax, nrAccessesMin: p.rateMin,
                                         nrAccessesMax: p.rateMax, ageMin: p.ageMinUs, ageMax: p.ageMaxUs)
        func sizes(_ ranges: [(PyNum, PyNum)]?) -> KV {
            ranges.map { .list($0.map {
                .list([.string(UnitFormat.size($0.0, raw: raw)), .string(UnitFormat.size($0.1, raw: raw))])
            }) } ?? .null
        }
        func numbers(_ ranges: [(PyNum, PyNum)]?) -> KV {
            ranges.map { .list($0.map { .list([.number($0.0), .number($0.1)]) }) } ?? .null
        }
        return .dict([
            "access_pattern": pattern.toKV(KVStyle(raw: raw)),
            "address_ranges": sizes(addressRanges),
            "snapshot_sz_ranges": sizes(snapshotSizeRanges),
            "snapshot_time_ranges": numbers(snapshotTimeRanges),
            "snapshot_index_ranges": numbers(snapshotIndexRanges),
            "temperature_ranges": numbers(temperatureRanges),
            "temperature_weights": .list(temperatureWeights.map { .number($0) }),
        ])
    }
}
