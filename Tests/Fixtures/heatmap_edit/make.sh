#!/usr/bin/env bash
# Fixtures of `damo report heatmap --interactive_edit` (HeatmapEditTests):
# NAME.in holds the user's answers to each case of cases.txt, NAME.out
# python damo 3.4.3's output (prompts and every redrawn map) given them.
exec "$(dirname "$(realpath "$0")")/../access_repeat/make.sh" "$(dirname "$(realpath "$0")")"
