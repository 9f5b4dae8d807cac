#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Writes a DAMON sysfs tree (newest layout) as plain files, for the
exporter benchmark: N running kdamonds of one vaddr context each, with S
schemes each (quotas, a quota goal, watermarks, statistics), and the
DAMON_RECLAIM, DAMON_LRU_SORT and DAMON_STAT module parameters.

Every kdamond has refresh_ms set, as a kernel that refreshes its status
files itself (6.17+): the exporter then writes nothing, which a tree of
plain files needs (a write to 'state' would replace its content).

Usage: exporter_tree.py ROOT NR_KDAMONDS NR_SCHEMES
"""
import os
import sys


def put(path, value):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        f.write('%s\n' % value)


def tree(root, nr_kdamonds, nr_schemes):
    admin = os.path.join(root, 'kernel/mm/damon/admin/kdamonds')
    put(os.path.join(admin, 'nr_kdamonds'), nr_kdamonds)
    for k in range(nr_kdamonds):
        kd = os.path.join(admin, str(k))
        put(kd + '/state', 'on')
        put(kd + '/pid', 4000 + k)
        put(kd + '/refresh_ms', 1000)
        put(kd + '/contexts/nr_contexts', 1)
        ctx = kd + '/contexts/0'
        put(ctx + '/avail_operations', 'vaddr\nfvaddr\npaddr')
        put(ctx + '/operations', 'vaddr')
        put(ctx + '/addr_unit', 1)
        attrs = ctx + '/monitoring_attrs'
        for name, value in [('sample_us', 5000), ('aggr_us', 100000), ('update_us', 1000000)]:
            put(attrs + '/intervals/' + name, value)
        for name in ['access_bp', 'aggrs', 'min_sample_us', 'max_sample_us']:
            put(attrs + '/intervals/intervals_goal/' + name, 0)
        put(attrs + '/nr_regions/min', 10)
        put(attrs + '/nr_regions/max', 1000)
        put(ctx + '/targets/nr_targets', 1)
        put(ctx + '/targets/0/pid_target', 10000 + k)
        put(ctx + '/targets/0/obsolete_target', 'N')
        put(ctx + '/targets/0/regions/nr_regions', 0)
        put(ctx + '/schemes/nr_schemes', nr_schemes)
        for s in range(nr_schemes):
            sd = '%s/schemes/%d' % (ctx, s)
            put(sd + '/action', ['pageout', 'cold', 'stat', 'lru_prio'][s % 4])
            put(sd + '/apply_interval_us', 0)
            put(sd + '/target_nid', -1)
            for r in ['sz', 'nr_accesses', 'age']:
                put(sd + '/access_pattern/%s/min' % r, 0)
                put(sd + '/access_pattern/%s/max' % r, 18446744073709551615)
            q = sd + '/quotas'
            for name, value in [('ms', 10), ('bytes', 134217728), ('reset_interval_ms', 1000),
                                ('effective_bytes', 67108864)]:
                put(q + '/' + name, value)
            for name in ['sz_permil', 'nr_accesses_permil', 'age_permil']:
                put(q + '/weights/' + name, 1)
            put(q + '/goals/nr_goals', 1)
            for name, value in [('target_metric', 'some_mem_psi_us'), ('target_value', 1000),
                                ('current_value', 250 + s), ('nid', 0), ('path', '')]:
                put(q + '/goals/0/' + name, value)
            for name, value in [('metric', 'free_mem_rate'), ('interval_us', 5000000), ('high', 1000),
                                ('mid', 999), ('low', 0)]:
                put(sd + '/watermarks/' + name, value)
            for d in ['filters', 'core_filters', 'ops_filters']:
                put(sd + '/%s/nr_filters' % d, 0)
            put(sd + '/dests/nr_dests', 0)
            for i, name in enumerate(['nr_tried', 'sz_tried', 'nr_applied', 'sz_applied',
                                      'sz_ops_filter_passed', 'qt_exceeds', 'nr_snapshots',
                                      'max_nr_snapshots']):
                put(sd + '/stats/' + name, (k + 1) * 1000003 * (i + 1) + s)
            put(sd + '/tried_regions/total_bytes', 0)
    modules = os.path.join(root, 'module')
    for m, stats in [('reclaim', ['nr_reclaim_tried_regions', 'bytes_reclaim_tried_regions',
                                  'nr_reclaimed_regions', 'bytes_reclaimed_regions', 'nr_quota_exceeds']),
                     ('lru_sort', ['nr_lru_sort_tried_hot_regions', 'bytes_lru_sort_tried_hot_regions',
                                   'nr_lru_sorted_hot_regions', 'bytes_lru_sorted_hot_regions',
                                   'nr_hot_quota_exceeds', 'nr_lru_sort_tried_cold_regions',
                                   'bytes_lru_sort_tried_cold_regions', 'nr_lru_sorted_cold_regions',
                                   'bytes_lru_sorted_cold_regions', 'nr_cold_quota_exceeds'])]:
        d = '%s/damon_%s/parameters' % (modules, m)
        put(d + '/enabled', 'N')
        put(d + '/kdamond_pid', -1)
        for name in stats:
            put(d + '/' + name, 0)
    d = modules + '/damon_stat/parameters'
    put(d + '/enabled', 'Y')
    put(d + '/estimated_memory_bandwidth', 123456789)
    put(d + '/aggr_interval_us', 400000)
    put(d + '/memory_idle_ms_percentiles', ','.join(str(p * 37) for p in range(101)))


if __name__ == '__main__':
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    tree(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
