#!/usr/bin/env bash
# Runs the README's commands as written ("The two commands" and "Quick
# tour", the indented lines of those sections) in a fresh clone of HEAD
# with nothing beside it (no ../shared), and checks that each exits 0 and
# prints something.  Prints `ok COMMAND` or `FAIL COMMAND: why` per command.
#
# DAMO_BUILT=PATH (scripts/test.sh) is a damo built from this commit: it
# stands in for the release build (`swift run -c release damo` and
# `.build/release/damo`), so the check does not build damo a second time.
# Without it, the clone is built with `swift build -c release` as a new
# user would.  `scripts/test.sh` itself is not run (this runs inside it).
set -uo pipefail
repo=$(realpath "$(dirname "$0")/..")
built=${DAMO_BUILT:+$(realpath "$DAMO_BUILT")}

# The indented lines of the README's sections named here.
commands=$(awk '
    /^## / { on = ($0 == "## The two commands" || $0 == "## Quick tour") }
    on && /^    [^ ]/ { sub(/^    /, ""); print }' "$repo/README.md")
[ -n "$commands" ] || { echo "FAIL README.md: no commands found in 'The two commands' or 'Quick tour'"; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/damo-readme-XXXXXX")
trap 'rm -rf "$work"' EXIT
git clone -q "$repo" "$work/damo" || { echo "FAIL git clone of $repo"; exit 1; }
cd "$work/damo"
if [ -n "$built" ]; then
    mkdir -p .build/release && cp "$built" .build/release/damo
elif ! swift build -c release > "$work/build.log" 2>&1; then
    echo "FAIL swift build -c release: $(grep -m1 'error:' "$work/build.log")"
    exit 1
fi

failed=0
while IFS= read -r command; do
    case "$command" in
        scripts/test.sh*) echo "note $command: not run here (this check is part of it)"; continue;;
    esac
    run=$command
    [ -n "$built" ] && run=${run/#swift run -c release damo /.build\/release\/damo }
    bash -c "$run" > "$work/out" 2> "$work/err" < /dev/null
    rc=$?
    if [ "$rc" != 0 ]; then
        echo "FAIL $command: exit status $rc: $(head -c 300 "$work/err" | tr '\n' ' ')"
        failed=1
    elif ! [ -s "$work/out" ]; then
        echo "FAIL $command: printed nothing"
        failed=1
    else
        echo "ok $command ($(wc -l < "$work/out") lines)"
    fi
done <<< "$commands"
exit "$failed"
