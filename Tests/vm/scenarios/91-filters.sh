# DAMOS filters on real memory (6.3+): each filter changes what its
# scheme is applied to, in the direction expected, checked on the kernel's
# statistics and tried regions; filters given in both damo syntaxes (new:
# `reject [none] TYPE ...`, old: `TYPE matching|nomatching ...`).

# The schemes' statistics: "NAME FIELD" of scheme $1 (after a `report
# damon --damos_stats --format json --raw` in $OUT).
stat_of() { jq_out ".[$1][1].$2"; }

# The tried regions of kdamond 0's scheme $1 as the kernel lists them
# ("start end" lines; after an update such as `damo report damon`'s).
tried_of() {
    /usr/bin/python3 - "$ADMIN/0/contexts/0/schemes/$1/tried_regions" <<'EOF'
import os, sys
d = sys.argv[1]
for r in sorted((n for n in os.listdir(d) if n.isdigit()), key=int):
    print(open(f'{d}/{r}/start').read().strip(), open(f'{d}/{r}/end').read().strip())
EOF
}

# |$1 + $2 - $3| within $4 percent of $3.
expect_partition() {
    local sum=$(( $1 + $2 )) whole=$3
    local diff=$(( sum > whole ? sum - whole : whole - sum ))
    [ "$whole" -gt 0 ] || fail "$5: nothing applied at all"
    [ $(( diff * 100 )) -le $(( whole * $4 )) ] || fail "$5: $1 + $2 = $sum, not within $4% of $whole"
    log "ok: $5: $1 + $2 = $sum ~ $whole"
}

# Filters the operations set handles (paddr, page by page), on the
# workload's anonymous and file-backed pages in a cgroup: lru_deprio
# schemes without a filter and with each filter, side by side, so that
# each region is tried by all of them in the same pass; sz_applied counts
# the pages a scheme's filters let through.
# (The workload's memory comes from node 1, which little else uses, so
# that its pages lie close together and the schemes' page walks stay
# short.)
needs filters_anon_memcg_young_paddr sysfs filters filter_anon filter_memcg filter_young memcg numa2
scenario_filters_anon_memcg_young_paddr() {
    WL_OPTS="-f 32 -n 1" WL_CGROUP=damo-test start_workload w 64 8 16
    local lo hi
    lo=$(( $(info w pfn_min) * 4096 )); hi=$(( ($(info w pfn_max) + 1) * 4096 ))
    log "the workload's pages lie in [$lo, $hi) ($(( (hi - lo) >> 20 )) MiB)"
    # (an application every 3 s: each walks every page of the range, six
    # times, which takes a while under emulation when the range is large)
    local each=(--damos_action lru_deprio --damos_apply_interval 3s)
    damo_ok start paddr --regions "$lo-$hi" --monitoring_intervals 5ms 100ms 1s \
        "${each[@]}" \
        "${each[@]}" --damos_filter reject anon \
        "${each[@]}" --damos_filter anon nomatching \
        "${each[@]}" --damos_filter reject none memcg /damo-test \
        "${each[@]}" --damos_filter memcg matching /damo-test \
        "${each[@]}" --damos_filter reject young \
        --damos_nr_filters 0 1 1 1 1 1
    local s=0/contexts/0/schemes
    expect_kd $s/nr_schemes 6
    expect_kd $s/0/filters/nr_filters 0
    expect_kd $s/1/filters/0/type anon
    expect_kd $s/1/filters/0/matching Y
    expect_kd $s/2/filters/0/type anon
    expect_kd $s/2/filters/0/matching N
    expect_kd $s/3/filters/0/type memcg
    expect_kd $s/3/filters/0/memcg_path /damo-test
    expect_kd $s/3/filters/0/matching N
    expect_kd $s/4/filters/0/memcg_path /damo-test
    expect_kd $s/4/filters/0/matching Y
    expect_kd $s/5/filters/0/type young
    expect_kd $s/5/filters/0/matching Y
    expect_kd $s/0/apply_interval_us 3000000
    sleep 8
    damo_ok report damon --damos_stats --format json --raw
    local a=()
    local i
    for i in 0 1 2 3 4 5; do a+=("$(stat_of $i sz_applied)"); done
    log "sz_applied: none ${a[0]}, not anon ${a[1]}, anon only ${a[2]}, cgroup only ${a[3]}, not the cgroup ${a[4]}, not young ${a[5]}"
    expect_gt "${a[0]}" $(( 64 << 20 )) "bytes applied without a filter"
    expect_gt "${a[1]}" 0 "bytes applied with anonymous pages filtered out"
    expect_gt "${a[2]}" $(( 32 << 20 )) "bytes applied to anonymous pages only (the 64 MiB buffer among them)"
    expect_gt "${a[0]}" "${a[1]}" "anonymous pages filtered out: less applied"
    expect_gt "${a[0]}" "${a[2]}" "other pages filtered out: less applied"
    expect_partition "${a[1]}" "${a[2]}" "${a[0]}" 10 "anonymous and other pages"
    expect_gt "${a[3]}" $(( 32 << 20 )) "bytes applied to the cgroup's pages only (96 MiB)"
    expect_partition "${a[3]}" "${a[4]}" "${a[0]}" 10 "the cgroup's and other pages"
    expect_gt "${a[0]}" "${a[5]}" "young pages filtered out: less applied"
    # Filters of the operations set do not change where the schemes are
    # tried (6.12 has no sz_filter_passed): the same regions for each, in
    # the update `report damon` asked for.
    damo_ok report damon
    local tried0 t
    tried0=$(tried_of 0)
    [ -n "$tried0" ] || fail "no tried regions for scheme 0"
    for i in 1 2 3 4 5; do
        t=$(tried_of $i)
        [ "$t" = "$tried0" ] || fail "tried regions of scheme $i differ from scheme 0's"
    done
    log "ok: the same $(wc -l <<<"$tried0") tried regions for every scheme"
    damo_ok stop
}

