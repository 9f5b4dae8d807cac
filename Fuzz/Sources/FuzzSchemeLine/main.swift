import FuzzSupport
import DamonKernel
import DamonModel

/// Early damo's one-line schemes (`min-size max-size min-acc max-acc
/// min-age max-age action ...`), and what damo makes of them.
fuzzMain(fuzzSchemeLine)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSchemeLine(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let text = fuzzText(data, size)
    _ = DamosSingleLine.looksLikeSingleLine(text)
    guard let schemes = try? DamosSingleLine.schemes(text) else { return 0 }
    let context = DamonContext(schemes: schemes)
    for raw in [false, true] {
        for s in schemes { _ = s.toKV(KVStyle(raw: raw)) }
        _ = context.toString(raw: raw)
    }
    _ = try? DebugfsText.schemes(context)
    return 0
}
