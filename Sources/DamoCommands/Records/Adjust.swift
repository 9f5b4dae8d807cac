import DamonModel
import DamonRecords

/// An `--output_permission` value: octal, 0 to 777.
func permission(_ text: String) -> Int? {
    guard let mode = Int(text, radix: 8), mode >= 0, mode <= 0o777 else { return nil }
    return mode
}

func parsePermission(_ text: String) throws -> Int {
    guard let mode = permission(text) else {
        throw DamoError("wrong --output_permission '\(text)' (expected an octal mode such as 600)")
    }
    return mode
}

func parseRecordFormat(_ text: String) throws -> RecordFormat {
    guard let f = RecordFormat(rawValue: text), RecordFormat.writable.contains(f) else {
        let names = RecordFormat.writable.map(\.rawValue).joined(separator: ", ")
        throw DamoError("unsupported record format '\(text)' (choose from \(names))")
    }
    return f
}

/// `damo adjust`: a record filtered and re-aggregated, written anew.
public protocol AdjustCommand {
    associatedtype Filters: RecordFilterOptions
    associatedtype Output: RecordOutputOptions
    var aggregateInterval: Int? { get }
    var input: String { get }
    var output: String { get }
    var outputOptions: Output { get }
    var skip: Int { get }
    var filters: Filters { get }
}

extension AdjustCommand {
    public func run(in env: DamoEnvironment) throws {
        let permission = try parsePermission(outputOptions.outputPermission)
        let format = try parseRecordFormat(outputOptions.outputType)
        let filter = try filters.filter()
        try env.rewriteRecords(input, to: output, format: format, permission: permission, filter: filter,
                               aggregateIntervalUs: aggregateInterval.map { PyNum($0) }, skip: skip)
    }
}

/// The type and permission of a record file a command writes.
public protocol RecordOutputOptions {
    var outputType: String { get }
    var outputPermission: String { get }
}

/// `damo convert_record_format`: a record in another format, in place by
/// default (the new file is renamed over the old one only when complete).
public protocol ConvertRecordFormatCommand {
    var recordFile: String { get }
    var format: String { get }
    var outputFile: String? { get }
}

extension ConvertRecordFormatCommand {
    public func run(in env: DamoEnvironment) throws {
        let f = try parseRecordFormat(format)
        try env.rewriteRecords(recordFile, to: outputFile ?? recordFile, format: f, permission: nil,
                               filter: nil, aggregateIntervalUs: nil, skip: 0)
    }
}
