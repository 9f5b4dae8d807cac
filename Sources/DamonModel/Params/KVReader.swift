/// Reads one value of damo's key/value form, knowing where it is so that
/// errors name the place.  Numbers are accepted in every spelling damo's
/// `from_kvpairs()` accepts: JSON numbers as they are, and text in human
/// (`5 ms`, `4.000 KiB`, `1,000`, `max`) or raw (`5000`) form.
public struct KVReader: Sendable {
    public let value: KV
    public let path: String

    public init(_ value: KV, path: String = "") {
        self.value = value
        self.path = path
    }

    func child(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    public func error(_ problem: String) -> KVError { KVError(path, problem) }

    func dict() throws -> KVDict {
        guard case .dict(let d) = value else { throw error("expected a mapping, got \(value.typeName)") }
        return d
    }

    /// The member `key`; an error when it is missing.
    public func required(_ key: String) throws -> KVReader {
        guard let v = try dict()[key] else { throw KVError(path, "'\(key)' is missing") }
        return KVReader(v, path: child(key))
    }

    /// The member `key`, or nil when absent.
    public func optional(_ key: String) throws -> KVReader? {
        try dict()[key].map { KVReader($0, path: child(key)) }
    }

    /// The member `key` when present and not null.
    public func nonNull(_ key: String) throws -> KVReader? {
        guard let r = try optional(key), !r.value.isNull else { return nil }
        return r
    }

    public func has(_ key: String) throws -> Bool { try dict()[key] != nil }

    public func list() throws -> [KVReader] {
        guard case .list(let items) = value else { throw error("expected a list, got \(value.typeName)") }
        return items.enumerated().map { KVReader($1, path: "\(path)[\($0)]") }
    }

    /// Items of the list `key`, or none when the key is absent.
    public func listIfPresent(_ key: String) throws -> [KVReader] {
        try optional(key)?.list() ?? []
    }

    public func string() throws -> String {
        guard case .string(let s) = value else { throw error("expected a string, got \(value.typeName)") }
        return s
    }

    /// A string, or nil for null.
    public func optionalString() throws -> String? {
        if value.isNull { return nil }
        return try string()
    }

    /// damo's text_to_bool: a boolean, or y/yes/true/n/no/false.
    public func bool() throws -> Bool {
        switch value {
        case .bool(let b): return b
        case .string(let s): return try convert { try UnitParse.bool(s) }
        default: throw error("expected a boolean, got \(value.typeName)")
        }
    }

    func convert(_ parse: () throws -> PyNum) throws -> PyNum {
        do { return try parse() } catch let e as UnitParseError { throw error(e.description) }
    }

    func convert(_ parse: () throws -> Bool) throws -> Bool {
        do { return try parse() } catch let e as UnitParseError { throw error(e.description) }
    }

    /// A number as it is, or text through `parse`.
    func number(_ parse: (String) throws -> PyNum) throws -> PyNum {
        switch value {
        case .number(.float(let f)) where !f.isFinite:
            // JSON's NaN/Infinity, YAML's .nan/.inf, 1e400: no DAMON value.
            throw error("expected a finite number, got \(PyNum.float(f))")
        case .number(let n): return n
        case .string(let s): return try convert { try parse(s) }
        default: throw error("expected a number, got \(value.typeName)")
        }
    }

    public func nr() throws -> PyNum { try number(UnitParse.nr) }
    public func bytes() throws -> PyNum { try number(UnitParse.bytes) }
    public func us() throws -> PyNum { try number(UnitParse.us) }
    public func ms() throws -> PyNum { try number(UnitParse.ms) }
    public func percent() throws -> PyNum { try number(UnitParse.percent) }
    public func permil() throws -> PyNum { try number(UnitParse.permil) }
    public func bp() throws -> PyNum { try number(UnitParse.bp) }

    /// An integer number (`12`, `"12"`, `"1,024"`): ids, pids, indexes.
    public func integer() throws -> Int {
        let n = try nr()
        guard case .int(let i) = n, let v = Int(exactly: i) else {
            throw error("expected an integer, got \(n)")
        }
        return v
    }

    /// `<number> <unit>` as damo writes `5 samples` or `3 aggr_intervals`.
    public func numberWithUnit() throws -> (PyNum, String) {
        let text = try string()
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
        guard fields.count == 2 else { throw error("'\(text)' is not <number> <unit>") }
        let n = try convert { try UnitParse.nr(String(fields[0])) }
        return (n, String(fields[1]))
    }
}
