import DamonKernel
import DamonModel
import DamonRecords
import DamoReports

/// Where `report attrs` takes its records from, as damo decides: `--input`
/// files (each with the `FILE.kdamonds` parameters `record` writes beside
/// it), `--input tried_regions_of K C S`, else the running DAMON, else
/// ./damon.data.
enum AttrsSource {
    case files([String])
    case triedRegions([(Int, Int, Int)])
    case live

    /// The `--input` groups; none given is `.live` until resolved.
    static func parse(_ groups: [[String]]) throws -> AttrsSource {
        var files: [String] = []
        var tried: [(Int, Int, Int)] = []
        for group in groups {
            if group.first == "tried_regions_of" {
                guard group.count == 4 else {
                    throw DamoError("--input handling failed (wrong number of args for tried_regions_of (\(pyList(group))))")
                }
                let indices = group.dropFirst().compactMap { Int($0) }
                guard indices.count == 3, indices.allSatisfy({ $0 >= 0 }) else {
                    throw DamoError("--input handling failed (tried_regions_of should get only ints (\(pyList(group))))")
                }
                tried.append((indices[0], indices[1], indices[2]))
            } else if group.count == 1 && ProcFS.isRegularFile(group[0]) {
                files.append(group[0])
            } else {
                throw DamoError("--input handling failed (unsupported input (\(pyList(group))))")
            }
        }
        if !files.isEmpty { return .files(files) }
        return tried.isEmpty ? .live : .triedRegions(tried)
    }

    static func pyList(_ words: [String]) -> String { "[" + words.map { "'\($0)'" }.joined(separator: ", ") + "]" }

    /// No input given: the running DAMON, else ./damon.data.
    func resolved(_ control: @autoclosure () throws -> DamonControl) throws -> AttrsSource {
        guard case .live = self else { return self }
        if LiveSource.damonRunning(try control()) { return .live }
        if !ProcFS.isRegularFile("damon.data") {
            throw DamoError("no --input given, DAMON is not running, and there is no damon.data here")
        }
        return .files(["damon.data"])
    }

    /// The records with their parameters, filtered.
    func load<I: InterfaceOptions>(_ filter: RecordFilter, dontMerge: Bool, in env: DamoEnvironment,
                                   interface: I) throws -> [AttrsRecords] {
        var filter = filter
        var sets: [AttrsRecords]
        switch self {
        case .files(let paths):
            sets = try paths.map { AttrsRecords(kdamonds: try Self.kdamonds(of: $0), records: try env.loadRecords([$0]),
                                                source: $0 + ".kdamonds") }
        case .live, .triedRegions:
            let control = interface.control(in: env)
            let records: [Record]
            if case .triedRegions(let list) = self {
                records = try LiveSource.triedRegions(control, of: list, mergeRegions: !dontMerge)
            } else {
                records = try LiveSource.records(control, filter: filter, damosFilters: try LiveSource.snapshotFilters(env),
                                                 mergeRegions: !dontMerge)
                // The snapshot's scheme applied the access pattern already.
                filter.accessPattern = nil
            }
            // The parameters as they are, probes with them.
            let kdamonds = try control.status(updateStats: false)
            sets = [AttrsRecords(kdamonds: kdamonds, records: records, source: "the running DAMON")]
        }
        for i in sets.indices { filter.apply(&sets[i].records) }
        return sets
    }

    /// The parameters `record` saved beside a record file.
    static func kdamonds(of record: String) throws -> [Kdamond] {
        let path = record + ".kdamonds"
        guard ProcFS.isRegularFile(path) else { throw DamoError("\(path) file not found") }
        let text: String
        do { text = try ProcFS.contents(path) } catch { throw DamoError("\(path): cannot read (\(error))") }
        do {
            return try KVReader(try KVJSON.parse(text)).list().map { try Kdamond(kv: $0) }
        } catch let e as KVError {
            throw DamoError("\(path): \(e)")
        } catch {
            throw DamoError("\(path): not DAMON parameters in JSON (\(error))")
        }
    }
}

/// `report attrs --json`: damo's record objects with their parameters,
/// `[{"damon_records": {"kdamonds": [...], "record_list": [...]}}]`.
enum AttrsJSON {
    static func write(_ sets: [AttrsRecords], raw: Bool, to sink: ByteSink) throws {
        let w = JSONWriter(sink: sink)
        let records = RecordJSONWriter(raw: raw)
        w.beginArray()
        for set in sets {
            w.beginObject()
            w.key("damon_records")
            w.beginObject()
            w.key("kdamonds")
            try w.value(.list(set.kdamonds.map { $0.toKV(KVStyle(raw: raw)) }))
            w.key("record_list")
            try records.write(set.records, to: w)
            try w.endObject()
            try w.endObject()
        }
        try w.endArray()
        try w.flush()
    }
}
