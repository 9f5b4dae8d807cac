#!/usr/bin/env bash
# libFuzzer targets of damo's parsers (the package in Fuzz/).
#
#   scripts/fuzz.sh TARGET SECONDS   fuzz one target for SECONDS; 0 only
#                                    replays its corpus
#   scripts/fuzz.sh --quick [SECS]   replay every target's corpus, then
#                                    fuzz each for SECS (default 10)
#   scripts/fuzz.sh --list           the targets
#
# A finding (crash, leak, an input taking over 1 s or 1 GiB) fails the
# run; libFuzzer prints it and saves the input under
# .build-fuzz/artifacts/TARGET/.  Seeds are committed in Fuzz/corpus/TARGET;
# inputs found while fuzzing go to .build-fuzz/corpus/TARGET (not
# committed; copy small, interesting ones to the seeds).
#
# Environment: FUZZ_CONFIG=release|debug (the build; --quick defaults to
# debug, which builds in half the time, fuzzing to release), FUZZ_JOBS
# (parallel fuzzing processes, 1), FUZZ_SCRATCH (build and corpus
# directory, .build-fuzz), FUZZ_TIMEOUT (seconds one input may take, 1;
# a long run on a loaded machine raises it, since a busy CPU makes
# ordinary inputs look slow, and replays its corpus at 1 s afterwards).
set -euo pipefail
cd "$(dirname "$0")/.."

# Adding a target: its directory under Fuzz/Sources, its line in
# Fuzz/Package.swift, its seeds in Fuzz/corpus, and one line here:
# name and the longest input libFuzzer makes for it.
TARGETS="
FuzzRecordFile 65536
FuzzTraceText 16384
FuzzParams 16384
FuzzSchemeLine 4096
FuzzUnits 256
FuzzKernelFiles 16384
FuzzAcceptHeader 4096
"

config=${FUZZ_CONFIG:-$([ "${1:-}" = --quick ] && echo debug || echo release)}
jobs=${FUZZ_JOBS:-1}
scratch=${FUZZ_SCRATCH:-.build-fuzz}

usage() { sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

names() { awk 'NF { print $1 }' <<<"$TARGETS"; }
max_len() { awk -v t="$1" '$1 == t { print $2 }' <<<"$TARGETS"; }

build() {
    echo "fuzz.sh: building the fuzz targets ($config, ASan + libFuzzer)" >&2
    mkdir -p "$scratch"
    # lld: gold fails on the sanitizer runtimes' symbols.
    if ! swift build --package-path Fuzz --scratch-path "$scratch" -c "$config" \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld \
        -Xcc -fsanitize=fuzzer-no-link,address >"$scratch/build.log" 2>&1; then
        grep -E 'error' "$scratch/build.log" | head -20 >&2
        echo "fuzz.sh: the build failed (log: $scratch/build.log)" >&2
        exit 1
    fi
}

# run TARGET SECONDS: replays the seeds and the found inputs, then (for
# SECONDS > 0) fuzzes; libFuzzer's exit status is the result.
run() {
    local t=$1 secs=$2 len
    len=$(max_len "$t")
    [ -n "$len" ] || { echo "fuzz.sh: no target '$t' (scripts/fuzz.sh --list)" >&2; exit 2; }
    mkdir -p "$scratch/corpus/$t" "$scratch/artifacts/$t"
    local limits=(-max_len="$len" -timeout="${FUZZ_TIMEOUT:-1}" -rss_limit_mb=1024 -malloc_limit_mb=1024
                  -artifact_prefix="$scratch/artifacts/$t/" -print_final_stats=1)
    if [ "$secs" = 0 ]; then
        "$scratch/$config/$t" "${limits[@]}" -runs=0 "$scratch/corpus/$t" "Fuzz/corpus/$t"
    else
        local parallel=()
        [ "$jobs" -gt 1 ] && parallel=(-jobs="$jobs" -workers="$jobs")
        "$scratch/$config/$t" "${limits[@]}" "${parallel[@]}" -max_total_time="$secs" \
            "$scratch/corpus/$t" "Fuzz/corpus/$t"
    fi
}

case "${1:-}" in
--list)
    names
    ;;
--quick)
    secs=${2:-10}
    build
    mkdir -p "$scratch/logs"
    for t in $(names); do
        log=$scratch/logs/$t.log
        if ! run "$t" "$secs" >"$log" 2>&1; then
            tail -40 "$log" >&2
            echo "fuzz.sh: $t failed (log: $log; input: $scratch/artifacts/$t/)" >&2
            exit 1
        fi
        echo "fuzz.sh: $t: $(grep -m1 -o 'INFO: seed corpus: files: [0-9]*' "$log" | grep -o '[0-9]*$') inputs replayed," \
            "$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$') runs in ${secs}s," \
            "coverage $(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')" >&2
    done
    echo "fuzz.sh: $(names | wc -l) targets replayed and fuzzed, no finding" >&2
    ;;
""|-h|--help)
    usage
    ;;
*)
    [ $# = 2 ] && [[ "$2" =~ ^[0-9]+$ ]] || usage
    build
    run "$1" "$2"
    ;;
esac
