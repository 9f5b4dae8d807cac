#!/usr/bin/env bash
# Expected outputs of `report attrs` from python damo 3.4.3: for each line
# of cases.txt ("NAME|ARGUMENTS", run in inputs/), its standard output as
# NAME.out.  Only --input reports run here: the host's DAMON is never
# read.  The inputs are hand-made records (zlib-compressed JSON in damo's
# format, as damo reads JSON only so) with the FILE.kdamonds parameters
# `damo args damon --probe ...` prints.
#
#   make.sh
set -euo pipefail
here=$(dirname "$(realpath "$0")")
damo=$("$here/../../../scripts/reference-damo.sh")
cd "$here/inputs"
while IFS='|' read -r name args; do
    case "$name" in ''|'#'*) continue ;; esac
    eval "set -- $args"
    "$damo" "$@" < /dev/null > "$here/$name.out"
done < "$here/cases.txt"
