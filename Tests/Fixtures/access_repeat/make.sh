#!/usr/bin/env bash
# Fixtures of `damo report access --repeat` with record files
# (AccessRepeatTests): python damo 3.4.3's output of each line of
# cases.txt ("NAME|ARGUMENTS", run in Tests/Fixtures/compat/inputs) as
# NAME.out.  Only --input reports run here: the host's DAMON is never read.
set -euo pipefail
here=$(dirname "$(realpath "$0")")
damo=$("$here/../../../scripts/reference-damo.sh")
cd "$here/../compat/inputs"
while IFS='|' read -r name args; do
    [ -n "$name" ] || continue
    # shellcheck disable=SC2086
    "$damo" $args < /dev/null > "$here/$name.out"
done < "$here/cases.txt"