# Filters DAMON's core handles (addr, target), on two workloads in one
# vaddr kdamond: filtered-out regions are not tried at all, so stat
# schemes split the regions between them exactly.  (The addr schemes come
# first: an addr filter splits a region at the range's ends, and schemes
# after it see the split regions.)
needs filters_addr_target_vaddr sysfs filters filter_addr filter_target tried_regions
scenario_filters_addr_target_vaddr() {
    start_workload w1 64 8 16
    start_workload w2 32 4 8
    local hs he
    hs=$(info w1 hot_start); he=$(info w1 hot_end)
    local each=(--damos_action stat)
    damo_ok start --target_pid "$(info w1 pid)" --target_pid "$(info w2 pid)" --monitoring_intervals 5ms 100ms 1s \
        "${each[@]}" --damos_filter reject addr "$hs" "$he" \
        "${each[@]}" --damos_filter addr nomatching "$hs" "$he" \
        "${each[@]}" \
        "${each[@]}" --damos_filter reject target 0 \
        "${each[@]}" --damos_filter target nomatching 0 \
        --damos_nr_filters 1 1 0 1 1
    local s=0/contexts/0/schemes
    expect_kd 0/contexts/0/targets/nr_targets 2
    expect_kd $s/nr_schemes 5
    expect_kd $s/0/filters/0/type addr
    expect_kd $s/0/filters/0/addr_start "$hs"
    expect_kd $s/0/filters/0/addr_end "$he"
    expect_kd $s/0/filters/0/matching Y
    expect_kd $s/1/filters/0/matching N
    expect_kd $s/2/filters/nr_filters 0
    expect_kd $s/3/filters/0/type target
    expect_kd $s/3/filters/0/damon_target_idx 0
    expect_kd $s/3/filters/0/matching Y
    expect_kd $s/4/filters/0/matching N
    sleep 4
    damo_ok report damon --damos_stats --format json --raw
    local t=()
    local i
    for i in 0 1 2 3 4; do t+=("$(stat_of $i sz_tried)"); done
    log "sz_tried: not the hot part ${t[0]}, the hot part only ${t[1]}, all ${t[2]}, not target 0 ${t[3]}, target 0 only ${t[4]}"
    expect_partition "${t[0]}" "${t[1]}" "${t[2]}" 0 "bytes tried outside and inside the hot part"
    expect_partition "${t[3]}" "${t[4]}" "${t[2]}" 0 "bytes tried of the rest and of target 0"
    expect_gt "${t[1]}" 0 "bytes tried in the hot part"
    expect_eq $(( t[1] % (8 << 20) )) 0 "bytes tried in the hot part, in whole hot parts"
    expect_gt "${t[3]}" 0 "bytes tried of target 1"
    expect_gt "${t[4]}" 0 "bytes tried of target 0"
    # The tried regions of one update (`report damon`'s) say the same.
    damo_ok report damon
    local total=()
    for i in 0 1 2 3 4; do total+=("$(kd 0/contexts/0/schemes/$i/tried_regions/total_bytes)"); done
    log "tried bytes of one application: ${total[*]}"
    expect_partition "${total[0]}" "${total[1]}" "${total[2]}" 0 "tried regions outside and inside the hot part"
    expect_partition "${total[3]}" "${total[4]}" "${total[2]}" 0 "tried regions of the rest and of target 0"
    expect_ge "${total[1]}" $(( he - hs )) "tried regions of the hot-part-only scheme"
    local inside
    inside=$(tried_of 0 | awk -v hs="$hs" -v he="$he" '$2 > hs && $1 < he' | wc -l)
    expect_eq "$inside" 0 "tried regions of the no-hot-part scheme inside the hot part"
    damo_ok stop
    kill_workloads
}
