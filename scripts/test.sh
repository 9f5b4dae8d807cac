#!/usr/bin/env bash
# Builds damo and runs the whole test suite: unit tests (golden tests
# against damo 3.4.3's outputs, CLI error tests, the emulator's, the
# metrics exporter's against promtool and a real Prometheus), the
# compatibility cases of ../shared/compat, the README's commands on a
# fresh clone, the fuzz targets' corpus replay, then the VM tier
# against real DAMON kernels (Tests/vm/run.sh).
#
# It prints one line per stage and a summary; what the tools print goes
# to the log it names (.build/test-logs/).  Exit status 0 when nothing
# failed.  DAMO_SKIP_VM=1 skips the VM tier where it is not required.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
mkdir -p .build/test-logs
log=$repo/.build/test-logs/test-$(date +%Y%m%d-%H%M%S).log
: > "$log"
started=$(date +%s)
tiers=()            # "name: N passed, M failed, K skipped"
total_pass=0 total_fail=0 total_skip=0

say() { echo "test.sh: $*"; echo "test.sh: $*" >> "$log"; }
# A stage's tool output goes to the log only.
quiet() { echo "\$ $*" >> "$log"; "$@" >> "$log" 2>&1; }
tier() {  # NAME PASSED FAILED SKIPPED
    tiers+=("$1: $2 passed, $3 failed, $4 skipped")
    total_pass=$((total_pass + $2)) total_fail=$((total_fail + $3)) total_skip=$((total_skip + $4))
    say "$1: $2 passed, $3 failed, $4 skipped"
}
finish() {
    echo
    printf '%s\n' "${tiers[@]}"
    echo "whole run: $(( $(date +%s) - started )) s; log: $log"
    echo "$total_pass passed, $total_fail failed, $total_skip skipped"
    [ "$total_fail" = 0 ]
    exit $?
}
say "log of every tool's output: $log"

# apt_install PACKAGE WHAT: a missing system package, with apt-get.
apt_install() {
    say "installing $1 ($2) with apt-get"
    SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
    quiet $SUDO apt-get install -y "$1" || { quiet $SUDO apt-get update && quiet $SUDO apt-get install -y "$1"; }
}
# zlib's headers are the only system dependency of the build.
if ! [ -f /usr/include/zlib.h ] && ! pkg-config --exists zlib 2>/dev/null; then
    apt_install zlib1g-dev "zlib's headers"
fi
# trace-cmd, for the tests of its files and the VM tier's trace-cmd
# scenarios (the guests run the host's programs).
command -v trace-cmd > /dev/null || apt_install trace-cmd "the tracer of damo record --damon_tracer trace-cmd"

# The python reference (damo 3.4.3) enables the round-trip tests.
venv=${DAMO_REFERENCE_VENV:-$HOME/.cache/damo-swift/venv-damo-3.4.3}
scripts/reference-damo.sh --no-install > /dev/null \
    || say "python damo 3.4.3 reference: installing it with pip into $venv (outside the repository)"
if ref=$(scripts/reference-damo.sh 2>> "$log"); then
    export DAMO_REFERENCE="$ref"
    say "python damo 3.4.3 reference: $ref"
else
    export DAMO_REFERENCE=/nonexistent/damo-3.4.3
    say "python damo 3.4.3 reference: not available (no python3 venv or no network); the round-trip tests skip"
fi
[ -d ../shared/compat ] || say "../shared is absent: the tests of its compatibility cases skip"

# One debug build serves the unit tests, the compatibility cases, the
# README check and the VM tier.  Our own targets are built with
# -warnings-as-errors (Package.swift, DAMO_WARNINGS_AS_ERRORS).
say "building damo and the tests (debug; the first build fetches and compiles the packages)"
t0=$(date +%s)
if ! DAMO_WARNINGS_AS_ERRORS=1 quiet swift build --build-tests; then
    grep -E 'error:' "$log" | sort -u | head -20
    say "build failed after $(( $(date +%s) - t0 )) s (log: $log)"
    tier build 0 1 0
    finish
