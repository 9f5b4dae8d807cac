# damo record on the real 6.1 kernel, which has no DAMOS tried regions:
# the damon:damon_aggregated tracepoint through perf.  The recordings'
# reports (raw form, heatmap, wss) show the workload's hot part as the
# hottest; recording stops on target exit, SIGINT and SIGTERM, leaves
# DAMON as it found it, and reports a full disk with what it kept.

# The hottest address of each of the last 10 heatmap rows (of those with
# data) must lie in [$2, $3), offsets into the heatmap's address range
# (heatmap --output raw lines: "time address-offset heat", NaN where
# nothing was recorded).
expect_heatmap_hot() {
    /usr/bin/python3 - "$1" "$2" "$3" > "$WORK/heatmap-hot.txt" 2>&1 <<'EOF'
import sys
rows = {}
for line in open(sys.argv[1]):
    f = line.split()
    if len(f) != 3:
        continue
    if f[2] == 'NaN':
        continue
    rows.setdefault(float(f[0]), []).append((float(f[2]), int(float(f[1]))))
lo, hi = int(sys.argv[2]), int(sys.argv[3])
last = [rows[t] for t in sorted(rows)][-10:]
inside = sum(1 for cells in last if lo <= max(cells)[1] < hi)
print(f'{len(rows)} rows; hottest cell within the hot part in {inside} of the last {len(last)}')
sys.exit(0 if len(last) >= 5 and inside >= len(last) * 7 // 10 else 1)
EOF
    local rc=$?
    sed 's/^/    /' "$WORK/heatmap-hot.txt"
    [ "$rc" = 0 ] || fail "heatmap: $(tail -1 "$WORK/heatmap-hot.txt")"
    log "ok: heatmap's hottest cells are in the hot part"
}

# Checks of the record $1 of workload $2: raw form, heatmap and wss.
expect_record_shows_hot_part() {
    local rec=$1 w=$2
    damo_ok report access --raw_form --input "$rec"
    printf '%s\n' "$OUT" > "$WORK/raw.txt"
    expect_hot "$WORK/raw.txt" "$(info "$w" buf_start)" "$(info "$w" buf_end)" "$(info "$w" hot_start)" "$(info "$w" hot_end)"
    damo_ok report heatmap --output raw --input "$rec" --address_range "$(info "$w" buf_start)" "$(info "$w" buf_end)"
    printf '%s\n' "$OUT" > "$WORK/heatmap.txt"
    local base
    base=$(info "$w" buf_start)
    expect_heatmap_hot "$WORK/heatmap.txt" $(($(info "$w" hot_start) - base)) $(($(info "$w" hot_end) - base))
    damo_ok report wss --raw_number --input "$rec" --exclude_samples 0 --range 50 51 1
    local median
    median=$(awk '$1 == 50 { print $2 }' <<<"$OUT")
    # The hot part (8 MiB) is the working set; the rest of the 64 MiB idles.
    expect_ge "$median" $((4 << 20)) "median working set size"
    expect_le "$median" $((48 << 20)) "median working set size"
}

needs record_tracepoint_hot_part sysfs tracepoint perf !tried_regions
scenario_record_tracepoint_hot_part() {
    damo_ok record "$(workload w 64 8 16)" --monitoring_intervals 5ms 100ms 1s --timeout 8 -o "$WORK/damon.data"
    expect_match "$OUT" "Press Ctrl\+C to stop" "record said how to stop"
    kill_workloads
    # DAMON put back as found: nothing.
    expect_clean 0
    for f in damon.data damon.data.kdamonds damon.data.mem_footprint damon.data.vmas damon.data.proc_stats \
             damon.data.profile; do
        [ -f "$WORK/$f" ] || fail "$f was not written"
        expect_eq "$(stat -c %a "$WORK/$f")" 600 "permission of $f"
    done
    [ -z "$(ls -A "$WORK" | grep '^\.')" ] || fail "temporary files left: $(ls -A "$WORK")"
    expect_record_shows_hot_part "$WORK/damon.data" w
    damo_ok report record_info --input "$WORK/damon.data"
    # The files beside the record, through their reports.
    damo_ok report footprints rss --raw_number --input "$WORK/damon.data.mem_footprint"
    expect_gt "$(awk '$1 == 50 { print $2 }' <<<"$OUT")" $((8 << 20)) "median rss of the workload (64 MiB touched)"
    damo_ok report profile --inputs "$WORK/damon.data" "$WORK/damon.data.profile" --access_rate 10 100
    expect_match "$OUT" "time slices: [0-9]" "the profile is restricted to the hot times"
    # (Which processes the profile of a TCG guest shows varies with how the
    # noise loops share CPU 0: only that it has samples is checked.)
    perf report -i "$WORK/damon.data.profile" --stdio 2>/dev/null > "$WORK/profile.txt"
    expect_match "$(cat "$WORK/profile.txt")" "Samples: [0-9]" "the recording's profile has samples"
    damo_ok report holistic --access_pattern "$WORK/damon.data"
    expect_match "$OUT" "# Memory Footprints Distribution" "holistic report"
    expect_match "$OUT" "       wss " "holistic wss line"
    expect_match "$OUT" "# Hotspot functions" "holistic hot functions"
}

needs record_stops_when_target_exits once sysfs
scenario_record_stops_when_target_exits() {
    local t0=$SECONDS
    damo_ok record "$(workload w 32 4 8 6)" --monitoring_intervals 5ms 100ms 1s -o "$WORK/damon.data" \
        --do_record access mem_footprint
    expect_le $((SECONDS - t0)) 40 "seconds until record ended with its target"
    expect_clean 0
    damo_ok report access --raw_form --input "$WORK/damon.data"
    expect_match "$OUT" "nr_regions:" "the record has snapshots"
    [ "$(jq length "$WORK/damon.data.mem_footprint")" -ge 3 ] || fail "fewer than 3 footprint snapshots"
}

# $1: signal name.  Record in the background, signal it while it records.
record_until_signal() {
    damo_in_background record "$(workload w 64 8 16)" --monitoring_intervals 5ms 100ms 1s -o "$WORK/damon.data"
    signal_background_damo "$1"
    kill_workloads
}

needs record_sigint sysfs
scenario_record_sigint() {
    record_until_signal INT
    expect_eq "$RC" 2 "exit status after SIGINT (damo's: the signal number)"
    expect_match "$(cat "$WORK/stdout")" "signal 2 received" "damo said why it stopped"
    expect_clean 0
    expect_record_shows_hot_part "$WORK/damon.data" w
}

needs record_sigterm sysfs
scenario_record_sigterm() {
    record_until_signal TERM
    expect_eq "$RC" 15 "exit status after SIGTERM"
    expect_clean 0
    damo_ok report access --raw_form --input "$WORK/damon.data"
    expect_match "$OUT" "nr_regions:" "the record has snapshots"
}

# Recording a DAMON someone else started: it keeps running afterwards.
needs record_ongoing sysfs
scenario_record_ongoing() {
    damo_ok start "$(workload w 64 8 16)" --monitoring_intervals 5ms 100ms 1s
    wait_workload w
    local kpid
    kpid=$(kd 0/pid)
    damo_ok record --timeout 6 -o "$WORK/damon.data" --do_record access proc_stats
    expect_kd 0/state on
    expect_kd 0/pid "$kpid"
    damo_ok report access --raw_form --input "$WORK/damon.data"
    expect_match "$OUT" "nr_regions:" "the record has snapshots"
    # The kdamond's /proc/PID/stat lines were recorded.
    expect_eq "$(jq -r '.[0].proc_stats[0].fields[1]' "$WORK/damon.data.proc_stats")" "(kdamond.0)" "kdamond stat recorded"
    damo_ok stop
    kill_workloads
}

# A full disk: what could not be written is named, the rest is kept.
needs record_full_disk once sysfs
scenario_record_full_disk() {
    mkdir -p "$WORK/small"
    mount -t tmpfs -o size=16k tmpfs "$WORK/small" || fail "cannot mount a small tmpfs"
    damo_run record "$(workload w 32 4 8)" --monitoring_intervals 5ms 20ms 1s --timeout 6 \
        -o "$WORK/small/damon.data" --output_type perf_script --do_record access mem_footprint
    kill_workloads
    expect_eq "$RC" 1 "exit status when the disk is full"
    expect_match "$ERR" "^damo: " "one error line"
    expect_match "$ERR" "No space left on device" "the error says why"
    expect_match "$ERR" "small/damon.data" "the error names the file"
    expect_match "$ERR" "kept: |nothing was kept" "the error says what was kept"
    expect_clean 0
    # No partial record: either complete or absent.
    if [ -f "$WORK/small/damon.data" ]; then
        damo_ok report access --raw_form --input "$WORK/small/damon.data"
    fi
    umount "$WORK/small"
}

# The workload's child processes become targets (damo's default
# --include_child_tasks), committed while DAMON runs; at the end DAMON is
# put back as found.
needs record_child_tasks once sysfs
scenario_record_child_tasks() {
    "$DAMO" record "bash -c 'sleep 8 & sleep 8 & wait'" -o "$WORK/damon.data" --do_record access \
        > "$WORK/stdout" 2> "$WORK/stderr" < /dev/null &
    local pid=$! i
    for i in $(seq 100); do [ "$(kd 0/contexts/0/targets/nr_targets)" = 3 ] && break; sleep 0.2; done
    expect_kd 0/contexts/0/targets/nr_targets 3
    expect_kd 0/state on
    wait "$pid"
    RC=$?
    log "damo exited $RC: $(cat "$WORK/stdout" "$WORK/stderr" | tr '\n' ' ')"
    expect_eq "$RC" 0 "record's exit status once the command ended"
    expect_clean 0
    damo_ok report access --raw_form --input "$WORK/damon.data"
    expect_match "$OUT" "nr_regions:" "the record has snapshots"
}
