#!/bin/sh
# Rerun: the confirmation names the worker, the run ID and its start; "n"
# sends nothing; "y" sends exactly one POST with the historyEntryId (and the
# project key of a project's worker; forceRecord=true for R); the result
# replaces the detail pane with bars against the limits it reported, which
# then become the history's limits; the history refreshes. No rerun is
# confirmed in a terminal too small to show the confirmation.
. "$top_srcdir/tests/screen/tui-lib.sh"
tui_start

vt 40 160 <<VT
wait "History: all workers (6 runs)"
wait "Workers (4)"
key r
wait "Rerun?"
wait "y: rerun   any other key: cancel"
wait "Worker:  license-gate"
wait "Run ID:  $ID_FAIL_CPU"
wait "Started: 2026-01-15 11:59:00 (1m ago)"
key n
wait_gone "Rerun?"
wait "rerun canceled: nothing was sent"
key q
expect_exit 0
VT
posts >"$T/posts"
check "n sends nothing" [ ! -s "$T/posts" ]

# A terminal too small to show the confirmation takes no answer but Esc:
# r y there opens it and y waits until it can be seen; one open when the
# terminal shrinks ignores y and n meanwhile; Esc cancels it.
vt 24 80 <<VT
wait "History: all workers (6 runs)"
wait "Workers (4)"
resize 9 80
wait "terminal too small"
key r y
# the keys were read when this too-small paint comes (at 9 x 35 it is
# not left over from 9 x 80)
resize 9 35
wait "terminal too small (need 40x10)"
resize 24 80
wait "y: rerun   any other key: cancel"
wait "Run ID:  $ID_FAIL_CPU"
resize 9 80
wait "terminal too small"
key y n Enter
resize 9 35
wait "terminal too small (need 40x10)"
resize 24 80
wait "y: rerun   any other key: cancel"
resize 9 80
wait "terminal too small"
key Esc
resize 24 80
wait "rerun canceled: nothing was sent"
wait "History: all workers (6 runs)"
expect_not "Rerun?"
key q
expect_exit 0
expect_restored
VT
posts >"$T/posts"
check "no rerun is confirmed in a terminal too small to show it" [ ! -s "$T/posts" ]

vt 40 160 <<VT
wait "History: all workers (6 runs)"
wait "Workers (4)"
key r
wait "y: rerun"
key y
wait "Rerun of 11111111"
wait "Execution  e0000000-0000-4000-8000-000000000001"
wait "limits: reported by this rerun"
# the bars against the limits the rerun reported (2 s CPU, 256 MiB, 10 s)
wait "/ 2.00 s"
wait "/ 256 MiB"
wait "/ 10.0 s"
wait "rerun of 11111111: STATUS_FAIL"
# a failed rerun is recorded: the history refreshes and shows it
wait "History: all workers (7 runs)"
wait "Rerun of   $ID_FAIL_CPU (worker license-gate)"
# Esc: back to the run, now drawn against the last rerun's limits
key Esc
wait_gone "Rerun of 11111111"
wait "limits: reported by a rerun"
key q
expect_exit 0
VT
posts_are "y sends exactly one POST with the run's ID" <<EOF
/worker/api/v1/rerun/license-gate forceRecord=false {"historyEntryId": "$ID_FAIL_CPU"}
EOF
: >"$SIM_LOG"

# R on the project worker's run: forceRecord=true and projectKey
vt 40 160 <<VT
wait "History: all workers (7 runs)"
wait "Workers (4)"
key Down Down Down Down
wait "History: proj-scan (1 run)"
key R
wait "Rerun with forceRecord?"
wait "Recorded in history even if it succeeds."
wait "Run ID:  $ID_PROJECT"
wait "Project: acme"
key y
wait "Execution  e0000000-0000-4000-8000-000000000002"
wait "Record     forceRecord=true (recorded in history"
wait "History: proj-scan (2 runs)"
key q
expect_exit 0
VT
posts_are "R sends forceRecord=true and the project key" <<EOF
/worker/api/v1/rerun/proj-scan forceRecord=true&projectKey=acme {"historyEntryId": "$ID_PROJECT"}
EOF
done_testing
