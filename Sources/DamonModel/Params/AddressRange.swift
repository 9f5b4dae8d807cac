/// An address range `[start, end)` of DAMON parameters: a monitoring
/// target region.
public struct AddressRange: Sendable, Equatable {
    public var start: PyNum
    public var end: PyNum

    public init(start: PyNum, end: PyNum) {
        self.start = start
        self.end = end
    }

    public init(_ start: Int, _ end: Int) {
        self.init(start: PyNum(start), end: PyNum(end))
    }

    public var size: PyNum { end - start }

    public func toKV(_ style: KVStyle = KVStyle()) -> KV {
        .dict([
            "start": .string(UnitFormat.nr(start, raw: style.raw)),
            "end": .string(UnitFormat.nr(end, raw: style.raw)),
        ])
    }

    public init(kv r: KVReader) throws {
        self.init(start: try r.required("start").bytes(), end: try r.required("end").bytes())
    }

    /// `[4,096, 8,192) (4.000 KiB)`
    public func toString(raw: Bool) -> String {
        UnitFormat.addrRange(start, end, raw: raw)
    }
}
