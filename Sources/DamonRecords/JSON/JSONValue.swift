import DamonModel

/// A parsed JSON value: damo's ordered key/value tree (KV), whose objects
/// keep their key order and whose numbers stay Python ints (exact, however
/// big) or floats.
public typealias JSONValue = KV

extension KV {
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
        case .number: return KV.numberValue(textString).map { .number($0) } ?? .string(textString)
        case .string: return .string(textString)
        case .beginArray:
            var items: [JSONValue] = []
            while true {
                let t = try next()
                if t == .endArray { return .list(items) }
                items.append(try readValue(first: t))
            }
        case .beginObject:
            var pairs: [(key: String, value: KV)] = []
            while true {
                let t = try next()
                if t == .endObject { return .dict(KVDict(pairs)) }
                let key = textString
                pairs.append((key, try readValue(first: try next())))
            }
        case .key, .endArray, .endObject, .endOfInput:
            throw error("unexpected token")
        }
    }
}
