#!/bin/sh
# Defects of the interface that were fixed, each proved again: the workers
# pane scrolls back after a resize; a cut line ends with a marker; the
# detail pane's "more lines" marker has a row of its own, and z zooms;
# short IDs grow until unique; test runs say "test" on their row only; the
# rerun confirmation shows status and action and wraps a long worker key;
# bars against the documented sample say "sample" even in a narrow pane.
. "$top_srcdir/tests/screen/tui-lib.sh"
tui_start

# 1. G on the workers pane at 45x160, then 24x80 (it scrolls), then 45x160
# again: back to the top, no rows hidden above while blank rows sit below.
vt 45 160 <<'VT'
wait "History: all workers (6 runs)"
wait "Workers (4)"
key G
wait "Workers (4) 5/5"
wait_row 6 "> proj-scan"
resize 24 80
wait_row 22 "6 runs loaded, 3 failed"
wait_row 2 "audit-log"
wait_row 5 "> proj-scan"
resize 45 160
wait_row 43 "6 runs loaded, 3 failed"
wait_row 2 "All workers"
wait_row 3 "audit-log"
wait_row 6 "> proj-scan"
wait_attr proj-scan reverse
key q
expect_exit 0
VT

# 3. The detail pane at 24x80 (rows 15-21): scrolled so that the bars reach
# its bottom, each bar row ends with its source and the marker is alone on
# the last row (the whole row: nothing else on it); z gives the pane the
# whole screen, Esc gives the panes back.
more_row() { printf '"%-80s"' "$1 more lines (j/k, PgDn)"; }
vt 24 80 <<VT
wait "History: all workers (6 runs)"
wait "Workers (4)"
key Tab Tab
wait_attr "Run 11111111" reverse
wait_row 21 $(more_row 26)
key j j j j j j j
wait_row 21 $(more_row 19)
wait_row 20 "CPU "
wait_row 20 "120% OVER  sample"
key j
wait_row 21 $(more_row 18)
wait_row 19 "120% OVER  sample"
wait_row 20 "Memory "
wait_row 20 "42%       sample"
key j
wait_row 21 $(more_row 17)
wait_attr "17 more lines (j/k, PgDn)" reverse
wait_row 18 "CPU "
wait_row 18 "120% OVER  sample"
wait_row 19 "Memory "
wait_row 19 "42%       sample"
wait_row 20 "Duration "
wait_row 20 "14%       sample"
expect_not "Logs (3 lines)"
key z
wait_row 1 "Run 11111111"
wait "Logs (3 lines)"
wait "[info ] - log line 1"
wait "[error] - Worker used too much cpu time"
wait_row 7 "14%       sample"
wait_row 21 $(more_row 4)
expect_not "Workers (4)"
key Esc
wait_row 1 "Workers (4)"
wait_row 14 "Run 11111111"
wait_row 21 $(more_row 17)
expect_not "Logs (3 lines)"
key q
expect_exit 0
VT

# 5. --test-runs: "test" on the test run's row, a blank column on the others.
vt 24 80 --test-runs <<'VT'
wait "History: all workers (7 runs)"
wait "Workers (4)"
wait_row 7 "77777777"
wait_row 7 "SUCCESS test 2026-01-15 11:59:30"
wait_row 8 "11111111"
wait_row 8 "FAIL         2026-01-15 11:59:00"
wait_row 9 "SUCCESS      2026-01-15 11:58:00"
wait_row 10 "FAIL         2026-01-15 11:57:00"
wait_row 11 "(no ID)"
wait_row 11 "SUCCESS      2026-01-15 11:56:00"
wait_row 12 "SUCCESS      2026-01-15 11:55:00"
wait_row 13 "66666666"
wait_row 13 "TIMEOUT      2026-01-15 11:54:00"
key q
expect_exit 0
VT

# 6. The rerun confirmation names the run's status and the worker's action;
# n sends nothing.
vt 24 80 <<VT
wait "History: all workers (6 runs)"
wait "Workers (4)"
key r
wait "Rerun?"
wait "Worker:  license-gate"
wait "Action:  BEFORE_DOWNLOAD"
wait "Run ID:  $ID_FAIL_CPU"
wait "Status:  STATUS_FAIL"
wait "y: rerun   any other key: cancel"
key n
wait_gone "Rerun?"
wait "rerun canceled: nothing was sent"
key q
expect_exit 0
VT
posts >"$T/posts"
check "n sends nothing" [ ! -s "$T/posts" ]

# 7. Bars against the documented sample in a narrow pane (24x50, stacked;
# the detail pane zoomed): each one says "sample". One run a bar, so that
# each is a test point of its own.
# Too narrow for a bar, the figures, OVER (when over) and the tag are
# packed rather than cut.
narrow_bar() {
	vt 24 50 <<VT
wait "History: all workers (6 runs)"
wait "Workers (4)"
key Tab Tab
wait_attr "Run 11111111" reverse
key z
wait_row 1 "Run 11111111"
wait_row 13 "limits: documented sample"
wait_row 16 "Duration "
wait_row $1 "$2 "
# The row is complete (the Duration row, drawn after it, is there): a
# short time limit.
timeout 1
wait_row $1 "sample"
key q
expect_exit 0
VT
}
narrow_bar 14 CPU
narrow_bar 15 Memory
narrow_bar 16 Duration

