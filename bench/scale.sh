#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Scale benchmark (issue 18): reports of records of 20,000, 200,000 and
# 2,000,000 snapshots of 1,000 regions, timed with their peak memory, next
# to the time of only inflating each file (the floor of any reader) and to
# python damo 3.4.3 on the smallest.  See bench/README.md.
#
# Usage: bench/scale.sh [NR_SNAPSHOTS...]     (default: 20000 200000 2000000)
#
# Environment:
#   DATA_DIR     where the generated records go (default /work/bench-data;
#                never inside the repository: 20,000 snapshots are 0.4 GiB
#                compressed, 8.6 GiB of JSON)
#   REGIONS      regions per snapshot (default 1000)
#   DAMO         our binary (default .build/release/damo)
#   REF_DAMO     python damo 3.4.3 (default: scripts/reference-damo.sh's);
#                REF_DAMO=none skips it
#   REF_TIMEOUT  seconds python damo gets per report (default 600)
#   REF_MEM_GIB  address space python damo gets (default 8; the machine is
#                shared, and damo reads a whole record into memory)
#   REPORTS      reports to run (default: wss heatmap nr_regions raw_form access)

set -euo pipefail
{
bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$bench_dir/.." && pwd)
data_dir=${DATA_DIR:-/work/bench-data}
regions=${REGIONS:-1000}
damo=${DAMO:-$root/.build/release/damo}
ref_timeout=${REF_TIMEOUT:-600}
ref_mem_gib=${REF_MEM_GIB:-8}
reports=${REPORTS:-wss heatmap nr_regions raw_form access}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(20000 200000 2000000)
ref=${REF_DAMO:-$("$root/scripts/reference-damo.sh" --no-install || true)}

log() { echo "[scale] $*" >&2; }
[ -x "$damo" ] || { log "no $damo (swift build -c release)"; exit 1; }
mkdir -p "$data_dir" "$bench_dir/out"
df -h "$data_dir" >&2
gen=$bench_dir/out/gen_scale
cc -O2 -o "$gen" "$bench_dir/gen_scale.c" -lz

args_of() {
	case $1 in
	raw_form) echo "report access --raw_form" ;;
	access) echo "report access" ;;
	*) echo "report $1" ;;
	esac
}

# "wall_seconds peak_KiB exit cpu_seconds" of a command, its output discarded, its
# standard error kept in $bench_dir/out/scale.stderr.
measure() {
	local t
	t=$(mktemp)
	/usr/bin/time -f "%e %M %x %U %S" -o "$t" "$@" >"$bench_dir/out/scale.stdout" 2>"$bench_dir/out/scale.stderr" || true
	tail -n 1 "$t" | awk '{ printf "%s %s %s %.2f\n", $1, $2, $3, $4 + $5 }'
	rm -f "$t"
}

# On a shared machine wall time says more about the load than about us:
# CPU time (user + system) is printed too, and the ratio uses it.
echo "| snapshots | report | wall (s) | CPU (s) | peak RSS (MiB) | CPU / inflate CPU | python damo 3.4.3 |"
echo "|---:|---|---:|---:|---:|---:|---|"
for n in "${sizes[@]}"; do
	file=$data_dir/rec-$n.data
	if [ ! -s "$file" ]; then
		log "generating $file ($n snapshots of $regions regions)"
		nice "$gen" "$n" "$regions" "$file.tmp" && mv "$file.tmp" "$file"
	fi
	log "load before $n: $(cut -d' ' -f1-3 /proc/loadavg)"
	read -r fwall _ _ floor < <(measure "$gen" --inflate "$file")
	echo "| $n | (zlib inflate only) | $fwall | $floor | | 1.00 | |"
	for r in $reports; do
		read -r wall kib code secs < <(measure "$damo" $(args_of "$r") --input "$file")
		[ "$code" = 0 ] || log "$r on $n exited $code"
		refcol=""
		if [ "$n" = "${sizes[0]}" ] && [ -n "$ref" ] && [ "$ref" != none ]; then
			read -r rs rk rc _ < <(measure timeout "$ref_timeout" bash -c \
				"ulimit -v $((ref_mem_gib << 20)); exec \"\$0\" \"\$@\"" "$ref" $(args_of "$r") --input "$file")
			case $rc in
			0) refcol="$rs s, $((rk >> 10)) MiB ($(awk "BEGIN{printf \"%.1f\", $rs/$wall}")x our wall time)" ;;
			124) refcol="timed out after ${ref_timeout} s" ;;
			*)
				# (damo wraps a failed allocation into its parse error)
				if cat "$bench_dir/out/scale.stdout" "$bench_dir/out/scale.stderr" | grep -Eq 'MemoryError|Unable to allocate'; then
					refcol="out of memory after $rs s (${ref_mem_gib} GiB limit)"
				else
					refcol="failed after $rs s (exit $rc: $(cat "$bench_dir/out/scale.stdout" "$bench_dir/out/scale.stderr" | tail -n 1 | cut -c1-60))"
				fi ;;
			esac
		fi
		echo "| $n | $r | $wall | $secs | $((kib >> 10)) | $(awk "BEGIN{printf \"%.2f\", $secs/$floor}") | $refcol |"
	done
	log "load after $n: $(cut -d' ' -f1-3 /proc/loadavg)"
done
exit 0
}
