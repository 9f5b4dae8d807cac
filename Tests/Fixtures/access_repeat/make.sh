#!/usr/bin/env bash
# Expected outputs of report commands run with record files, from python
# damo 3.4.3: for each line of DIR/cases.txt ("NAME|ARGUMENTS", run in
# Tests/Fixtures/compat/inputs), its output as DIR/NAME.out, with DIR/NAME.in
# on its standard input when there is one (else /dev/null).  DIR is this
# folder (`report access --repeat`, AccessRepeatTests) unless given.  Only
# --input reports run here: the host's DAMON is never read.
#
#   make.sh [DIR]
set -euo pipefail
here=$(dirname "$(realpath "$0")")
dir=$(realpath "${1:-$here}")
damo=$("$here/../../../scripts/reference-damo.sh")
cd "$here/../compat/inputs"
while IFS='|' read -r name args; do
    [ -n "$name" ] || continue
    answers=/dev/null
    [ -e "$dir/$name.in" ] && answers="$dir/$name.in"
    # shellcheck disable=SC2086
    "$damo" $args < "$answers" > "$dir/$name.out"
done < "$dir/cases.txt"
