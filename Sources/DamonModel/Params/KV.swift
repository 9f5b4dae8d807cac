/// damo's key/value form of DAMON parameters: the ordered tree its
/// `to_kvpairs()` methods build and its JSON and YAML files hold.  Keys
/// keep their order; numbers keep whether they are Python ints or floats.
public indirect enum KV: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(PyNum)
    case string(String)
    case list([KV])
    case dict(KVDict)

    public static func int(_ i: Int) -> KV { .number(PyNum(i)) }

    /// `.string(s)`, or `.null` for nil.
    public static func string(_ s: String?) -> KV { s.map { .string($0) } ?? .null }

    /// `.number(n)`, or `.null` for nil.
    public static func number(_ n: PyNum?) -> KV { n.map { .number($0) } ?? .null }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The member `key` of a dict (the last one when repeated, as Python's
    /// json keeps); nil for absent keys and for non-dicts.
    public subscript(key: String) -> KV? {
        if case .dict(let d) = self { return d[key] }
        return nil
    }

    /// The item `index` of a list; nil out of range and for non-lists.
    public subscript(index: Int) -> KV? {
        if case .list(let items) = self, items.indices.contains(index) { return items[index] }
        return nil
    }

    /// What the value is, for error messages.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .list: return "a list"
        case .dict: return "a mapping"
        }
    }
}

/// The members of a KV dict, in order.
public struct KVDict: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    public var pairs: [(key: String, value: KV)]

    public init(_ pairs: [(key: String, value: KV)] = []) { self.pairs = pairs }

    public init(dictionaryLiteral elements: (String, KV)...) {
        pairs = elements.map { (key: $0.0, value: $0.1) }
    }

    public subscript(key: String) -> KV? {
        get {
            for p in pairs.reversed() where p.key == key { return p.value }
            return nil
        }
        set {
            if let i = pairs.lastIndex(where: { $0.key == key }) {
                if let newValue { pairs[i].value = newValue } else { pairs.remove(at: i) }
            } else if let newValue {
                pairs.append((key: key, value: newValue))
            }
        }
    }

    public var keys: [String] { pairs.map(\.key) }

    public static func == (a: KVDict, b: KVDict) -> Bool {
        a.pairs.count == b.pairs.count && zip(a.pairs, b.pairs).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

/// Options of damo's `to_kvpairs(raw, omit_defaults, params_only)`.
public struct KVStyle: Sendable {
    /// Plain numbers instead of `5 ms`, `4.000 KiB`, `1,000`.
    public var raw: Bool
    /// Leave out parts equal to their defaults (`--omit_defaults`).
    public var omitDefaults: Bool
    /// Parameters only: no kdamond state/pid, no scheme stats.
    public var paramsOnly: Bool

    public init(raw: Bool = false, omitDefaults: Bool = false, paramsOnly: Bool = false) {
        self.raw = raw
        self.omitDefaults = omitDefaults
        self.paramsOnly = paramsOnly
    }
}

/// A value of damo's key/value form is not what its place needs.
public struct KVError: Error, CustomStringConvertible, Sendable {
    /// Where: `kdamonds[0].contexts[0].schemes[1].quotas.time_ms`.
    public let path: String
    public let problem: String
    public init(_ path: String, _ problem: String) {
        self.path = path
        self.problem = problem
    }
    public var description: String { path.isEmpty ? problem : "\(path): \(problem)" }
}
