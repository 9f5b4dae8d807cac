#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Benchmark of `damo metrics serve`: scrape latency (wrk on loopback) and
# the exporter's resident memory, for 1 and 16 kdamonds of 8 schemes each.
# Goals: p99 scrape latency under 10 ms without --snapshot, RSS under
# 20 MiB.  See bench/README.md.
#
# Usage: bench/exporter.sh
#
# Environment:
#   DAMO        our binary (default .build/release/damo; built with
#               'swift build -c release' if missing)
#   DURATION    seconds of each wrk run (default 10)
#   NO_BUILD=1  never run 'swift build'
#   NICE        niceness of the exporter and wrk (default 0; a negative
#               one measures them ahead of other work on a busy machine)
#
# The kernel is a tree of plain files in the newest sysfs layout
# (bench/exporter_tree.py) whose kdamonds refresh their status files
# themselves (refresh_ms), so the exporter reads every file of every
# scrape as it does on a real kernel, and writes none.  Each scrape
# collects anew (--min_refresh_interval 0), the exporter's worst case; a
# second run shows the default (a collection reused for 5 s).

set -euo pipefail
{
bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$bench_dir/.." && pwd)
out_dir="$bench_dir/out"
damo=${DAMO:-$root/.build/release/damo}
duration=${DURATION:-10}
niceness=${NICE:-0}
mkdir -p "$out_dir"

"$root/scripts/install-prometheus.sh" --bench > /dev/null
if [ ! -x "$damo" ] && [ "${NO_BUILD:-0}" != 1 ]; then
    (cd "$root" && swift build -c release --product damo)
fi
[ -x "$damo" ] || { echo "exporter.sh: no damo binary at $damo" >&2; exit 1; }

# wrk's --latency percentile in milliseconds ("99%  1.23ms").
percentile_ms() {
    awk -v p="$2" '$1 == p {
        v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
        if (u == "us") v /= 1000; else if (u == "s") v *= 1000
        printf "%.2f", v }' "$1"
}

printf '| kdamonds x schemes | series | refresh | connections | requests/s | p50 | p99 | RSS after | peak RSS | of which heap |\n'
printf '|---|---|---|---|---|---|---|---|---|---|\n'
for kdamonds in 1 16; do
    tree="$out_dir/exporter-tree-$kdamonds"
    rm -rf "$tree"
    python3 "$bench_dir/exporter_tree.py" "$tree" "$kdamonds" 8
    for refresh in 0 5; do
        for conns in 1 4; do
            port=$((19500 + RANDOM % 400))
            nice -n "$niceness" "$damo" metrics serve --interface_root "$tree" --listen "127.0.0.1:$port" \
                --min_refresh_interval "$refresh" 2> "$out_dir/exporter-serve.err" &
            pid=$!
            for _ in $(seq 100); do
                curl -s -o /dev/null "http://127.0.0.1:$port/metrics" && break
                sleep 0.05
            done
            series=$(curl -s "http://127.0.0.1:$port/metrics" | grep -c '^damon_')
            log="$out_dir/exporter-wrk-$kdamonds-$refresh-$conns.txt"
            nice -n "$niceness" wrk -t1 -c"$conns" -d"${duration}s" --latency \
                -H 'Accept: application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1' \
                "http://127.0.0.1:$port/metrics" > "$log"
            rss=$(awk '/^VmRSS/ { printf "%.1f MiB", $2 / 1024 }' "/proc/$pid/status")
            hwm=$(awk '/^VmHWM/ { printf "%.1f MiB", $2 / 1024 }' "/proc/$pid/status")
            heap=$(awk '/^Anonymous/ { printf "%.1f MiB", $2 / 1024 }' "/proc/$pid/smaps_rollup")
            rps=$(awk '/^Requests\/sec/ { printf "%d", $2 }' "$log")
            kill -TERM "$pid"
            wait "$pid" || { echo "exporter.sh: damo metrics serve failed: $(cat "$out_dir/exporter-serve.err")" >&2; exit 1; }
            printf '| %d x 8 | %d | %s | %d | %s | %s ms | %s ms | %s | %s | %s |\n' "$kdamonds" "$series" \
                "$([ "$refresh" = 0 ] && echo "every scrape" || echo "every ${refresh} s")" "$conns" "$rps" \
                "$(percentile_ms "$log" 50%)" "$(percentile_ms "$log" 99%)" "$rss" "$hwm" "$heap"
        done
    done
done
}