fi
say "built in $(( $(date +%s) - t0 )) s"

# Unit tests (swift-testing, and XCTest for the exporter's): one line
# per failure and per skip, with its reason.
say "unit tests"
t0=$(date +%s)
results=$repo/.build/test-logs/unit-results.txt
tmp_before=$(find "${TMPDIR:-/tmp}" -maxdepth 1 -name 'damo-*' 2>/dev/null | sort)
DAMO_WARNINGS_AS_ERRORS=1 swift test --skip-build 2>&1 | tee -a "$log" \
    | grep -E "^[^ ]+ Test .* (passed|failed) after|^[^ ]+ Test .* skipped|^Test Case '.*' (passed|failed|skipped)|: Test skipped" \
    | grep -v ' Test run with ' > "$results"
tmp_after=$(find "${TMPDIR:-/tmp}" -maxdepth 1 -name 'damo-*' 2>/dev/null | sort)
passed=$(grep -cE "^[^ ]+ Test .* passed after|^Test Case '.*' passed" "$results")
failed=$(grep -cE "^[^ ]+ Test .* failed after|^Test Case '.*' failed" "$results")
skipped=$(grep -cE "^[^ ]+ Test .* skipped|^Test Case '.*' skipped" "$results")
grep -E "^[^ ]+ Test .* failed after|^Test Case '.*' failed" "$results" | sed 's/^/  FAIL /'
grep -E "^[^ ]+ Test .* skipped|: Test skipped" "$results" | sed 's/^/  SKIP /'
# A crash or a run that never finished counts as a failure.
grep -qE "^[^ ]+ Test run with .* passed after" "$log" || [ "$failed" != 0 ] || failed=1
prom=$(grep -E "^Test Case '(PrometheusScrapeTests|PromtoolTests|ContribTests)\." "$results" \
    | sed "s/^Test Case '\([^']*\)' \([a-z]*\).*/\1 \2/" | tr '\n' ';')
say "Prometheus, promtool and the contrib rules: ${prom:-no results}"
left=$(comm -13 <(echo "$tmp_before") <(echo "$tmp_after") | grep -c . || true)
[ "$left" = 0 ] || say "warning: $left new damo-* entries in ${TMPDIR:-/tmp} after the unit tests (tests must remove theirs)"
say "unit tests took $(( $(date +%s) - t0 )) s"
tier "unit tests" "$passed" "$failed" "$skipped"

# The compatibility cases of ../shared/compat (damo 3.4.3's outputs).
if [ -x ../shared/compat/run-cases.sh ]; then
    say "compat: ../shared/compat's cases against damo 3.4.3's outputs"
    compat=$(../shared/compat/run-cases.sh .build/debug/damo 2>&1)
    echo "$compat" >> "$log"
    line=$(tail -1 <<<"$compat")
    p=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' <<<"$line")
    f=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' <<<"$line")
    grep '^FAIL ' <<<"$compat" | sed 's/^/  /'
    tier "compat (../shared/compat)" "${p:-0}" "${f:-1}" 0
else
    say "compat: skipped: ../shared/compat is absent"
    tier "compat (../shared/compat)" 0 0 1
fi

# The README's commands, as written, on a fresh clone.
say "README commands on a fresh clone of HEAD"
if readme=$(DAMO_BUILT=.build/debug/damo scripts/readme-commands.sh 2>&1); then
    echo "$readme" >> "$log"
    tier "README commands" "$(grep -c '^ok ' <<<"$readme")" 0 0
else
    echo "$readme" >> "$log"
    grep '^FAIL ' <<<"$readme" | sed 's/^/  /'
    f=$(grep -c '^FAIL ' <<<"$readme")
    [ "$f" -gt 0 ] || f=1
    tier "README commands" "$(grep -c '^ok ' <<<"$readme")" "$f" 0
fi

