import DamonModel
import DamonRecords

/// `report attrs --exec`: as report access' (AccessExecBridge), but the
/// script's `main(damo_records, cmd_fields)` gets damo's DamoRecord
/// objects: per record file, `damon_records.kdamonds` (the parameters,
/// as objects of their JSON keys) and `damon_records.record_list`.
public enum AttrsExecBridge {
    public static func recordsJSON(_ sets: [AttrsRecords]) -> String {
        "[" + sets.map { set in
            "{\"kdamonds\":" + KVJSON.text(.list(set.kdamonds.map { $0.toKV(KVStyle(raw: true)) }), indent: 0)
                + ",\"records\":" + AccessExecBridge.recordsJSON(set.records) + "}"
        }.joined(separator: ",") + "]"
    }

    /// Report access' bridge with another entry point.
    public static var script: String {
        var s = AccessExecBridge.script
        if s.hasSuffix("main()") { s.removeLast("main()".count) }
        return s + #"""
def to_obj(v):
    if isinstance(v, dict):
        return Plain({k: to_obj(x) for k, x in v.items()})
    if isinstance(v, list):
        return [to_obj(x) for x in v]
    return v


class DamonRecords:
    def __init__(self, kdamonds, record_list):
        self.kdamonds = kdamonds
        self.record_list = record_list

    def damon_ctx_of(self, damon_record):
        kdamond = self.kdamonds[damon_record.kdamond_idx]
        return kdamond.contexts[damon_record.context_idx]


class DamoRecord:
    def __init__(self, damon_records):
        self.damon_records = damon_records


def attrs_main():
    with open(sys.argv[1]) as f:
        damo_records = [DamoRecord(DamonRecords(
            [to_obj(k) for k in s['kdamonds']],
            [DamonRecord(r) for r in s['records']])) for s in json.load(f)]
    cmd_fields = sys.argv[2:]
    if cmd_fields == ['interpreter']:
        code.interact(local={'damo_records': damo_records},
                      banner="damo records are available as 'damo_records'",
                      exitmsg='Exit the session.')
        return
    spec = importlib.util.spec_from_file_location(
            'damo_report_attrs_script', cmd_fields[0])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(damo_records, cmd_fields)


attrs_main()
"""#
    }
}
