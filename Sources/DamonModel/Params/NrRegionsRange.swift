/// The minimum and maximum number of monitoring regions of a context.
public struct NrRegionsRange: Sendable, Equatable {
    public var min: PyNum
    public var max: PyNum

    public init(min: PyNum = .int(10), max: PyNum = .int(1000)) {
        self.min = min
        self.max = max
    }

    public func toKV(_ style: KVStyle = KVStyle()) -> KV {
        .dict([
            "min": .string(UnitFormat.nr(min, raw: style.raw)),
            "max": .string(UnitFormat.nr(max, raw: style.raw)),
        ])
    }

    public init(kv r: KVReader) throws {
        self.init(min: try r.required("min").nr(), max: try r.required("max").nr())
    }

    /// `[10, 1,000]`
    public func toString(raw: Bool) -> String {
        "[\(UnitFormat.nr(min, raw: raw)), \(UnitFormat.nr(max, raw: raw))]"
    }

    /// damo compares ranges by their text.
    public static func == (a: NrRegionsRange, b: NrRegionsRange) -> Bool {
        a.toString(raw: false) == b.toString(raw: false)
    }
}
