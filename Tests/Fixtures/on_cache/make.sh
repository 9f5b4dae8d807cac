#!/usr/bin/env bash
# Fixtures of `damo report access --on_cache` (OnCacheTests): python damo
# 3.4.3's output for each line of cases.txt on record.data (a small zlib-compressed JSON
# record, made up: damo walks every cache line of every region, so records
# of real memory take it hours) as <NAME>.out.  Only reports on a file:
# safe to run anywhere.
set -euo pipefail
here=$(dirname "$(realpath "$0")")
damo=${DAMO_REFERENCE:-$("$here/../../../scripts/reference-damo.sh")}
cd "$here"
while IFS= read -r line; do
    case "$line" in ''|'#'*) continue;; esac
    name=${line%%:*} args=${line#*:}
    # shellcheck disable=SC2086
    "$damo" report access --input record.data $args > "$name.out" 2>&1 < /dev/null
done < cases.txt
