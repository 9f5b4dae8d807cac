#!/usr/bin/env python3
"""Writes the fuzz targets' seed inputs (Fuzz/corpus/TARGET/) from the
test fixtures and a few hand-made inputs: small, and covering each
format's fields once.  Run from the repository root; the output is
committed."""
import json, os, shutil, zlib

fixtures = 'Tests/Fixtures'
out = 'Fuzz/corpus'

def put(target, name, data):
    os.makedirs(f'{out}/{target}', exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(f'{out}/{target}/{name}', 'wb') as f:
        f.write(data)

def fixture(path):
    with open(f'{fixtures}/{path}', 'rb') as f:
        return f.read()

# Records: damo's files as recorded, their JSON, trace text, hand-made.
for name in ['damon.data.snapshot.active', 'damon.data.snapshot.hugepage', 'damon.data.multi',
             'damon.data.tworec']:
    data = fixture('compat/inputs/' + name)
    put('FuzzRecordFile', name, data)
    text = zlib.decompress(data)
    if len(text) < 60000:
        put('FuzzRecordFile', name + '.json', text)
trace = b''.join(fixture('compat/inputs/perf.data.script').splitlines(keepends=True)[:24])
put('FuzzRecordFile', 'perf.data.script', trace)
region = lambda s, e, n, a, **kw: dict({'start': s, 'end': e, 'nr_accesses': {'samples': n, 'percent': kw.get('p')},
                                        'age': {'usec': kw.get('u'), 'aggr_intervals': a}},
                                       **{k: v for k, v in kw.items() if k in ('sz_filter_passed', 'probe_hits')})
full = [{
    'kdamond_idx': 1, 'context_idx': 0, 'scheme_idx': 2, 'target_id': 18446623435582458880,
    'intervals': {'sample_us': '5 ms', 'aggr_us': 100000, 'ops_update_us': '1 s',
                  'intervals_goal': {'access_bp': '4 %', 'aggrs': 3, 'min_sample_us': 5, 'max_sample_us': '1 s'}},
    'scheme_filters': [
        {'filter_type': 'memcg', 'matching': True, 'allow': False, 'memcg_path': '/a'},
        {'filter_type': 'addr', 'matching': False, 'filter_pass': 'yes',
         'address_range': {'start': '4K', 'end': '1 GiB'}},
        {'filter_type': 'target', 'matching': True, 'allow': True, 'damon_target_idx': 1},
        {'filter_type': 'hugepage_size', 'matching': True, 'allow': True, 'hugepage_size': ['2M', '1G']}],
    'data_source': 'damon_stat',
    'snapshots': [
        {'start_time': 1000000000, 'end_time': '1.1 s', 'sample_interval_us': '5 ms', 'total_bytes': '12 KiB',
         'damos_stats': {'nr_tried': 1, 'sz_tried': '4 KiB', 'nr_applied': 0, 'sz_applied': 0,
                         'sz_ops_filter_passed': 0, 'qt_exceeds': 0, 'nr_snapshots': 3, 'max_nr_snapshots': 0},
         'regions': [region('4,096', '8,192', 3, 2), region(8192, 12288, None, None, p=12.5, u=2.5),
                     region(12288, '16,384 B', 1, 0, sz_filter_passed='4,096 B', probe_hits=[1, 2])]},
        {'start_time': '1.1 s', 'end_time': 1200000000, 'regions': []}]}]
put('FuzzRecordFile', 'all-fields.json', json.dumps(full, indent=1))
put('FuzzRecordFile', 'all-fields.z', zlib.compress(json.dumps(full).encode()))

# Trace text: perf script, trace-cmd report, DAMOS' tracepoint, one
# snapshot with the placeholder of damo's writer.
put('FuzzTraceText', 'perf-script', trace)
put('FuzzTraceText', 'trace-cmd',
    'cpus=2\n kdamond.0-4452  [000] 82820.952659: damon_aggregated: target_id=0 nr_regions=2 4096-8192: 1 3\n'
    ' kdamond.0-4452  [000] 82820.952660: damon_aggregated: target_id=0 nr_regions=2 8192-16384: 0 5\n')
put('FuzzTraceText', 'before-apply',
    'kdamond.0 1 [001] 5.000001: damon:damos_before_apply: ctx_idx=0 scheme_idx=1 target_idx=0 '
    'nr_regions=1 4096-8192: 2 7\n# comment\n\n   bash 17 [001] 5.5: sched:sched_switch: prev_comm=bash\n')
put('FuzzTraceText', 'placeholder',
    'kdamond.x xxxx xxxx 1.100000: damon:damon_aggregated: target_id=1 nr_regions=1 4096-8192: 3 2\n'
    'kdamond.x xxxx xxxx 1.200000: damon:damon_aggregated: target_id=1 nr_regions=1 0-0: -1 -1\n')

# Parameters: the args_damon inputs, YAML with anchors, a scheme list.
for name in sorted(os.listdir(f'{fixtures}/args_damon/inputs')):
    put('FuzzParams', name, fixture('args_damon/inputs/' + name))
# (args damon's outputs: complete parameters with quota goals, filters,
# watermarks, probes, raw and human numbers)
for name in ['quota-goals-two.out', 'filter-addr.out', 'kdamonds-raw-file.out', 'probe-full.out',
             'intervals-goal.out', 'migrate-dests.out']:
    put('FuzzParams', name, fixture('args_damon/' + name))
put('FuzzParams', 'anchors.yaml', 'base: &s {action: stat}\nschemes: [*s, *s]\n')

# One-line schemes, every length damo takes.
put('FuzzSchemeLine', 'fixture.damos', fixture('legacy/single_line_schemes.damos'))
for i, line in enumerate(['4K max 0 0 60s max pageout', '2M max 0 25 100ms max nohugepage 10ms 1G 1s',
                          '4K max min 5 2s max stat 1G 500ms 3 5 7',
                          '4K max 0 0 60s max lru_prio 10ms 1G 1s 1 2 3 free_mem_rate 5s 800 500 300']):
    put('FuzzSchemeLine', f'line{i}', line + '\n')

# Units.
for i, text in enumerate(['4K', '1.5GiB', '143.027 MiB', '2 m 14 s', '1 d 1 h 1 m 1 s 1 ms 1 us 1 ns', '50%',
                          'max', 'min', '1,234', '100ms', '1e3', '-0.0', '1_000', '12.5%', 'yes', '4,096 B']):
    put('FuzzUnits', f'u{i}', text)

# Kernel files: a sysfs kdamond with every directory damo reads, debugfs,
# and the DAMON modules' parameters.
k = 'kernel/mm/damon/admin/kdamonds'
c = k + '/0/contexts/0'
s = c + '/schemes/0'
lines = [f'{k}/nr_kdamonds\t1', f'{k}/0/state\ton', f'{k}/0/pid\t1234', f'{k}/0/refresh_ms\t0',
         f'{k}/0/contexts/nr_contexts\t1', f'{c}/operations\tvaddr', f'{c}/addr_unit\t1',
         f'{c}/monitoring_attrs/intervals/sample_us\t5000', f'{c}/monitoring_attrs/intervals/aggr_us\t100000',
         f'{c}/monitoring_attrs/intervals/update_us\t1000000',
         f'{c}/monitoring_attrs/intervals/intervals_goal/access_bp\t0',
         f'{c}/monitoring_attrs/intervals/intervals_goal/aggrs\t0',
         f'{c}/monitoring_attrs/intervals/intervals_goal/min_sample_us\t0',
         f'{c}/monitoring_attrs/intervals/intervals_goal/max_sample_us\t0',
         f'{c}/monitoring_attrs/nr_regions/min\t10', f'{c}/monitoring_attrs/nr_regions/max\t1000',
         f'{c}/targets/nr_targets\t1', f'{c}/targets/0/pid_target\t1234', f'{c}/targets/0/obsolete_target\tN',
         f'{c}/targets/0/regions/nr_regions\t1', f'{c}/targets/0/regions/0/start\t4096',
         f'{c}/targets/0/regions/0/end\t8192', f'{c}/schemes/nr_schemes\t1', f'{s}/action\tstat',
         f'{s}/apply_interval_us\t0', f'{s}/target_nid\t0']
for what, lo, hi in [('sz', 0, 18446744073709551615), ('nr_accesses', 0, 20), ('age', 0, 4294967295)]:
    lines += [f'{s}/access_pattern/{what}/min\t{lo}', f'{s}/access_pattern/{what}/max\t{hi}']
lines += [f'{s}/quotas/{f}\t{v}' for f, v in [('ms', 0), ('bytes', 0), ('reset_interval_ms', 0),
                                              ('effective_bytes', 0), ('weights/sz_permil', 0),
                                              ('weights/nr_accesses_permil', 0), ('weights/age_permil', 0),
                                              ('goals/nr_goals', 1), ('goals/0/target_metric', 'user_input'),
                                              ('goals/0/target_value', 100), ('goals/0/current_value', 50),
                                              ('goals/0/nid', 0)]]
lines += [f'{s}/watermarks/{f}\t{v}' for f, v in [('metric', 'none'), ('interval_us', 0), ('high', 0),
                                                  ('mid', 0), ('low', 0)]]
lines += [f'{s}/filters/nr_filters\t2', f'{s}/filters/0/type\taddr', f'{s}/filters/0/matching\tY',
          f'{s}/filters/0/allow\tN', f'{s}/filters/0/addr_start\t0', f'{s}/filters/0/addr_end\t4096',
          f'{s}/filters/1/type\tmemcg', f'{s}/filters/1/matching\tN', f'{s}/filters/1/memcg_path\t/a',
          f'{s}/dests/nr_dests\t0']
lines += [f'{s}/stats/{f}\t{v}' for f, v in [('nr_tried', 1), ('sz_tried', 4096), ('nr_applied', 0),
                                             ('sz_applied', 0), ('sz_ops_filter_passed', 0), ('qt_exceeds', 0)]]
lines += [f'{s}/tried_regions/total_bytes\t4096', f'{s}/tried_regions/0/start\t4096',
          f'{s}/tried_regions/0/end\t8192', f'{s}/tried_regions/0/nr_accesses\t3', f'{s}/tried_regions/0/age\t2',
          f'{s}/tried_regions/0/sz_filter_passed\t0']
put('FuzzKernelFiles', 'sysfs', '\n'.join(lines) + '\n')
d = 'kernel/debug/damon'
put('FuzzKernelFiles', 'debugfs', '\n'.join([
    f'{d}/attrs\t5000 100000 1000000 10 1000', f'{d}/target_ids\t42', f'{d}/init_regions\t42 4096 8192',
    f'{d}/schemes\t4096 18446744073709551615 0 0 10 42949 5 0 0 0 0 0 0 0 0 0 0 0 1 4096 0 0 0',
    f'{d}/monitor_on\ton', f'{d}/kdamond_pid\t1234', f'{d}/mk_contexts\t', f'{d}/rm_contexts\t']) + '\n')
params = [('enabled', 'Y'), ('kdamond_pid', '1234'), ('min_age', '120000000'), ('quota_ms', '10'),
          ('quota_sz', '134217728'), ('quota_reset_interval_ms', '1000'), ('wmarks_interval', '5000000'),
          ('wmarks_high', '500'), ('wmarks_mid', '400'), ('wmarks_low', '200'), ('sample_interval', '5000'),
          ('aggr_interval', '100000'), ('min_nr_regions', '10'), ('max_nr_regions', '1000'),
          ('monitor_region_start', '0'), ('monitor_region_end', '0'), ('skip_anon', 'N'),
          ('hot_thres_access_freq', '500'), ('cold_min_age', '120000000'), ('commit_inputs', 'N'),
          ('nr_reclaim_tried_regions', '0'), ('bytes_reclaim_tried_regions', '0')]
put('FuzzKernelFiles', 'modules', '\n'.join(f'module/{m}/parameters/{p}\t{v}'
                                           for m in ['damon_reclaim', 'damon_lru_sort'] for p, v in params) + '\n'
    + 'module/damon_stat/parameters/enabled\tY\nmodule/damon_stat/parameters/estimated_memory_bandwidth\t1000\n'
    + 'module/damon_stat/parameters/memory_idle_ms_percentiles\t' + ','.join(str(i * 10) for i in range(101)) + '\n')

# Accept headers as Prometheus, browsers and curl send them.
for i, text in enumerate(['application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,'
                          'text/plain;version=0.0.4;q=0.5,*/*;q=0.1',
                          'text/plain;version=0.0.4', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
                          '*/*', 'application/openmetrics-text; q=0', 'label "quoted" \\ back\nslash']):
    put('FuzzAcceptHeader', f'accept{i}', text)
