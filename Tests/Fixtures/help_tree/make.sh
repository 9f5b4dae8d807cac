#!/usr/bin/env bash
# damo 3.4.3's help texts, every command down to the last subcommand, for
# HelpTreeTests: `damo [CMD [SUB ...]] --help` at 80 columns, stored as
# damo[-CMD[-SUB ...]].txt.  Subcommands are the help's 4-space indented
# entries under its command list (argparse's subparser choices).  Only
# --help is run: argparse prints it and exits before any command runs.
set -euo pipefail
here=$(dirname "$(realpath "$0")")
damo=${DAMO_REFERENCE:-$("$here/../../../scripts/reference-damo.sh")}

walk() {
    local name text sub
    name=$(IFS=-; echo "damo${*:+-$*}")
    text=$(COLUMNS=80 "$damo" "$@" --help < /dev/null)
    printf '%s\n' "$text" > "$here/$name.txt"
    for sub in $(printf '%s\n' "$text" | sed -n 's/^    \([a-z_]\{1,\}\)\( .*\)\{0,1\}$/\1/p'); do
        walk "$@" "$sub"
    done
}

rm -f "$here"/damo*.txt
walk
