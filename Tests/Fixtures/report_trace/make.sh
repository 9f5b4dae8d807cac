#!/bin/sh
# Regenerates the expected outputs of `damo report trace --input` (<name>.out)
# from python damo 3.4.3 for every case of cases.txt.  With --input damo
# only reads (perf script / trace-cmd report of the file, or the file);
# the perf.data cases need perf, the trace-cmd.dat ones trace-cmd.
# trace-cmd.dat was made in the VM tier's Linux 6.1 guest with trace-cmd
# 3.1.6: `trace-cmd record -C mono -e damon:damon_aggregated -o trace-cmd.dat
# sleep 1.2` while `damo start` monitored the workload (5ms 100ms 1s).  The reference damo: $DAMO_REFERENCE or
# /work/venv-damo/bin/damo.
set -e
cd "$(dirname "$0")"
DAMO="${DAMO_REFERENCE:-/work/venv-damo/bin/damo}"
grep -v '^#' cases.txt | while IFS=: read -r name args; do
    [ -n "$name" ] || continue
    # shellcheck disable=SC2086
    "$DAMO" report trace --input $args > "$name.out" 2>/dev/null
done