# A scenario of our own for the rest: two runs whose IDs share their first
# 10 characters (one with a long log line), and a worker with a 100-character
# key whose run names no action (the worker's is shown).
sim_stop
HASH=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
ID_A=abcdef01-2aaa-4aaa-8aaa-aaaaaaaaaaaa
ID_B=abcdef01-2bbb-4bbb-8bbb-bbbbbbbbbbbb
ID_C=cafe0000-1111-4111-8111-111111111111
LONG_KEY=start-of-a-very-long-worker-key-0123456789-abcdefghij-0123456789-abcdefghij-0123-and-finally-the-end
cat >"$T/defects.json" <<JSON
{
  "user": "admin",
  "now": $NOW,
  "workers": [
    {"key": "hash-check", "action": "BEFORE_UPLOAD", "enabled": true},
    {"key": "$LONG_KEY", "action": "AFTER_MOVE", "enabled": true}
  ],
  "history": [
    {"historyEntryId": "$ID_A", "workerKey": "hash-check", "workerType": "BEFORE_UPLOAD",
     "workerProjectKey": "", "executionStatus": "STATUS_FAIL",
     "executionPayload": {"repo": "libs-release-local"},
     "executionResult": {"result": {"status": 2},
       "logs": "[info ] - artifact sha256 $HASH verified\n[error] - blocked\n",
       "workerStats": {"cpuTimeMillis": 10, "topMemoryUsageBytes": 1048576,
                       "executionDurationMillis": 20}},
     "startTimeMillis": $((NOW - 60000)), "endTimeMillis": $((NOW - 59980)),
     "triggeredBy": "admin", "testRun": false, "executedVersion": "v2"},
    {"historyEntryId": "$ID_B", "workerKey": "hash-check", "workerType": "BEFORE_UPLOAD",
     "workerProjectKey": "", "executionStatus": "STATUS_SUCCESS",
     "executionPayload": {"repo": "libs-release-local"},
     "executionResult": {"result": {"status": 1}, "logs": "[info ] - ok\n",
       "workerStats": {"cpuTimeMillis": 10, "topMemoryUsageBytes": 1048576,
                       "executionDurationMillis": 20}},
     "startTimeMillis": $((NOW - 120000)), "endTimeMillis": $((NOW - 119980)),
     "triggeredBy": "admin", "testRun": false, "executedVersion": "v1"},
    {"historyEntryId": "$ID_C", "workerKey": "$LONG_KEY",
     "workerProjectKey": "", "executionStatus": "STATUS_FAIL",
     "executionPayload": {"from": "a", "to": "b"},
     "executionResult": {"result": null, "logs": "[error] - move refused\n",
       "workerStats": {"cpuTimeMillis": 10, "topMemoryUsageBytes": 1048576,
                       "executionDurationMillis": 20}},
     "startTimeMillis": $((NOW - 180000)), "endTimeMillis": $((NOW - 179980)),
     "triggeredBy": "admin", "testRun": false, "executedVersion": "v1"}
  ]
}
JSON
sim_start --scenario "$T/defects.json"

# 2. A log line wider than the detail pane (79 columns at 45x160) shows its
# first 78 columns, then "…" (">" under --ascii) in the last one.
LINE="  [info ] - artifact sha256 $HASH verified"
CUT=$(printf '%s' "$LINE" | cut -c1-78)
vt 45 160 <<VT
wait "History: all workers (3 runs)"
wait "Workers (2)"
wait "Logs (2 lines)"
wait "$CUT…"
expect_not "verified"
wait "[error] - blocked"
key q
expect_exit 0
VT
vt 45 160 --ascii <<VT
wait "History: all workers (3 runs)"
wait "Workers (2)"
wait "Logs (2 lines)"
wait "$CUT>"
expect_not "verified"
expect_not "…"
key q
expect_exit 0
VT

# 4. Short IDs: 10 characters in common, so every short ID has 11, in the
# list (rows 6-8 at 24x80) and in the detail pane's title.
vt 24 80 <<VT
wait "History: all workers (3 runs)"
wait "Workers (2)"
wait_row 6 "FAIL    2026-01-15 11:59:00"
wait_row 6 " abcdef01-2a"
wait_row 7 "SUCCESS 2026-01-15 11:58:00"
wait_row 7 " abcdef01-2b"
wait_row 8 "FAIL    2026-01-15 11:57:00"
wait_row 8 " cafe0000-11"
wait_row 13 "Run abcdef01-2a"
key q
expect_exit 0
VT

# 6. A 100-character worker key is wrapped in the confirmation, never cut:
# its first 63 characters on the Worker row (the room in the dialog at 80
# columns), the rest below, under them; its end is only there (the panes
# cut it).
KEY_1=$(printf '%s' "$LONG_KEY" | cut -c1-63)
KEY_2=$(printf '%s' "$LONG_KEY" | cut -c64-)
vt 24 80 <<VT
wait "History: all workers (3 runs)"
wait "Workers (2)"
key Tab
wait_attr "History: all workers (3 runs) 1/3" reverse
key j j
wait "History: all workers (3 runs) 3/3"
wait "Run cafe0000-11"
expect_not "finally-the-end"
key r
wait "Rerun?"
wait_row 8 "Worker:  $KEY_1"
wait_row 9 "│          $KEY_2"
wait "Action:  AFTER_MOVE"
wait "Run ID:  $ID_C"
wait "Status:  STATUS_FAIL"
wait "y: rerun   any other key: cancel"
key n
wait_gone "Rerun?"
wait "rerun canceled: nothing was sent"
expect_not "finally-the-end"
key q
expect_exit 0
VT
posts >"$T/posts"
check "n sends nothing (long worker key)" [ ! -s "$T/posts" ]

done_testing
