"""Checks a record made through DAMOS tried regions against the
damon:damon_aggregated tracepoint recorded at the same time.

usage: tried_vs_trace.py TRIED_JSON TRACE_JSON [MIN_SHARE]

Both files are `damo report access --json` of the records (the trace one
read from perf's file).  Snapshots end at CLOCK_MONOTONIC times in both.
Checked:
- each tried-regions snapshot has the regions (start, end, nr_accesses,
  age) of the tracepoint's snapshot of the same aggregation interval: the
  one ending nearest to it, within 50 ms (half an aggregation interval of
  100 ms: the time damo saw the kernel apply its scheme);
- no two tried-regions snapshots are of the same aggregation interval;
- they are at least MIN_SHARE (default 0.9) of the tracepoint's snapshots
  that end between the first and the last of them: a snapshot per
  aggregation interval (fewer when damo is slowed down: Linux 6.12 answers
  on a 100 ms tick), and where one is missing, the record has a gap of at
  least one interval there (checked by the times above);
- each has at least 3 regions (DAMON's minimum: nothing merged away).
Prints what it measured; exits 1 with the reason when a check fails.
"""
import json
import sys


def num(text):
    return int(str(text).replace(',', ''))


def snapshots(path):
    """(end_ns, regions) per snapshot, of every record, in time order."""
    out = []
    for record in json.load(open(path)):
        for s in record['snapshots']:
            regions = tuple((num(r['start']), num(r['end']), num(r['nr_accesses']['samples']),
                             num(r['age']['aggr_intervals'])) for r in s['regions'])
            out.append((num(s['end_time']), regions))
    return sorted(out)


def main():
    tried, trace = snapshots(sys.argv[1]), snapshots(sys.argv[2])
    min_share = float(sys.argv[3]) if len(sys.argv) > 3 else 0.9
    print(f'{len(tried)} tried-regions snapshots, {len(trace)} tracepoint snapshots')
    if len(tried) < 5:
        sys.exit(f'only {len(tried)} tried-regions snapshots')
    matched, offsets, problems = set(), [], []
    for end, regions in tried:
        i = min(range(len(trace)), key=lambda j: abs(trace[j][0] - end))
        offset = (end - trace[i][0]) / 1e6
        offsets.append(offset)
        if abs(offset) > 50:
            problems.append(f'snapshot ending at {end}: no tracepoint snapshot within 50 ms ({offset:.1f} ms)')
        elif trace[i][1] != regions:
            problems.append(f'snapshot ending at {end}: regions differ from the tracepoint\'s '
                            f'({len(regions)} vs {len(trace[i][1])} regions)')
        if i in matched:
            problems.append(f'two snapshots of the aggregation interval ending at {trace[i][0]}')
        matched.add(i)
        if len(regions) < 3:
            problems.append(f'snapshot ending at {end} has {len(regions)} regions')
    first, last = tried[0][0], tried[-1][0]
    window = [j for j, (end, _) in enumerate(trace) if first - 50e6 <= end <= last + 50e6]
    share = len(matched & set(window)) / len(window)
    print(f'end times minus the tracepoint\'s: {min(offsets):.1f} to {max(offsets):.1f} ms; '
          f'{len(matched)} of the {len(window)} aggregation intervals in the recording captured ({share:.0%})')
    for p in problems[:10]:
        print('  ' + p)
    if problems:
        sys.exit(problems[0])
    if share < min_share:
        sys.exit(f'only {share:.0%} of the aggregation intervals captured (want {min_share:.0%})')


main()
