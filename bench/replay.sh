#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Replay bandwidth: our 'damo replay --test_perf' against python damo
# 3.4.3's and against a plain memcpy loop (bench/memcpy.c) on the same
# machine, over the same amount of memory.  See bench/README.md.
#
# Usage: bench/replay.sh [SIZE_MIB] [SECONDS]
#
# Environment:
#   DAMO       our binary (default .build/release/damo; built with
#              'swift build -c release' if missing, unless NO_BUILD=1)
#   DAMO_VENV  venv holding python damo 3.4.3 (default /work/venv-damo);
#              python damo is skipped when it is missing
#   THREADS    threads for the multi-threaded runs (default: online CPUs)
#   REALTIME=1 also replay examples/workload-57s-no-intervals.data with both replayers and
#              compare the time taken with the record's duration
#
# Each run prints a rate about every second; the first (warm-up) is
# dropped and the median of the others is reported.

set -euo pipefail
{

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$bench_dir/.." && pwd)
out_dir="$bench_dir/out"
size_mib=${1:-1024}
seconds=${2:-10}
threads=${THREADS:-$(getconf _NPROCESSORS_ONLN)}
damo=${DAMO:-$root/.build/release/damo}
venv=${DAMO_VENV:-/work/venv-damo}
log() { echo "[bench] $*" >&2; }

mkdir -p "$out_dir"
if [ ! -x "$damo" ]; then
	[ "${NO_BUILD:-0}" = 1 ] && { echo "no $damo (NO_BUILD=1)" >&2; exit 1; }
	log "building $damo"
	(cd "$root" && swift build -c release >&2)
fi
cc -O2 -pthread -o "$out_dir/memcpy" "$bench_dir/memcpy.c"

# The median of the rates a run printed (GiB per second), warm-up dropped.
median() {
	awk '{ for (i = 2; i <= NF; i++) if ($i ~ /^(B|KiB|MiB|GiB|TiB)$/) { v = $(i - 1); u = $i }
	       if (u == "TiB") v *= 1024; else if (u == "MiB") v /= 1024; else if (u == "KiB") v /= 1048576;
	       else if (u == "B") v /= 1073741824;
	       print v }' | tail -n +2 | sort -g |
		awk '{ a[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print a[(NR + 1) / 2];
		                         else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

run() {
	local name=$1; shift
	log "$name: $*"
	"$@" > "$out_dir/replay-$name.out"
	median < "$out_dir/replay-$name.out"
}

size_bytes=$((size_mib << 20))
memcpy1=$(run memcpy-1 "$out_dir/memcpy" "$size_bytes" "$seconds" 1)
memcpyN=$(run memcpy-$threads "$out_dir/memcpy" "$size_bytes" "$seconds" "$threads")
page1=$(run ours-page-1 "$damo" replay --test_perf --test_perf_sz_mem "$size_mib MiB" --test_perf_runtime "${seconds}s" --access page --nr_threads 1)
pageN=$(run ours-page-$threads "$damo" replay --test_perf --test_perf_sz_mem "$size_mib MiB" --test_perf_runtime "${seconds}s" --access page --nr_threads "$threads")
full1=$(run ours-full-1 "$damo" replay --test_perf --test_perf_sz_mem "$size_mib MiB" --test_perf_runtime "${seconds}s" --access full --nr_threads 1)
fullN=$(run ours-full-$threads "$damo" replay --test_perf --test_perf_sz_mem "$size_mib MiB" --test_perf_runtime "${seconds}s" --access full --nr_threads "$threads")
python=nan
if [ -x "$venv/bin/damo" ]; then
	python=$(run python-damo "$venv/bin/damo" replay --test_perf --test_perf_sz_mem "$size_mib MiB" --test_perf_runtime "${seconds}s")
else
	log "no python damo in $venv; skipped"
fi

pct() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f%%", 100 * a / b; else print "-" }'; }
echo
echo "replay bandwidth, $size_mib MiB, ${seconds} s runs, $(uname -r), $(getconf _NPROCESSORS_ONLN) CPUs, $(date +%F)"
echo
echo "| run | access | threads | GiB/s | of memcpy (1 thread) | of memcpy ($threads threads) |"
echo "|---|---|---|---|---|---|"
printf '| memcpy loop | copy every byte | 1 | %.2f | 100%% | %s |\n' "$memcpy1" "$(pct "$memcpy1" "$memcpyN")"
printf '| memcpy loop | copy every byte | %s | %.2f | %s | 100%% |\n' "$threads" "$memcpyN" "$(pct "$memcpyN" "$memcpy1")"
printf '| ours, --access full | write every byte | 1 | %.2f | %s | %s |\n' "$full1" "$(pct "$full1" "$memcpy1")" "$(pct "$full1" "$memcpyN")"
printf '| ours, --access full | write every byte | %s | %.2f | %s | %s |\n' "$threads" "$fullN" "$(pct "$fullN" "$memcpy1")" "$(pct "$fullN" "$memcpyN")"
printf '| ours, --access page | one byte per 4 KiB page | 1 | %.2f | %s | %s |\n' "$page1" "$(pct "$page1" "$memcpy1")" "$(pct "$page1" "$memcpyN")"
printf '| ours, --access page | one byte per 4 KiB page | %s | %.2f | %s | %s |\n' "$threads" "$pageN" "$(pct "$pageN" "$memcpy1")" "$(pct "$pageN" "$memcpyN")"
printf '| python damo 3.4.3 | one byte per 4 KiB page | 1 | %.2f | %s | %s |\n' "$python" "$(pct "$python" "$memcpy1")" "$(pct "$python" "$memcpyN")"
echo
echo "ours (page) / python damo: $(awk -v a="$pageN" -v b="$python" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "-" }')"
goal=$(awk -v a="$fullN" -v b="$memcpy1" 'BEGIN { print (a >= b / 2) ? "met" : "NOT met" }')
echo "goal, ours writing every byte >= 50% of the memcpy loop: $goal ($(pct "$fullN" "$memcpy1"))"

if [ "${REALTIME:-0}" = 1 ]; then
	# examples/workload-57s-no-intervals.data with its intervals (it has none, which python
	# damo's replay cannot take): sampling 5 ms, aggregation 100 ms.
	record="$out_dir/replay-realtime.data"
	python3 - "$root/examples/workload-57s-no-intervals.data" "$record" <<'EOF2'
import json, sys, zlib
records = json.loads(zlib.decompress(open(sys.argv[1], 'rb').read()))
for r in records:
    r['intervals'] = {'sample_us': '5000', 'aggr_us': '100000', 'ops_update_us': '1000000',
                      'intervals_goal': {'access_bp': '0', 'aggrs': '0', 'min_sample_us': '0', 'max_sample_us': '0'}}
open(sys.argv[2], 'wb').write(zlib.compress(json.dumps(records).encode()))
EOF2
	limit=${REALTIME_LIMIT:-300}
	duration=$("$damo" report record_info --input "$record" --raw_numbers | awk '/^time:/ { gsub(/[\[),]/, " "); print ($3 - $2) / 1e9; exit }')
	echo
	echo "real-time replay of examples/workload-57s-no-intervals.data ($duration s recorded; stopped after $limit s):"
	for who in ours python; do
		cmd=("$damo" replay "$record" --progress_notice_interval 1)
		if [ "$who" = python ]; then
			[ -x "$venv/bin/damo" ] || continue
			cmd=("$venv/bin/damo" replay "$record" --progress_notice_interval 1)
		fi
		start=$(date +%s.%N)
		timeout "$limit" "${cmd[@]}" > "$out_dir/replay-realtime-$who.out" || true
		end=$(date +%s.%N)
		last=$(grep -E 'replayed' "$out_dir/replay-realtime-$who.out" | tail -1)
		awk -v w="$who" -v s="$start" -v e="$end" -v d="$duration" -v l="$last" \
			'BEGIN { printf "  %s: %.1f s (%.0f%% of the recorded time); last notice: %s\n", w, e - s, 100 * (e - s) / d, l }'
	done
fi
}
