#!/bin/sh
# Remakes NAME.out: damo 3.4.3's `report access` of the example record with
# the options of cases.txt (--input only: nothing touches DAMON).  NAME.json,
# the same format as one object, is written by hand: damo 3.4.3 reads such
# an object but then fails on it, and its `args accesses_format` fails always.
set -eu
cd "$(dirname "$0")"
damo=$(../../../scripts/reference-damo.sh)
input=../damon_stat/record-hot.data
grep -v '^#' cases.txt | while IFS= read -r line; do
    name=${line%%:*}
    eval "set -- ${line#*:}"
    "$damo" report access --input "$input" "$@" > "$name.out" 2>&1 || echo "exit $?" >> "$name.out"
done
