#!/usr/bin/env bash
# Fixtures of `damo report heatmap --interactive_edit` (HeatmapEditTests):
# for each line of cases.txt ("NAME|ARGUMENTS", run in
# Tests/Fixtures/compat/inputs), NAME.in holds the user's answers and
# NAME.out python damo 3.4.3's output (prompts and every redrawn map)
# with those answers on its standard input.  Only --input reports run.
set -euo pipefail
here=$(dirname "$(realpath "$0")")
damo=$("$here/../../../scripts/reference-damo.sh")
cd "$here/../compat/inputs"
while IFS='|' read -r name args; do
    [ -n "$name" ] || continue
    # shellcheck disable=SC2086
    "$damo" $args < "$here/$name.in" > "$here/$name.out"
done < "$here/cases.txt"
