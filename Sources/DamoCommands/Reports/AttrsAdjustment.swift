import DamonModel
import DamoReports

/// `report attrs --adjust_region`: a region's size, or one of its probe
/// hits, scaled by the part of it that passed DAMOS filters or by the hit
/// rate of a probe (hits per sample of an aggregation interval).
///
///     size <df_passed | probe_hits_rate PROBE>
///     probe_hits PROBE <df_passed | probe_hits_rate PROBE>
///
/// As in damo, the first rule about size or probe hits is the one applied.
/// Sizes are kept in whole bytes (rounded) and hits in whole hits
/// (truncated, as damo shows them).
enum AttrsAdjustment {
    enum Rate: Equatable {
        case dfPassed
        case probeHitsRate(Int)
    }

    enum Rule: Equatable {
        case size(Rate)
        case probeHits(Int, Rate)

        var usesFilters: Bool {
            switch self {
            case .size(let rate), .probeHits(_, let rate): return rate == .dfPassed
            }
        }
    }

    static func fail(_ why: String) -> DamoError { DamoError("--adjust_region fail (\(why))") }

    static func index(_ word: String, _ what: String) throws -> Int {
        guard !word.isEmpty, word.allSatisfy(\.isASCII), word.allSatisfy(\.isNumber), let i = Int(word) else {
            throw fail("\(what) is not number")
        }
        return i
    }

    static func rate(_ words: ArraySlice<String>, _ what: String) throws -> Rate {
        switch words.first {
        case "df_passed": return .dfPassed
        case "probe_hits_rate":
            guard words.count == 2 else { throw fail("no \(what)") }
            return .probeHitsRate(try index(words[words.startIndex + 1], what + " is"))
        default: throw fail("unsupported adjustment (\(words.first ?? ""))")
        }
    }

    /// The rule to apply of the `--adjust_region` groups; nil if none is
    /// about size or probe hits.
    static func parse(_ groups: [[String]]) throws -> Rule? {
        for words in groups {
            guard (2...4).contains(words.count) else { throw fail("wrong number of fields (\(words.count))") }
            switch words[0] {
            case "size":
                guard (2...3).contains(words.count) else {
                    throw fail("wrong number of size adjustment fields (\(words.count - 1))")
                }
                return .size(try rate(words[1...], "probe idx"))
            case "probe_hits":
                guard (3...4).contains(words.count) else {
                    throw fail("wrong number of probe hits adjustment fields (\(words.count - 1))")
                }
                return .probeHits(try index(words[1], "dst probe idx"), try rate(words[2...], "src probe idx"))
            default: continue
            }
        }
        return nil
    }

    static func apply(_ rule: Rule?, to sets: inout [AttrsRecords]) throws {
        guard let rule else { return }
        for s in sets.indices {
            for r in sets[s].records.indices {
                let record = sets[s].records[r]
                // Without DAMOS filters nothing passed any: every size would
                // be zero (damo then divides by zero).
                if rule.usesFilters && record.schemeFilters.isEmpty { throw fail("No DAMOS filter?") }
                // Hits per region are at most the samples of an aggregation.
                let intervals = sets[s].context(of: record)?.intervals ?? record.intervals ?? Intervals()
                let maxHits = intervals.aggr / intervals.sample
                for i in sets[s].records[r].snapshots.indices {
                    for j in sets[s].records[r].snapshots[i].regions.indices {
                        try adjust(&sets[s].records[r].snapshots[i].regions[j], rule, maxHits: maxHits)
                    }
                }
            }
        }
    }

    static func ratio(_ region: Region, _ rate: Rate, maxHits: PyNum, _ what: String) throws -> PyNum {
        switch rate {
        case .dfPassed:
            guard let passed = region.szFilterPassed else { throw fail("No DAMOS filter?") }
            return PyNum(passed) / PyNum(region.size)
        case .probeHitsRate(let idx):
            guard idx < region.probeHits.count else { throw fail("\(what) >= \(region.probeHits.count)") }
            return PyNum(region.probeHits[idx]) / maxHits
        }
    }

    static func adjust(_ region: inout Region, _ rule: Rule, maxHits: PyNum) throws {
        switch rule {
        case .size(let rate):
            let size: PyNum
            if rate == .dfPassed {
                guard let passed = region.szFilterPassed else { throw fail("No DAMOS filter?") }
                size = PyNum(passed)
            } else {
                size = PyNum(region.size) * (try ratio(region, rate, maxHits: maxHits, "probe idx"))
            }
            let bytes = size.double.rounded()
            guard bytes.isFinite, bytes >= 0, bytes < Double(Int.max - region.start) else {
                throw fail("adjusted size out of range")
            }
            region.end = region.start + Int(bytes)
        case .probeHits(let dst, let rate):
            guard dst < region.probeHits.count else { throw fail("dst probe idx >= \(region.probeHits.count)") }
            let scaled = PyNum(region.probeHits[dst]) * (try ratio(region, rate, maxHits: maxHits, "src probe idx"))
            guard scaled.double.isFinite, scaled.double >= 0 else { throw fail("adjusted probe hits out of range") }
            region.probeHits[dst] = scaled.int
        }
    }
}
