import FuzzSupport
import DamonKernel
import DamonModel
import DamonRecords

/// DAMON parameters as JSON or YAML (`--kdamonds`, `-c/--schemes`,
/// `--input_file`, `--add`, ...): parsed, decoded, and written back in
/// every form damo prints or writes to the kernel's debugfs files.
fuzzMain(fuzzParams)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParams(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let text = fuzzText(data, size)
    for parse in [KVJSON.parse, KVYAML.parse] {
        guard let kv = try? parse(text) else { continue }
        _ = KVJSON.text(kv)
        _ = try? KVYAML.text(kv)
        if let kdamonds = try? Kdamond.list(kv: kv) {
            show(kdamonds)
        }
        if let schemes = try? KVReader(kv).list().map({ try Damos(kv: $0) }) {
            show([Kdamond(contexts: [DamonContext(schemes: schemes)])])
        }
    }
    return 0
}

func show(_ kdamonds: [Kdamond]) {
    for raw in [false, true] {
        let kv = Kdamond.toKV(kdamonds, KVStyle(raw: raw))
        _ = KVJSON.text(kv)
        _ = try? KVYAML.text(kv)
        for k in kdamonds { _ = k.toString(raw: raw) }
    }
    for k in kdamonds {
        for c in k.contexts {
            _ = DebugfsText.attrs(c)
            _ = DebugfsText.targetIDs(c)
            _ = DebugfsText.initRegions(c, byIndex: true)
            _ = try? DebugfsText.schemes(c)
        }
    }
}
