import DamonModel
import DamonRecords

/// `report access --on_cache <cache size> <cache ways> <cache line size>`
/// (damo's hidden, experimental option): the report of the records as a
/// cache of that geometry would see them (CacheSpace).
enum AccessOnCache {
    /// The cache from the option's words; nil when not given.
    static func parse(_ words: [String]) throws -> CacheSpace? {
        if words.isEmpty { return nil }
        let w = try expectCount(words, 3, "--on_cache", "<cache size> <cache ways> <cache line size>")
        func integer(_ text: String, _ what: String, _ parse: (String) throws -> PyNum) throws -> Int {
            guard let n = try? parse(text), let i = RecordLimits.integer(n), n == .int(Int128(i)) else {
                throw DamoError("wrong --on_cache \(what) ('\(text)'): a whole number is expected")
            }
            return i
        }
        let size = try integer(w[0], "cache size", UnitParse.bytes)
        let ways = try integer(w[1], "cache ways", UnitParse.nr)
        let line = try integer(w[2], "cache line size", UnitParse.bytes)
        switch CacheSpace.make(size: size, ways: ways, lineSize: line) {
        case .success(let cache): return cache
        case .failure(let e): throw DamoError("wrong --on_cache (\(e))")
        }
    }

    static func translate(_ records: [Record], on cache: CacheSpace?) throws -> [Record] {
        guard let cache else { return records }
        do { return try cache.translate(records) } catch { throw DamoError("--on_cache: \(error)") }
    }

    /// One snapshot of a record of these intervals (the translation is
    /// per snapshot, so records stream through it).
    static func translate(_ snapshot: inout Snapshot, intervals: Intervals?, on cache: CacheSpace?) throws {
        guard let cache else { return }
        do {
            snapshot.regions = try cache.translate(snapshot.regions, intervals: intervals)
        } catch {
            throw DamoError("--on_cache: \(error)")
        }
    }
}
