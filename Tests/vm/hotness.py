"""Checks that DAMON saw the workload's hot part as hot.

usage: hotness.py RAW_FORM_TEXT START END HOT_START HOT_END [LAST_N]

RAW_FORM_TEXT is `damo report access --raw_form` of a recording of the
damon:damon_aggregated tracepoint; [START, END) is the workload's buffer
(virtual or physical addresses), [HOT_START, HOT_END) the part it keeps
touching.  Over the last LAST_N snapshots (default 10) the hot part's
mean nr_accesses must be at least 1 and 3 times the rest's, and in 8 of
10 snapshots the regions DAMON found hot (nr_accesses at least half the
highest of the buffer) must cover 80% of the hot part, 80% of what they
cover of the buffer must be the hot part, and the buffer's highest count
must be in it (other memory of the process, such as its stack, may be
as hot).
For physical addresses, give HOT_START as 'pfns:FILE' (lines ending with
a page frame number), HOT_END anything, START/END the monitored range;
only the coverage and the means are checked then (other processes'
memory is hot too).
Prints what it measured; exits 1 with the reason when a check fails.
"""
import re
import sys

REGION = re.compile(r'^([0-9a-f]+)-([0-9a-f]+)\s+\(\s*[^)]*\)\s+(\d+)\s+(\d+)\s*$')


def snapshots(path):
    snaps, cur = [], None
    with open(path) as f:
        for line in f:
            if line.startswith('monitoring_start:'):
                cur = []
                snaps.append(cur)
                continue
            m = REGION.match(line)
            if m and cur is not None:
                cur.append((int(m.group(1), 16), int(m.group(2), 16), int(m.group(3))))
    return [s for s in snaps if s]


def overlap(a0, a1, b0, b1):
    return max(0, min(a1, b1) - max(a0, b0))


def main():
    path, start, end = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    last_n = int(sys.argv[6]) if len(sys.argv) > 6 else 10
    if sys.argv[4].startswith('pfns:'):
        pfns = sorted(int(l.split()[-1]) for l in open(sys.argv[4][5:]) if l.strip())
        hot = []
        for p in pfns:  # contiguous page runs
            if hot and hot[-1][1] == p * 4096:
                hot[-1][1] += 4096
            else:
                hot.append([p * 4096, p * 4096 + 4096])
    else:
        hot = [[int(sys.argv[4]), int(sys.argv[5])]]
    hot_size = sum(h1 - h0 for h0, h1 in hot)
    physical = sys.argv[4].startswith('pfns:')
    cold_size = (end - start) - hot_size

    snaps = snapshots(path)
    print(f'{len(snaps)} snapshots; hot part {hot_size >> 10} KiB in {len(hot)} run(s), '
          f'rest {cold_size >> 10} KiB')
    if len(snaps) < min(5, last_n):
        sys.exit(f'only {len(snaps)} snapshots recorded (want >= {min(5, last_n)})')
    checked = snaps[-last_n:]
    hot_means, cold_means, good = [], [], 0
    for regions in checked:
        hot_acc = cold_acc = 0
        in_buffer = [acc for r0, r1, acc in regions if overlap(r0, r1, start, end)]
        max_acc = max(in_buffer) if in_buffer and not physical else max(acc for _, _, acc in regions)
        max_in_hot = 0
        # "DAMON-hot": regions with at least half the highest count.
        threshold = max(1, max_acc / 2)
        covered = damon_hot_in_buf = 0
        for r0, r1, acc in regions:
            in_hot = sum(overlap(r0, r1, h0, h1) for h0, h1 in hot)
            in_buf = overlap(r0, r1, start, end)
            hot_acc += acc * in_hot
            cold_acc += acc * max(0, in_buf - in_hot)
            if in_hot:
                max_in_hot = max(max_in_hot, acc)
            if acc >= threshold:
                covered += in_hot
                damon_hot_in_buf += in_buf
        hot_means.append(hot_acc / hot_size)
        cold_means.append(cold_acc / cold_size if cold_size > 0 else 0)
        coverage = covered / hot_size
        precision = covered / damon_hot_in_buf if damon_hot_in_buf else 0
        ok = coverage >= 0.8 and (physical or (max_in_hot >= max_acc and precision >= 0.8))
        good += ok
        print(f'  snapshot: {len(regions)} regions, highest nr_accesses {max_acc} ({max_in_hot} in the hot part); '
              f'hot part covered by DAMON-hot regions {coverage:.0%}, DAMON-hot bytes of the buffer in the hot part '
              f'{precision:.0%}; mean nr_accesses hot {hot_means[-1]:.2f}, rest {cold_means[-1]:.2f}'
              f'{"" if ok else "  <- not as expected"}')
    hot_mean = sum(hot_means) / len(hot_means)
    cold_mean = sum(cold_means) / len(cold_means)
    print(f'last {len(checked)} snapshots: mean nr_accesses hot {hot_mean:.2f}, rest {cold_mean:.2f}; '
          f'{good} showed the hot part as what DAMON found hot')
    if hot_mean < 1:
        sys.exit(f'the hot part looked idle (mean nr_accesses {hot_mean:.2f})')
    if hot_mean < 3 * cold_mean:
        sys.exit(f'the hot part ({hot_mean:.2f}) is not clearly hotter than the rest ({cold_mean:.2f})')
    if good * 10 < len(checked) * 8:
        sys.exit(f'only {good} of {len(checked)} snapshots showed the hot part as what DAMON found hot')


main()
