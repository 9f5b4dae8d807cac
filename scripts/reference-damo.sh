#!/usr/bin/env bash
# Prints the path of a python damo 3.4.3 (the reference implementation),
# installing it into a venv outside the repo when missing (not with
# --no-install).  Prints nothing and exits 1 when it cannot (no
# python3/venv, no network).
# Only ever run the reference as `report ... --input FILE` or `args damon`.
set -u
venv=${DAMO_REFERENCE_VENV:-$HOME/.cache/damo-swift/venv-damo-3.4.3}
for candidate in "${DAMO_REFERENCE:-}" /work/venv-damo/bin/damo "$venv/bin/damo"; do
    # The version from the package metadata: running damo itself is kept
    # to read-only report commands.
    if [ -n "$candidate" ] && [ -x "$candidate" ] && "$(dirname "$candidate")/python" -c \
        "import importlib.metadata as m; print(m.version('damo'))" 2>/dev/null | grep -qx 3.4.3; then
        echo "$candidate"
        exit 0
    fi
done
[ "${1:-}" = --no-install ] && exit 1
command -v python3 >/dev/null || exit 1
mkdir -p "$(dirname "$venv")"
python3 -m venv "$venv" >/dev/null 2>&1 || exit 1
"$venv/bin/pip" install -q damo==3.4.3 pyyaml >/dev/null 2>&1 || exit 1
echo "$venv/bin/damo"
