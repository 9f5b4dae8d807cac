#!/usr/bin/env bash
# Builds damo and runs the whole test suite: unit tests, golden tests
# against damo 3.4.3's outputs, CLI error tests, and the compatibility
# checks that need ../shared or the python reference when those exist.
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
