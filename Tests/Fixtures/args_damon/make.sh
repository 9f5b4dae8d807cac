#!/bin/sh
# Regenerates the expected outputs of `damo args damon` (<name>.out) from
# python damo 3.4.3 for every case of cases.txt.  Needs root (damo's
# `args damon` insists on it) and the reference damo: $DAMO_REFERENCE or
# /work/venv-damo/bin/damo.  Cases must not depend on the machine (no
# /proc/iomem default region, no pid but 1).
set -e
cd "$(dirname "$0")"
DAMO="${DAMO_REFERENCE:-/work/venv-damo/bin/damo}"
python3 - "$DAMO" <<'PY'
import shlex, subprocess, sys
damo = sys.argv[1]
failed = 0
for line in open('cases.txt'):
    line = line.strip()
    if not line or line.startswith('#'):
        continue
    name, args = line.split(':', 1)
    p = subprocess.run([damo, 'args', 'damon'] + shlex.split(args),
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    if p.returncode != 0:
        print('%s: damo failed: %s' % (name, p.stdout.decode().strip()))
        failed += 1
        continue
    with open(name + '.out', 'wb') as f:
        f.write(p.stdout)
sys.exit(1 if failed else 0)
PY
