import DamonKernel
import DamonModel
import DamonRecords

extension DamoEnvironment {
    /// Reads record files, naming the file in any error.
    public func loadRecords(_ paths: [String]) throws -> [Record] {
        var records: [Record] = []
        for path in paths {
            let read = try RecordFile.read(path: path, perfScript: perfScript())
            // Reports of nothing would print misleading zeros or empty maps.
            if !read.contains(where: { !$0.snapshots.isEmpty }) {
                throw noSnapshot(path)
            }
            records += read
        }
        return records
    }

    /// Streams record files: `body` gets each record's header with the
    /// stream positioned at its snapshots.  A file without any snapshot
    /// fails at its end with loadRecords' error (reports that stream print
    /// only once all is read, or check with `recordsHaveSnapshots` first).
    public func streamRecords(_ paths: [String], _ body: (inout RecordStream, Record) throws -> Void) throws {
        for path in paths {
            var stream = try RecordStream(path: path, perfScript: perfScript())
            while let header = try stream.nextRecord() {
                try body(&stream, header)
            }
            if stream.snapshotCount == 0 { throw noSnapshot(path) }
        }
    }

    func noSnapshot(_ path: String) -> DamoError {
        DamoError("\(path): the record has no snapshot (nothing was recorded, or it is not a DAMON record)")
    }

    /// Values following each occurrence of `option` in the command line,
    /// up to the next option: the `nargs='+', action='append'` of damo,
    /// which argument parsers flatten.
    public func groupedValues(of option: String) -> [[String]] { DamonCommandLine.groupedValues(of: option, in: arguments) }
}

/// Values of an option taking a fixed number of arguments.
func expectCount<T>(_ values: [T], _ count: Int, _ option: String, _ metavar: String) throws -> [T] {
    if values.count != count {
        throw DamoError("\(option) takes \(count) values (\(metavar)), \(values.count) given")
    }
    return values
}

/// Pairs of an option given as `--opt A B [--opt C D ...]`.
func pairs(_ values: [String], _ option: String) throws -> [(String, String)] {
    if values.count % 2 != 0 {
        throw DamoError("\(option) takes pairs of values, \(values.count) given")
    }
    return stride(from: 0, to: values.count, by: 2).map { (values[$0], values[$0 + 1]) }
}

enum DamonCommandLine {
    static func groupedValues(of option: String, in arguments: [String]) -> [[String]] {
        var groups: [[String]] = []
        var current: [String]? = nil
        for arg in arguments {
            if arg == option {
                if let c = current { groups.append(c) }
                current = []
            } else if arg.hasPrefix("--") || (arg.hasPrefix("-") && arg.count == 2 && !arg.dropFirst().allSatisfy(\.isNumber)) {
                if let c = current { groups.append(c) }
                current = nil
            } else if current != nil {
                current!.append(arg)
            }
        }
        if let c = current { groups.append(c) }
        return groups
    }
}

/// damo's region and snapshot filters (`damo help access_filter_options`).
public protocol RecordFilterOptions {
    var szRegion: [String] { get }
    var accessRate: [String] { get }
    var age: [String] { get }
    var address: [String] { get }
    var szSnapshot: [String] { get }
    var snapshotTime: [String] { get }
    var snapshotIdx: [String] { get }
    var temperature: [String] { get }
}

extension RecordFilterOptions {
    /// The filter, checked before any record is read.
    public func filter(temperatureWeights: [PyNum] = [.int(0), .int(100), .int(100)]) throws -> RecordFilter {
        let sz = try expectCount(szRegion.isEmpty ? ["min", "max"] : szRegion, 2, "--sz_region", "<min> <max>")
        let rate = try expectCount(accessRate.isEmpty ? ["min", "max"] : accessRate, 2, "--access_rate", "<min> <max>")
        let ageText = try expectCount(age.isEmpty ? ["min", "max"] : age, 2, "--age", "<min> <max>")
        let pattern = AccessPatternFilter(
            sizeMin: try UnitParse.bytes(sz[0]), sizeMax: try UnitParse.bytes(sz[1]),
            rateMin: try UnitParse.percent(rate[0]), rateMax: try UnitParse.percent(rate[1]),
            ageMinUs: try ageUs(ageText[0]), ageMaxUs: try ageUs(ageText[1]))
        var filter = RecordFilter(accessPattern: pattern, temperatureWeights: temperatureWeights)
        if !address.isEmpty {
            filter.addressRanges = try sortedRanges(address, "--address")
        }
        if !szSnapshot.isEmpty {
            filter.snapshotSizeRanges = try sortedRanges(szSnapshot, "--sz_snapshot")
        }
        if !snapshotTime.isEmpty {
            filter.snapshotTimeRanges = try pairs(snapshotTime, "--snapshot_time").map {
                (try UnitParse.ns($0.0), try UnitParse.ns($0.1))
            }
        }
        if !snapshotIdx.isEmpty {
            filter.snapshotIndexRanges = try pairs(snapshotIdx, "--snapshot_idx").map {
                (try UnitParse.nr($0.0), try UnitParse.nr($0.1))
            }
        }
        if !temperature.isEmpty {
            filter.temperatureRanges = try pairs(temperature, "--temperature").map {
                guard let a = UnitParse.pyInt($0.0), let b = UnitParse.pyInt($0.1) else {
                    throw DamoError("--temperature takes integers ('\($0.0)' '\($0.1)' given)")
                }
                return (PyNum.int(a), PyNum.int(b))
            }
        }
        return filter
    }

    /// Ages are in seconds unless a unit says otherwise.
    func ageUs(_ text: String) throws -> PyNum {
        if text == "min" || text == "max" { return try UnitParse.us(text) }
        if let n = try? UnitParse.nr(text) { return n * .int(1_000_000) }
        return try UnitParse.us(text)
    }

    func sortedRanges(_ values: [String], _ option: String) throws -> [(PyNum, PyNum)] {
        let parsed = try pairs(values, option).map { (try UnitParse.bytes($0.0), try UnitParse.bytes($0.1)) }
        switch RecordFilter.sortedRanges(parsed) {
        case .success(let r): return r
        case .failure(let e): throw DamoError("wrong \(option) input (\(e.message))")
        }
    }
}
