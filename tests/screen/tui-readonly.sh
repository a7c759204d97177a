#!/bin/sh
# --read-only: the title says READ-ONLY; r, R and X say why they are off
# and send nothing; the rest works.
. "$top_srcdir/tests/screen/tui-lib.sh"
tui_start
vt 24 100 --read-only <<'VT'
wait "History: all workers (6 runs) 1/6"
wait_row 0 "READ-ONLY"
key r
wait "read-only"
expect_not "Rerun?"
key R X
expect_not "Rerun"
key F
wait "Failed: all workers (3 runs)"
key q
expect_exit 0
VT
posts_are "read-only sends nothing" </dev/null
done_testing
