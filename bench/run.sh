#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Benchmark our damo against python damo 3.4.3 on a large synthetic record.
# See bench/README.md.
#
# Usage: bench/run.sh [NR_SNAPSHOTS]
#
# Environment:
#   SNAPSHOTS        number of snapshots in the synthetic record (default
#                    20000; the first argument overrides it)
#   SEED             generator seed (default 42)
#   REPEAT           runs per measurement, best is taken (default 1)
#   DAMO             our binary (default .build/release/damo; built with
#                    'swift build -c release' if missing)
#   DAMO_VENV        venv holding python damo 3.4.3 to use as is
#   DAMO_BENCH_VENV  venv to use, created with 'python3 -m venv' and
#                    'pip install damo==3.4.3 pyyaml' if it lacks damo 3.4.3
#                    (default: /work/venv-damo if it has damo 3.4.3,
#                    otherwise ~/.cache/damo-bench/venv)
#   SKIP_OURS=1      measure python damo only
#   SKIP_DAMO=1      measure ours only
#   NO_BUILD=1       never run 'swift build'

set -euo pipefail

# The whole script is one compound command, so bash parses it completely
# before running it; editing this file during a (long) run is then safe.
{

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$bench_dir/.." && pwd)
out_dir="$bench_dir/out"
damo_version=3.4.3

snapshots=${1:-${SNAPSHOTS:-20000}}
seed=${SEED:-42}
repeat=${REPEAT:-1}
skip_ours=${SKIP_OURS:-0}
skip_damo=${SKIP_DAMO:-0}

log() { echo "[bench] $*" >&2; }

if ! [[ "$snapshots" =~ ^[0-9]+$ ]] || [ "$snapshots" -lt 2 ]; then
	echo "invalid number of snapshots: $snapshots" >&2
	exit 1
fi
if ! [[ "$repeat" =~ ^[1-9][0-9]*$ ]]; then
	echo "invalid REPEAT: $repeat" >&2
	exit 1
fi

mkdir -p "$out_dir"

# ---- python damo 3.4.3 venv -------------------------------------------------

venv_damo_version() {
	"$1/bin/python3" -c \
		'import importlib.metadata as m; print(m.version("damo"))' \
		2>/dev/null || true
}

if [ -n "${DAMO_VENV:-}" ]; then
	venv=$DAMO_VENV
	if [ ! -x "$venv/bin/damo" ]; then
		echo "DAMO_VENV=$venv has no bin/damo" >&2
		exit 1
	fi
elif [ -z "${DAMO_BENCH_VENV:-}" ] && [ -x /work/venv-damo/bin/damo ] &&
	[ "$(venv_damo_version /work/venv-damo)" = "$damo_version" ]; then
	venv=/work/venv-damo
else
	venv=${DAMO_BENCH_VENV:-$HOME/.cache/damo-bench/venv}
	if [ "$(venv_damo_version "$venv")" != "$damo_version" ]; then
		log "installing python damo $damo_version into $venv"
		mkdir -p "$(dirname "$venv")"
		[ -x "$venv/bin/python3" ] || python3 -m venv "$venv"
		"$venv/bin/python3" -m pip install --quiet \
			"damo==$damo_version" pyyaml
	fi
fi
installed=$(venv_damo_version "$venv")
if [ "$installed" != "$damo_version" ]; then
	log "warning: $venv has damo '$installed', not $damo_version"
fi
damo_py="$venv/bin/damo"
damo_pkg=$("$venv/bin/python3" -c \
	'import os, damo; print(os.path.dirname(damo.__file__))')
log "python damo: $damo_py ($installed)"

# python damo needs 'file' to detect the record format, and 'less' as the
# pager it pipes long outputs through.
for cmd in file less; do
	if ! command -v "$cmd" >/dev/null; then
		echo "python damo needs '$cmd', which is not installed" >&2
		exit 1
	fi
done

# ---- synthetic record -------------------------------------------------------

record="$out_dir/record-${snapshots}s-seed${seed}.data"
if [ ! -s "$record" ]; then
	log "generating $record ($snapshots snapshots; takes ~6 s per 1000 snapshots)"
	"$venv/bin/python3" "$bench_dir/gen_record.py" --damo-pkg "$damo_pkg" \
		--snapshots "$snapshots" --seed "$seed" "$record"
else
	log "reusing $record"
fi

# ---- our binary -------------------------------------------------------------

ours=""
if [ "$skip_ours" != 1 ]; then
	ours=${DAMO:-$root/.build/release/damo}
	if [ ! -x "$ours" ] && [ -z "${DAMO:-}" ] &&
		[ "${NO_BUILD:-0}" != 1 ]; then
		log "building ours: swift build -c release"
		if ! (cd "$root" && swift build -c release >&2); then
			log "warning: build failed"
		fi
	fi
	if [ ! -x "$ours" ]; then
		log "warning: $ours not found; measuring python damo only"
		ours=""
	else
		log "ours: $ours"
	fi
fi

args=(--record "$record" --out-dir "$out_dir/results" --repeat "$repeat")
if [ "$skip_damo" != 1 ]; then
	args+=(--damo "$damo_py")
fi
if [ -n "$ours" ]; then
	args+=(--ours "$ours")
fi

exec python3 "$bench_dir/measure.py" "${args[@]}"
}
