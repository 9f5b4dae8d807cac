#!/usr/bin/env bash
# Installs what the exporter's tests and benchmark run against: Debian's
# prometheus (the server and promtool) and, with --bench, wrk.  Prints
# the path of prometheus when it is there; exits non-zero when it cannot
# be installed.  (About 25 s on Debian 12, about 105 MB installed, most of
# it prometheus itself; without recommends: no node exporter, and no
# service started where policy-rc.d forbids it, as in containers.)
set -euo pipefail
packages=(prometheus)
[ "${1:-}" = --bench ] && packages+=(wrk)
missing=()
for p in "${packages[@]}"; do
    bin=$p
    command -v "$bin" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
    echo "install-prometheus.sh: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    # A container's policy-rc.d keeps the package's service from starting.
    $SUDO apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
        || { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; }
fi
command -v prometheus
command -v promtool >/dev/null
