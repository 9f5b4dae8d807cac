import FuzzSupport
import DamonModel

/// damo's unit syntax (`4K`, `1.5GiB`, `2 m 14 s`, `50%`, `max`, ...) and
/// every formatter on what it yields: parsing refuses what is no value,
/// formatting takes every value.
fuzzMain(fuzzUnits)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzUnits(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let text = fuzzText(data, size)
    let parsers: [(String) throws -> PyNum] = [
        UnitParse.nr, UnitParse.bytes, UnitParse.ns, UnitParse.us, UnitParse.ms, UnitParse.sec,
        UnitParse.ratio, UnitParse.percent, UnitParse.permil, UnitParse.bp,
    ]
    _ = try? UnitParse.bool(text)
    for parse in parsers {
        guard let n = try? parse(text) else { continue }
        if case .float(let f) = n, !f.isFinite { fatalError("\(text) parsed as \(f)") }
        format(n)
    }
    return 0
}

func format(_ n: PyNum) {
    for raw in [false, true] {
        _ = UnitFormat.nr(n, raw: raw)
        _ = UnitFormat.size(n, raw: raw)
        _ = UnitFormat.sizeAccurate(n, raw: raw)
        _ = UnitFormat.timeNs(n, raw: raw)
        _ = UnitFormat.timeNsExact(n, raw: raw)
        _ = UnitFormat.timeUs(n, raw: raw)
        _ = UnitFormat.percent(n, raw: raw)
        _ = UnitFormat.bp(n, raw: raw)
        _ = UnitFormat.addrRange(n, n + n, raw: raw)
    }
    _ = n.description
    _ = PyFormat.int(n)
    _ = PyFormat.fixed(n.double, 6)
    _ = PyFormat.repr(n.double)
    _ = n.int
    _ = PyNum.floorDiv(n, n) + PyNum.mod(n, .int(7)) + n / n
}
