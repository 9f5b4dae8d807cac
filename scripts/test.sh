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
# QEMU.  It runs when QEMU is there or installable and a test kernel
# exists; in CI (or with DAMO_REQUIRE_VM=1) not running it is an error,
# elsewhere a visible skip (DAMO_SKIP_VM=1 skips it on purpose).
vm_required=0
if [ -n "${CI:-}" ] || [ "${DAMO_REQUIRE_VM:-}" = 1 ]; then vm_required=1; fi
if [ "$vm_required" = 0 ] && [ "${DAMO_SKIP_VM:-}" = 1 ]; then
    echo "vm tier skipped: DAMO_SKIP_VM=1"
elif vm_reason=$(Tests/vm/run.sh --check 2>&1 >/dev/null) || [ "$vm_required" = 1 ]; then
    # (required: run.sh builds a kernel when none is there, and fails
    # when it cannot run)
    Tests/vm/run.sh
else
    echo "vm tier skipped: $(tail -1 <<<"$vm_reason" | sed 's/^vm tier could not run: //')"
fi