# The fuzz targets (Fuzz/, scripts/fuzz.sh): every seed corpus replayed,
# then each target fuzzed briefly (a sanitizer build of its own).
say "fuzz targets: corpus replay and 5 s of fuzzing each (ASan + libFuzzer build)"
t0=$(date +%s)
if fuzz=$(scripts/fuzz.sh --quick 5 2>&1); then
    echo "$fuzz" >> "$log"
    say "fuzz targets took $(( $(date +%s) - t0 )) s"
    tier "fuzz targets" "$(grep -c '^fuzz.sh: Fuzz[A-Za-z]*: ' <<<"$fuzz")" 0 0
else
    echo "$fuzz" >> "$log"
    grep -E '^fuzz.sh: ' <<<"$fuzz" | tail -3 | sed 's/^/  /'
    tier "fuzz targets" "$(grep -c '^fuzz.sh: Fuzz[A-Za-z]*: ' <<<"$fuzz")" 1 0
fi

# The VM tier (Tests/vm): damo against a real DAMON kernel booted under
# QEMU.  Where the project's test kernel is (../shared/testkernel, as in
# CI) or DAMO_REQUIRE_VM=1, it must run: not running is a failure.
# Elsewhere it runs when QEMU and a kernel are there, else it says why it
# is skipped.  DAMO_SKIP_VM=1 skips it on purpose (never where required).
vm_required=0
if [ -f ../shared/testkernel/bzImage ] || [ -n "${CI:-}" ] || [ "${DAMO_REQUIRE_VM:-}" = 1 ]; then
    vm_required=1
fi
run_vm() {
    say "VM tier (QEMU; about 20 minutes per kernel; logs in .build/vm-out)"
    local stamp=$repo/.build/test-logs/vm-start
    touch "$stamp"
    # Its installs, kernel build and boots are stage lines; the rest is logged.
    DAMO_VM_DAMO=.build/debug/damo Tests/vm/run.sh 2>&1 | tee -a "$log" \
        | grep --line-buffered -E '^vm: (installing|building|kernel built|booting)' | sed -u 's/^vm: /test.sh: VM tier: /'
    local rc=${PIPESTATUS[0]} kernels=0
    for results in .build/vm-out/*/results; do
        [ -f "$results" ] && [ "$results" -nt "$stamp" ] || continue  # this run's only
        kernels=$((kernels + 1))
        local name
        name=$(sed -n 's/^release //p' "$results" | grep -o '^[0-9]*\.[0-9]*')
        grep -E '^(FAIL|SKIP) ' "$results" | sed "s/^/  vm $name: /"
        tier "vm $name" "$(grep -c '^PASS ' "$results")" "$(grep -c '^FAIL ' "$results")" "$(grep -c '^SKIP ' "$results")"
    done
    # Scenarios that no kernel could run are failures of their own.
    local nowhere
    nowhere=$(grep -c '^FAIL .*no kernel has what it needs' "$log")
    grep '^FAIL .*no kernel has what it needs' "$log" | sed 's/^/  /'
    [ "$nowhere" = 0 ] || tier "vm scenarios no kernel can run" 0 "$nowhere" 0
    if [ "$rc" = 2 ]; then
        say "VM tier could not run: $(grep 'vm tier could not run' "$log" | tail -1 | sed 's/^vm tier could not run: //')"
        tier "vm tier" 0 1 0
    elif [ "$kernels" = 0 ] || { [ "$rc" != 0 ] && [ "$nowhere" = 0 ] && ! grep -q '^FAIL ' .build/vm-out/*/results; }; then
        say "VM tier: exit status $rc without a failed scenario or without results (log: $log)"
        tier "vm tier" 0 1 0
    fi
}
if [ "$vm_required" = 0 ] && [ "${DAMO_SKIP_VM:-}" = 1 ]; then
    say "VM tier: skipped: DAMO_SKIP_VM=1"
    tier "vm tier" 0 0 1
elif [ "$vm_required" = 1 ]; then
    run_vm
elif vm_reason=$(Tests/vm/run.sh --check 2>&1 >/dev/null); then
    run_vm
else
    say "VM tier: skipped: $(tail -1 <<<"$vm_reason" | sed 's/^vm tier could not run: //')"
    tier "vm tier" 0 0 1
fi
finish
