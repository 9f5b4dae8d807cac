#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""
Run 'report' commands of python damo and of ours on a record file, measure
wall time and peak RSS of each run, compare the outputs, measure the time of
zlib-inflating the record alone, and print the comparison table.

Wall time is measured around spawning..reaping the measured process.  Peak
RSS is GNU time's %M (ru_maxrss from wait4() of the command, covering its
reaped descendants too, e.g. the 'file' and 'less' commands python damo
spawns).  The command is run through /usr/bin/time rather than directly
because ru_maxrss of a process spawned by this script would include this
script's own peak RSS: Linux carries the old mm's high-water RSS across
fork/vfork+exec.  Without GNU time, it falls back to wait4() directly and
keeps this process small (the inflate measurement runs in a child process).

Normally invoked by bench/run.sh; see bench/README.md.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import zlib

COMMANDS = [
        ('report wss', ['report', 'wss']),
        ('report heatmap', ['report', 'heatmap']),
        ('report access --raw_form', ['report', 'access', '--raw_form']),
        ]

GOAL_SPEEDUP = 15.0
GOAL_INFLATE_RATIO = 2.5
GOAL_RSS_RATIO = 0.1

TIME_BIN = '/usr/bin/time'

def gnu_time_usable(tmp_dir):
    rss_path = os.path.join(tmp_dir, 'time-check')
    try:
        subprocess.run([TIME_BIN, '-f', '%M', '-o', rss_path, 'true'],
                       check=True, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(rss_path) as f:
            int(f.read().split()[-1])
        return True
    except Exception:
        return False
    finally:
        if os.path.exists(rss_path):
            os.remove(rss_path)

use_gnu_time = False

def run_once(cmd, out_path):
    '''Returns (exit code, wall seconds, peak RSS KiB).'''
    rss_path = out_path + '.maxrss'
    if use_gnu_time:
        cmd = [TIME_BIN, '-f', '%M', '-o', rss_path] + cmd
    with open(out_path, 'wb') as out, open(out_path + '.stderr', 'wb') as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=err)
        _, status, rusage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
    if os.WIFEXITED(status):
        rc = os.WEXITSTATUS(status)
    else:
        rc = 128 + os.WTERMSIG(status)
    proc.returncode = rc
    maxrss = rusage.ru_maxrss
    if use_gnu_time:
        # the last line is %M; GNU time may put a status line before it
        with open(rss_path) as f:
            maxrss = int(f.read().split()[-1])
        os.remove(rss_path)
    return rc, elapsed, maxrss

def measure(cmd, out_path, repeat, label):
    '''Best (minimum) time and peak RSS over 'repeat' runs, or None if a run
    failed.'''
    best_time = None
    best_rss = None
    for i in range(repeat):
        rc, elapsed, rss = run_once(cmd, out_path)
        print('  %-6s %-26s run %d/%d: %8.3f s  %10s  rc=%d' % (
            label, ' '.join(cmd[1:-2]), i + 1, repeat, elapsed,
            fmt_kib(rss), rc), file=sys.stderr, flush=True)
        if rc != 0:
            with open(out_path + '.stderr', 'rb') as f:
                msg = f.read().decode(errors='replace').strip()
            print('    failed: %s' % (msg[-500:] or '(no stderr output)'),
                  file=sys.stderr)
            return None
        best_time = elapsed if best_time is None else min(best_time, elapsed)
        best_rss = rss if best_rss is None else min(best_rss, rss)
    return best_time, best_rss

def inflate_time(path, repeat):
    '''Best time of zlib-inflating the record file, excluding interpreter
    startup and file reading.  Two variants: streaming (fixed-size output
    chunks are produced and dropped, like a streaming consumer would) and
    one-shot zlib.decompress() into a single buffer.'''
    with open(path, 'rb') as f:
        data = f.read()
    stream_best = None
    oneshot_best = None
    out_len = 0
    chunk = 1 << 16
    for _ in range(repeat):
        start = time.perf_counter()
        d = zlib.decompressobj()
        total = 0
        for off in range(0, len(data), chunk):
            total += len(d.decompress(data[off:off + chunk]))
        total += len(d.flush())
        elapsed = time.perf_counter() - start
        out_len = total
        stream_best = elapsed if stream_best is None else min(
                stream_best, elapsed)

        start = time.perf_counter()
        out = zlib.decompress(data)
        elapsed = time.perf_counter() - start
        del out
        oneshot_best = elapsed if oneshot_best is None else min(
                oneshot_best, elapsed)
    return stream_best, oneshot_best, len(data), out_len

def fmt_kib(kib):
    if kib is None:
        return '-'
    if kib >= 1024 * 1024:
        return '%.2f GiB' % (kib / 1024 / 1024)
    if kib >= 1024:
        return '%.1f MiB' % (kib / 1024)
    return '%d KiB' % kib

def fmt_s(sec):
    return '-' if sec is None else '%.3f s' % sec

def fmt_bytes(b):
    return '%.1f MiB' % (b / 1024 / 1024)

def first_diff_line(path1, path2):
    with open(path1, 'rb') as f1, open(path2, 'rb') as f2:
        lineno = 0
        while True:
            l1 = f1.readline()
            l2 = f2.readline()
            lineno += 1
            if l1 != l2:
                return lineno
            if not l1:
                return None

def same_files(path1, path2):
    if os.path.getsize(path1) != os.path.getsize(path2):
        return False
    with open(path1, 'rb') as f1, open(path2, 'rb') as f2:
        while True:
            b1 = f1.read(1 << 20)
            b2 = f2.read(1 << 20)
            if b1 != b2:
                return False
            if not b1:
                return True

