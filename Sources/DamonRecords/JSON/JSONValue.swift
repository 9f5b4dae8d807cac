import DamonModel

/// A parsed JSON value for the small parts of records (intervals, filters,
/// stats).  Objects keep their key order; numbers keep their text so that
/// big integers stay exact.
public indirect enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let pairs) = self {
            // Python's json keeps the last of duplicate keys.
            for (k, v) in pairs.reversed() where k == key { return v }
        }
        return nil
    }

    public var isNull: Bool { if case .null = self { return true } else { return false } }

    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "a list"
        case .object: return "an object"
        }
    }

    /// The number a JSON number denotes, integer or float as in Python.
    public static func numberValue(_ text: String) -> PyNum? {
        if let i = UnitParse.pyInt(text) { return .int(i) }
        switch text {
        case "NaN": return .float(.nan)
        case "Infinity": return .float(.infinity)
        case "-Infinity": return .float(-.infinity)
        default: return Double(text).map { .float($0) }
        }
    }
}

extension JSONTokenizer {
    /// Reads the whole value that starts with `first`.
    public mutating func readValue(first: JSONToken) throws -> JSONValue {
        switch first {
        case .null: return .null
        case .trueValue: return .bool(true)
        case .falseValue: return .bool(false)
        case .number: return .number(textString)
        case .string: return .string(textString)
        case .beginArray:
            var items: [JSONValue] = []
            while true {
                let t = try next()
                if t == .endArray { return .array(items) }
                items.append(try readValue(first: t))
            }
        case .beginObject:
            var pairs: [(String, JSONValue)] = []
            while true {
                let t = try next()
                if t == .endObject { return .object(pairs) }
                let key = textString
                pairs.append((key, try readValue(first: try next())))
            }
        case .key, .endArray, .endObject, .endOfInput:
            throw error("unexpected token")
        }
    }
}
