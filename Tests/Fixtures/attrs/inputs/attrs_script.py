# A --exec script for report attrs: what damo hands it (probe weights of
# each record's context and the first regions' probe hits).
def main(damo_records, cmd_fields):
    for dr in damo_records:
        recs = dr.damon_records
        for r in recs.record_list:
            ctx = recs.damon_ctx_of(r)
            weights = [p.weight for p in ctx.probes]
            for s in r.snapshots:
                print(len(s.regions), weights, [reg.probe_hits for reg in s.regions][:2], cmd_fields[1:])
