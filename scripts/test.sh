#!/usr/bin/env bash
# Builds damo and runs the whole test suite: unit tests, golden tests
# against damo 3.4.3's outputs, CLI error tests, and the compatibility
# checks that need ../shared or the python reference when those exist,
# then the VM tier against a real DAMON kernel (Tests/vm/run.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

# zlib's headers are the only system dependency.
if ! [ -f /usr/include/zlib.h ] && ! pkg-config --exists zlib 2>/dev/null; then
    echo "test.sh: installing zlib1g-dev" >&2
    SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
    $SUDO apt-get install -y zlib1g-dev >/dev/null || { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y zlib1g-dev >/dev/null; }
fi

# The python reference enables the round-trip tests (skipped without it).
if ref=$(scripts/reference-damo.sh); then
    export DAMO_REFERENCE="$ref"
    echo "test.sh: python damo 3.4.3 reference: $ref"
else
    echo "test.sh: python damo 3.4.3 not available; tests comparing with it are skipped"
fi
[ -d ../shared/compat ] || echo "test.sh: ../shared is absent; tests against its cases are skipped"

swift build --build-tests
swift test --skip-build

# The VM tier (Tests/vm): damo against a real DAMON kernel booted under
# QEMU.  Where the project's test kernel is (../shared/testkernel, as in
# CI) or DAMO_REQUIRE_VM=1, it must run: not running is a failure.
# Elsewhere it runs when QEMU and a kernel are there, else it says why it
# is skipped.  DAMO_SKIP_VM=1 skips it on purpose (never where required).
vm_required=0
if [ -f ../shared/testkernel/bzImage ] || [ -n "${CI:-}" ] || [ "${DAMO_REQUIRE_VM:-}" = 1 ]; then
    vm_required=1
fi
if [ "$vm_required" = 0 ] && [ "${DAMO_SKIP_VM:-}" = 1 ]; then
    echo "test.sh: vm tier skipped: DAMO_SKIP_VM=1"
elif [ "$vm_required" = 1 ]; then
    # (run.sh installs QEMU, builds a kernel when none is there, and exits
    # non-zero when it cannot run or a scenario fails)
    DAMO_VM_DAMO=.build/debug/damo Tests/vm/run.sh
elif vm_reason=$(Tests/vm/run.sh --check 2>&1 >/dev/null); then
    DAMO_VM_DAMO=.build/debug/damo Tests/vm/run.sh
else
    echo "test.sh: vm tier skipped: $(tail -1 <<<"$vm_reason" | sed 's/^vm tier could not run: //')"
fi
