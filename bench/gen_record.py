#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""
Generate a deterministic, synthetic DAMON access-monitoring record in the
'json_compressed' format written by python damo 3.4.3.

The record is built from damo's own classes (_damon.DamonRegion,
_damo_records.DamonSnapshot, _damo_records.DamonRecord) and serialized the
way _damo_records.write_json_compressed() does it:

    json_str = json.dumps([r.to_kvpairs(raw=True) for r in records], indent=4)
    compressed = zlib.compress(json_str.encode())

To keep the generator's memory bounded for large snapshot counts, the
snapshots list is produced lazily and the JSON text is streamed through a
zlib compressobj with the same parameters as zlib.compress().  The result is
byte-identical to write_damon_records(..., 'json_compressed'); run with
--check to verify that on a given (small) size.

Usage:
    gen_record.py --damo-pkg DIR [--snapshots N] [--seed S] [--check] OUT

DIR is the 'damo' package directory of a damo 3.4.3 installation, e.g.
<venv>/lib/python3.11/site-packages/damo.
"""

import argparse
import itertools
import json
import os
import random
import sys
import zlib

PAGE = 4096
MiB = 1 << 20
GiB = 1 << 30

SAMPLE_US = 5000
AGGR_US = 100000
OPS_UPDATE_US = 1000000
MAX_SAMPLES = AGGR_US // SAMPLE_US      # 20
AGGR_NS = AGGR_US * 1000                 # 100 ms per snapshot

# A 'damo record'-like target: three monitoring blocks (heap, mmap area,
# stack) with the two big address-space gaps in between, as DAMON's vaddr
# operations set it up.
BLOCKS = [
        (0x55d3e8a6e000, 0x55d3e8a6e000 + 512 * MiB),       # heap
        (0x7f2b40000000, 0x7f2b40000000 + 1 * GiB),         # mmap area
        (0x7ffd1c580000, 0x7ffd1c580000 + 136 * 1024),      # stack
        ]
BLOCK_INIT_REGIONS = [30, 66, 4]

def align_down(v):
    return v - (v % PAGE)

class Simulator:
    '''
    Simple DAMON-like region evolution.  Regions are [start, end, nr, age,
    block] lists.  Each aggregation interval, nr_accesses are derived from a
    few moving/phase-changing hot address ranges plus noise, ages are updated
    like DAMON does (reset on a big nr_accesses change), adjacent similar
    regions are merged and regions are split so that the number of regions
    follows a slowly varying target between 50 and 200.
    '''

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.regions = []
        for bidx, (start, end) in enumerate(BLOCKS):
            n = BLOCK_INIT_REGIONS[bidx]
            sz = align_down((end - start) // n)
            for i in range(n):
                rstart = start + i * sz
                rend = end if i == n - 1 else rstart + sz
                self.regions.append([rstart, rend, 0, 0, bidx])
        self.target_nr = len(self.regions)
        self.phase = 0
        self.phase_len = 0
        self.new_phase()

    def new_phase(self):
        rng = self.rng
        heap_s, heap_e = BLOCKS[0]
        mmap_s, mmap_e = BLOCKS[1]
        stack_s, stack_e = BLOCKS[2]
        self.phase_len = rng.randint(1500, 4000)
        self.phase_age = 0
        self.hot = []   # [start, end, intensity, velocity(bytes/aggr)]
        # hot heap object pool
        sz = rng.randint(16, 128) * MiB
        s = align_down(rng.randint(heap_s, heap_e - sz))
        self.hot.append([s, s + sz, rng.randint(6, 14), 0])
        # sequentially scanned mmap buffer (sliding window); the mmap area
        # is the hottest one per byte, so 'report heatmap' draws it.
        sz = rng.randint(128, 512) * MiB
        s = align_down(rng.randint(mmap_s, mmap_e - sz))
        self.hot.append([s, s + sz, rng.randint(8, 16),
                         align_down(rng.randint(-2, 6) * MiB)])
        # small, very hot mmap area (e.g. a shared library's data)
        sz = rng.randint(1, 16) * MiB
        s = align_down(rng.randint(mmap_s, mmap_e - sz))
        self.hot.append([s, s + sz, rng.randint(12, 20), 0])
        # stack
        self.hot.append([stack_s, stack_e, rng.randint(0, 3), 0])

    def move_hot(self):
        mmap_s, mmap_e = BLOCKS[1]
        for h in self.hot:
            v = h[3]
            if v == 0:
                continue
            if h[1] + v > mmap_e or h[0] + v < mmap_s:
                h[3] = -v
                v = -v
            h[0] += v
            h[1] += v

    def access_of(self, start, end):
        total = 0.0
        sz = end - start
        for hs, he, intensity, _ in self.hot:
            ov = min(end, he) - max(start, hs)
            if ov > 0:
                total += intensity * ov / sz
        return total

    def step(self):
        rng = self.rng
        self.phase_age += 1
        if self.phase_age >= self.phase_len:
            self.new_phase()
        self.move_hot()

        # nr_accesses and age
        for r in self.regions:
            nr = int(self.access_of(r[0], r[1]) + rng.random() * 1.5)
            x = rng.random()
            if x < 0.03:
                nr += rng.randint(1, 6)
            elif x < 0.06:
                nr -= rng.randint(1, 3)
            nr = max(0, min(MAX_SAMPLES, nr))
            if abs(nr - r[2]) > 2:
                r[3] = 0
            else:
                r[3] += 1
            r[2] = nr

        # target number of regions: mean-reverting random walk in [50, 200]
        t = self.target_nr + rng.randint(-3, 3) + (100 - self.target_nr) // 25
        if rng.random() < 0.002:
            t = rng.randint(50, 200)
        self.target_nr = max(50, min(200, t))

        # merge adjacent similar regions (DAMON's merge threshold)
        excess = len(self.regions) - self.target_nr
        if excess > 0:
            pmerge = min(0.9, max(0.05, 2.0 * excess / len(self.regions)))
            merged = [self.regions[0]]
            for r in self.regions[1:]:
                last = merged[-1]
                if (excess > 0 and last[4] == r[4] and last[1] == r[0] and
                        abs(last[2] - r[2]) <= 2 and rng.random() < pmerge):
                    lsz = last[1] - last[0]
                    rsz = r[1] - r[0]
                    last[2] = (last[2] * lsz + r[2] * rsz) // (lsz + rsz)
                    last[3] = (last[3] * lsz + r[3] * rsz) // (lsz + rsz)
                    last[1] = r[1]
                    excess -= 1
                    continue
                merged.append(r)
            self.regions = merged

        # split regions to reach the target, plus a little churn
        nr_splits = max(0, self.target_nr - len(self.regions))
        nr_splits += rng.randint(0, 3)
        for _ in range(nr_splits):
            if len(self.regions) >= 200:
                break
            idx = rng.randrange(len(self.regions))
            r = self.regions[idx]
            npages = (r[1] - r[0]) // PAGE
            if npages < 2:
                continue
            cut = r[0] + rng.randint(1, npages - 1) * PAGE
            new = [cut, r[1], r[2], r[3], r[4]]
            r[1] = cut
            self.regions.insert(idx + 1, new)

        # keep the total within bounds even if merging was not possible
        while len(self.regions) > 200:
            for i in range(len(self.regions) - 1):
                a, b = self.regions[i], self.regions[i + 1]
                if a[4] == b[4] and a[1] == b[0]:
                    a[1] = b[1]
                    del self.regions[i + 1]
                    break

        return self.regions

def make_snapshots(_damon, _damo_records, nr_snapshots, seed, start_ns):
    sim = Simulator(seed)
    for i in range(nr_snapshots):
        regions = sim.step()
        damon_regions = [_damon.DamonRegion(
            r[0], r[1], r[2], _damon.unit_samples,
            r[3], _damon.unit_aggr_intervals) for r in regions]
        snap_start = start_ns + i * AGGR_NS
        # total_bytes=None lets DamonSnapshot compute it, like the
        # trace-parsing path of 'damo record' does.
        yield _damo_records.DamonSnapshot(
                snap_start, snap_start + AGGR_NS, damon_regions, None)

def new_record(_damon, _damo_records):
    intervals = _damon.DamonIntervals(SAMPLE_US, AGGR_US, OPS_UPDATE_US)
    return _damo_records.DamonRecord(None, None, intervals, None, 0,
                                     scheme_filters=[])

class LazyList(list):
    '''
    A list for json's pure-python encoder (used whenever indent is given)
    whose items are generated on iteration, so the whole record never needs
    to be in memory at once.
    '''
    def __init__(self, length, gen_fn):
        super().__init__()
        self.length = length
        self.gen_fn = gen_fn

    def __len__(self):
        return self.length

    def __bool__(self):
        return self.length > 0

    def __iter__(self):
        return self.gen_fn()

def write_streaming(_damon, _damo_records, path, nr_snapshots, seed,
                    start_ns):
    record = new_record(_damon, _damo_records)
    kvpairs = record.to_kvpairs(raw=True)
    kvpairs['snapshots'] = LazyList(nr_snapshots, lambda: (
        s.to_kvpairs(raw=True) for s in make_snapshots(
            _damon, _damo_records, nr_snapshots, seed, start_ns)))
    # same as json.dumps(..., indent=4) and zlib.compress(...)
    encoder = json.JSONEncoder(indent=4)
    compressor = zlib.compressobj()
    tmp_path = path + '.tmp'
    chunks = encoder.iterencode([kvpairs])
    with open(tmp_path, 'wb') as f:
        while True:
            text = ''.join(itertools.islice(chunks, 1 << 16))
            if not text:
                break
            f.write(compressor.compress(text.encode()))
        f.write(compressor.flush())
    os.chmod(tmp_path, 0o600)
    os.rename(tmp_path, path)

def write_with_damo(_damon, _damo_records, path, nr_snapshots, seed,
                    start_ns):
    record = new_record(_damon, _damo_records)
    record.snapshots = list(make_snapshots(
        _damon, _damo_records, nr_snapshots, seed, start_ns))
    err = _damo_records.write_damon_records(
            [record], path, 'json_compressed', 0o600)
    if err is not None:
        raise Exception(err)

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('out', help='output file path')
    parser.add_argument('--damo-pkg', required=True,
                        help='path to the damo package directory')
    parser.add_argument('--snapshots', type=int, default=20000,
                        help='number of snapshots (default 20000)')
    parser.add_argument('--seed', type=int, default=42)
    parser.add_argument('--start-ns', type=int, default=1234567890000,
                        help='start time of the first snapshot, in ns')
    parser.add_argument('--check', action='store_true',
                        help='also write via damo\'s write_damon_records() '
                        'and verify the outputs are byte-identical')
    args = parser.parse_args()

    sys.path.insert(0, args.damo_pkg)
    import _damon
    import _damo_records

    write_streaming(_damon, _damo_records, args.out, args.snapshots,
                    args.seed, args.start_ns)
    if args.check:
        ref = args.out + '.damo-written'
        write_with_damo(_damon, _damo_records, ref, args.snapshots,
                        args.seed, args.start_ns)
        with open(args.out, 'rb') as f1, open(ref, 'rb') as f2:
            same = f1.read() == f2.read()
        os.remove(ref)
        if not same:
            print('check FAILED: output differs from write_damon_records()',
                  file=sys.stderr)
            return 1
        print('check passed: identical to write_damon_records() output',
              file=sys.stderr)
    return 0

if __name__ == '__main__':
    sys.exit(main())