def yes_no(ok):
    if ok is None:
        return '-'
    return 'yes' if ok else 'NO'

def print_table(header, rows):
    widths = [max(len(str(r[i])) for r in [header] + rows)
              for i in range(len(header))]
    def line(r):
        return ' | '.join(str(c).ljust(w) if i == 0 else str(c).rjust(w)
                          for i, (c, w) in enumerate(zip(r, widths)))
    print(line(header))
    print('-+-'.join('-' * w for w in widths))
    for r in rows:
        print(line(r))

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--record', required=True)
    parser.add_argument('--damo', help='python damo executable')
    parser.add_argument('--ours', help='our damo executable')
    parser.add_argument('--out-dir', required=True)
    parser.add_argument('--repeat', type=int, default=1)
    parser.add_argument('--inflate-only', action='store_true',
                        help='only measure inflating the record, print '
                        'the result as json')
    args = parser.parse_args()

    if args.inflate_only:
        print(json.dumps(inflate_time(args.record, args.repeat)))
        return 0

    record = os.path.abspath(args.record)
    os.makedirs(args.out_dir, exist_ok=True)

    global use_gnu_time
    use_gnu_time = gnu_time_usable(args.out_dir)
    if not use_gnu_time:
        print('warning: GNU time (%s) not usable; peak RSS from wait4() may '
              'include up to ~%s of this script\'s own RSS' % (
                  TIME_BIN, fmt_kib(resource.getrusage(
                      resource.RUSAGE_SELF).ru_maxrss)),
              file=sys.stderr)

    # In a child process, to keep this process small (see above).
    print('measuring zlib inflate alone...', file=sys.stderr, flush=True)
    inflate, inflate_oneshot, comp_len, raw_len = json.loads(
            subprocess.check_output([
                sys.executable, os.path.abspath(__file__), '--inflate-only',
                '--record', record, '--out-dir', args.out_dir,
                '--repeat', str(max(3, args.repeat))]))

    results = []
    for name, subcmd in COMMANDS:
        slug = '_'.join(subcmd[1:]).replace('-', '')
        res = {'name': name}
        for who, exe in (('damo', args.damo), ('ours', args.ours)):
            if exe is None:
                res[who] = None
                continue
            out_path = os.path.join(args.out_dir, '%s.%s.out' % (slug, who))
            res[who + '_out'] = out_path
            res[who] = measure([exe] + subcmd + ['--input', record], out_path,
                               args.repeat, who)
        res['same'] = None
        if res['damo'] is not None and res['ours'] is not None:
            res['same'] = same_files(res['damo_out'], res['ours_out'])
            if not res['same']:
                res['diff_line'] = first_diff_line(res['damo_out'],
                                                   res['ours_out'])
        results.append(res)

    print()
    print('record: %s' % record)
    print('  %s compressed, %s inflated (json_compressed)' % (
        fmt_bytes(comp_len), fmt_bytes(raw_len)))
    print('  runs per measurement: %d (best taken)' % args.repeat)
    print()

    header = ['command', 'damo time', 'ours time', 'speedup', 'damo RSS',
              'ours RSS', 'RSS ratio', 'same?']
    rows = []
    for r in results:
        d, o = r['damo'], r['ours']
        speedup = rss_ratio = '-'
        if d is not None and o is not None:
            speedup = '%.1fx' % (d[0] / o[0])
            rss_ratio = '1/%.1f' % (d[1] / o[1])
        if r['same'] is None:
            same = '-'
        elif r['same']:
            same = 'same'
        else:
            same = 'DIFFERENT (line %s)' % r.get('diff_line')
        rows.append([r['name'],
                     fmt_s(d[0]) if d else ('FAILED' if 'damo_out' in r
                                            else '-'),
                     fmt_s(o[0]) if o else ('FAILED' if 'ours_out' in r
                                            else '-'),
                     speedup,
                     fmt_kib(d[1]) if d else '-',
                     fmt_kib(o[1]) if o else '-',
                     rss_ratio, same])
    print_table(header, rows)

    print()
    print('zlib inflate alone: %.3f s (streaming, 64 KiB input chunks); '
          'one-shot zlib.decompress(): %.3f s' % (inflate, inflate_oneshot))
    print()

    header = ['command', 'ours time', 'ours/inflate',
              '>=%gx faster' % GOAL_SPEEDUP,
              '<=%gx inflate' % GOAL_INFLATE_RATIO,
              '<=1/%g RSS' % (1 / GOAL_RSS_RATIO), 'same output']
    rows = []
    all_met = True
    for r in results:
        d, o = r['damo'], r['ours']
        g_speed = g_inflate = g_rss = None
        ratio = '-'
        if o is not None:
            ratio = '%.2fx' % (o[0] / inflate)
            g_inflate = o[0] <= GOAL_INFLATE_RATIO * inflate
        if d is not None and o is not None:
            g_speed = d[0] / o[0] >= GOAL_SPEEDUP
            g_rss = o[1] <= GOAL_RSS_RATIO * d[1]
        for g in (g_speed, g_inflate, g_rss, r['same']):
            if g is not True:
                all_met = False
        rows.append([r['name'], fmt_s(o[0]) if o else '-', ratio,
                     yes_no(g_speed), yes_no(g_inflate), yes_no(g_rss),
                     yes_no(r['same'])])
    print_table(header, rows)
    print()
    if args.ours is None or args.damo is None:
        print('all goals met: n/a (only %s measured)' % (
            'damo' if args.ours is None else 'ours'))
    else:
        print('all goals met: %s' % ('yes' if all_met else 'NO'))
    print('outputs: %s/*.out' % args.out_dir)
    return 0

if __name__ == '__main__':
    sys.exit(main())
