#!/usr/bin/env bash
# Golden outputs of `damo args accesses_filter` (AccessesFilterTests):
# <NAME>.out is python damo 3.4.3's output (stdout and stderr) for each
# NAME:ARGUMENTS line of cases.txt.
#
#   make.sh expect    boots ../shared/testkernel's Linux 6.12 and runs
#                     python damo in the guest (python damo is run on this
#                     project only there or with --input; this command
#                     reads nothing of DAMON, but the rule is kept)
#   make.sh guest     the part run inside the guest
set -euo pipefail
here=$(dirname "$(realpath "$0")")
shared=$here/../../../../shared

guest() {
    local damo=$1 out=$2 name args
    export HOME
    HOME=$(mktemp -d)
    cd "$(mktemp -d)"
    while IFS= read -r line; do
        case "$line" in ''|'#'*) continue;; esac
        name=${line%%:*} args=${line#*:}
        # shellcheck disable=SC2086
        "$damo" args accesses_filter $args > "$out/$name.out" 2>&1 < /dev/null || echo "exit $?" >> "$out/$name.out"
    done < "$here/cases.txt"
}

expect() {
    local damo out
    damo=${DAMO_REFERENCE:-$("$here/../../../scripts/reference-damo.sh")}
    out=$(mktemp -d)
    "$shared/testkernel/run-vm.sh" --timeout 600 --kernel "$shared/testkernel/bzImage-6.12" --out "$out" \
        -- bash "$here/make.sh" guest "$damo" > "$out/console.log" 2>&1 \
        || { tail -20 "$out/console.log"; exit 1; }
    cp "$out"/*.out "$here/"
    rm -rf "$out"
}

case "${1:-}" in
    expect) expect;;
    guest) guest "$2" "${3:-$VM_OUT}";;
    *) sed -n '2,/^set /p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2;;
esac
