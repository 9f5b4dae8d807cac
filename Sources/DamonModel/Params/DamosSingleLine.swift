/// A scheme line that cannot be read, naming the line and the field.
public struct DamosSingleLineError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The one-line scheme format of early damo releases (and DAMON's debugfs
/// days), one scheme per line:
///
///     # min-size max-size min-acc max-acc min-age max-age action
///     4K        max      0       0       60s     max     pageout
///
/// Sizes take B/K/M/G/T units, access rates are percents, ages take
/// us/ms/s/m/h/d, and `min`/`max` stand for the extremes.  Longer forms add
/// quotas, prioritization weights and watermarks:
///
/// -  9 fields: + <size quota> <quota reset interval>
/// - 12 fields: + <size weight> <access rate weight> <age weight>
/// - 17 fields: + <wmark metric> <check interval> <high> <mid> <low>
/// - 18 fields: + <time quota> <size quota> <reset interval>, the weights
///   and the watermarks (the form of the last release that took it)
public enum DamosSingleLine {
    public static let fieldCounts = [7, 9, 12, 17, 18]

    /// The schemes of a text: `#` comments and empty lines are skipped.
    public static func schemes(_ text: String) throws(DamosSingleLineError) -> [Damos] {
        var schemes: [Damos] = []
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmed(of: " \t\r")
            if line.isEmpty || line.hasPrefix("#") { continue }
            do {
                schemes.append(try scheme(line))
            } catch {
                throw DamosSingleLineError("line \(number + 1): \(error.message)")
            }
        }
        return schemes
    }

    /// Whether a text looks like one-line schemes rather than JSON or YAML:
    /// every line that is not a comment has one of the known field counts.
    public static func looksLikeSingleLine(_ text: String) -> Bool {
        let lines = text.split(separator: "\n").map { $0.trimmed(of: " \t\r") }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        return !lines.isEmpty && lines.allSatisfy { line in
            fieldCounts.contains(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).count)
        }
    }

    public static func scheme(_ line: String) throws(DamosSingleLineError) -> Damos {
        let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fieldCounts.contains(f.count) else {
            throw DamosSingleLineError("expected 7, 9, 12, 17 or 18 fields, got \(f.count) ('\(line)')")
        }
        var s = Damos()
        s.accessPattern = DamosAccessPattern(
            szMin: try value(f, 0, "minimum size", UnitParse.bytes),
            szMax: try value(f, 1, "maximum size", UnitParse.bytes),
            nrAccessesMin: try value(f, 2, "minimum access rate", UnitParse.percent),
            nrAccessesMax: try value(f, 3, "maximum access rate", UnitParse.percent),
            nrAccessesUnit: .percent,
            ageMin: try value(f, 4, "minimum age", UnitParse.us),
            ageMax: try value(f, 5, "maximum age", UnitParse.us),
            ageUnit: .usec)
        guard let action = DamosAction(rawValue: f[6].lowercased()) else {
            throw DamosSingleLineError("unknown action '\(f[6])' (expected one of "
                                           + DamosAction.allCases.map(\.rawValue).joined(separator: ", ") + ")")
        }
        s.action = action
        switch f.count {
        case 9, 12, 17:
            s.quotas.szBytes = try value(f, 7, "size quota", UnitParse.bytes)
            s.quotas.resetIntervalMs = try value(f, 8, "quota reset interval", UnitParse.ms)
            if f.count >= 12 { try weights(f, from: 9, into: &s) }
            if f.count == 17 { try watermarks(f, from: 12, into: &s) }
        case 18:
            s.quotas.timeMs = try value(f, 7, "time quota", UnitParse.ms)
            s.quotas.szBytes = try value(f, 8, "size quota", UnitParse.bytes)
            s.quotas.resetIntervalMs = try value(f, 9, "quota reset interval", UnitParse.ms)
            try weights(f, from: 10, into: &s)
            try watermarks(f, from: 13, into: &s)
        default:
            break
        }
        return s
    }

    static func weights(_ f: [String], from i: Int, into s: inout Damos) throws(DamosSingleLineError) {
        s.quotas.weightSzPermil = try integer(f, i, "size weight")
        s.quotas.weightNrAccessesPermil = try integer(f, i + 1, "access rate weight")
        s.quotas.weightAgePermil = try integer(f, i + 2, "age weight")
    }

    static func watermarks(_ f: [String], from i: Int, into s: inout Damos) throws(DamosSingleLineError) {
        guard let metric = DamosWatermarks.Metric(rawValue: f[i].lowercased()) else {
            throw DamosSingleLineError("unknown watermark metric '\(f[i])' (expected none or free_mem_rate)")
        }
        s.watermarks.metric = metric
        s.watermarks.intervalUs = try value(f, i + 1, "watermark check interval", UnitParse.us)
        s.watermarks.highPermil = try integer(f, i + 2, "high watermark")
        s.watermarks.midPermil = try integer(f, i + 3, "middle watermark")
        s.watermarks.lowPermil = try integer(f, i + 4, "low watermark")
    }

    static func value(_ f: [String], _ i: Int, _ what: String,
                      _ parse: (String) throws -> PyNum) throws(DamosSingleLineError) -> PyNum {
        do { return try parse(f[i]) } catch {
            throw DamosSingleLineError("field \(i + 1) (\(what)) '\(f[i])' is not valid")
        }
    }

    static func integer(_ f: [String], _ i: Int, _ what: String) throws(DamosSingleLineError) -> PyNum {
        guard let n = UnitParse.pyInt(f[i]) else {
            throw DamosSingleLineError("field \(i + 1) (\(what)) '\(f[i])' is not an integer")
        }
        return .int(n)
    }
}

extension StringProtocol {
    func trimmed(of set: String) -> String {
        let chars = Set(set)
        var s = Substring(self)
        while let c = s.first, chars.contains(c) { s.removeFirst() }
        while let c = s.last, chars.contains(c) { s.removeLast() }
        return String(s)
    }
}
