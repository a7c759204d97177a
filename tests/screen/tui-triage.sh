#!/bin/sh
# Triage keys: the failed view (F, and F r y from launch), jumps to runs
# that did not succeed (] and [), the position in list headings, the
# filter (/) on runs and on workers, sort orders (s, S), relative times (t)
# that move with the clock, and zoom (z).
. "$top_srcdir/tests/screen/tui-lib.sh"
tui_start

# F from launch: every run that did not succeed, TIMEOUT included, newest
# first, with the focus on it; F r y reruns the newest failure.
vt 40 160 <<VT
wait "History: all workers (6 runs) 1/6"
wait "Workers (4) 1/5"
key F
wait "Failed: all workers (3 runs) 1/3"
wait_attr "Failed: all workers (3 runs) 1/3" reverse
wait_gone "History: all workers"
wait_row 8 "FAIL    2026-01-15 11:59:00"
wait_row 9 "FAIL    2026-01-15 11:57:00"
wait_row 10 "TIMEOUT 2026-01-15 11:54:00"
wait_gone "SUCCESS"
key r
wait "Run ID:  $ID_FAIL_CPU"
key y
wait "Execution  e0000000-0000-4000-8000-000000000001"
# the recorded failed rerun joins the view, marked new
wait "Failed: all workers (4 runs) 2/4"
# F again: back to the runs of the selected worker
key F
wait "History: all workers (7 runs)"
key q
expect_exit 0
VT
posts_are "F r y reruns the newest failed run" <<EOF
/worker/api/v1/rerun/license-gate forceRecord=false {"historyEntryId": "$ID_FAIL_CPU"}
EOF
sim_stop
tui_start

# Jumps: ] and [ move between runs that did not succeed, from any pane.
vt 40 160 <<'VT'
wait "History: all workers (6 runs) 1/6"
wait "Workers (4) 1/5"
key ]
wait "History: all workers (6 runs) 3/6"
wait_attr "History: all workers (6 runs) 3/6" reverse
wait "Run 33333333"
key ]
wait "History: all workers (6 runs) 6/6"
wait "Run 66666666"
key ]
wait "no later run that did not succeed"
key [
wait "History: all workers (6 runs) 3/6"
key [
wait "History: all workers (6 runs) 1/6"
key [
wait "no earlier run that did not succeed"
key q
expect_exit 0
VT

# The filter: as you type, on the runs (worker, status, trigger, version,
# any part of the ID) and on the workers (key, action); Enter keeps it and
# the heading shows it; Esc clears it; it combines with the failed view.
vt 40 160 <<'VT'
wait "History: all workers (6 runs) 1/6"
key Tab /
wait "filter runs: /"
type zo
wait "History: all workers (1 run) 1/1  /zo"
wait "TIMEOUT"
wait_gone "SUCCESS"
key Esc
wait "History: all workers (6 runs)"
wait_gone "/zo"
key /
type 5555
key Enter
wait_gone "filter runs: /"
wait "History: all workers (1 run) 1/1  /5555"
wait "Run 55555555"
key Esc
# the selection stays on its run
wait "History: all workers (6 runs) 5/6"
key /
type GATE
key Enter
wait "History: all workers (2 runs) 1/2  /GATE"
key F
wait "Failed: all workers (1 run) 1/1  /GATE"
wait "Run 11111111"
key Esc
wait "Failed: all workers (3 runs)"
key Esc
wait "History: all workers (6 runs)"
# the workers pane: key and action
key S-Tab /
wait "filter workers: /"
type after_
wait "Workers (2 of 4) 1/3  /after_"
wait "legacy-hook"
wait "proj-scan"
key Enter Down
wait "History: legacy-hook (1 run)"
key Esc
wait "Workers (4) 3/5"
key q
expect_exit 0
VT

# Sort: s cycles start, duration, CPU, memory, status; S reverses; t shows
# relative times.
vt 40 160 <<'VT'
wait "History: all workers (6 runs) 1/6"
key Tab s
wait "by duration"
wait "runs by duration"
wait_row 8 "TIMEOUT"
key s
wait "by cpu"
wait_row 8 "FAIL    2026-01-15 11:59:00"
key s
wait "by memory"
wait_row 8 "FAIL    2026-01-15 11:57:00"
key s
wait "by status"
wait_row 8 "FAIL    2026-01-15 11:59:00"
wait_row 9 "FAIL    2026-01-15 11:57:00"
wait_row 10 "TIMEOUT"
key S
wait "by status (reversed)"
wait_row 13 "FAIL    2026-01-15 11:59:00"
# the next order keeps the direction
key s
wait "History: all workers (6 runs) 6/6  by start (reversed)"
wait_row 8 "TIMEOUT 2026-01-15 11:54:00"
key S t
wait "History: all workers (6 runs) 1/6 "
expect_not "(reversed)"
wait_row 8 "FAIL    1m ago"
wait_row 13 "TIMEOUT 6m ago"
key t
wait_row 8 "FAIL    2026-01-15 11:59:00"
key q
expect_exit 0
VT

# Relative times stay true as the clock moves: the clock here starts 10 s
# before a minute turns (WRUN_NOW_MS=MS+ runs from MS), time enough to load
# even under valgrind.
export WRUN_NOW_MS="$((NOW + 50000))+"
vt 40 160 <<'VT'
wait "History: all workers (6 runs) 1/6"
wait "Started    2026-01-15 11:59:00 (1m ago)"
key Tab t
wait_row 8 "FAIL    1m ago"
# without a key: the minute turns, both are drawn again
timeout 20
wait "Started    2026-01-15 11:59:00 (2m ago)"
wait_row 8 "FAIL    2m ago"
key q
expect_exit 0
VT
export WRUN_NOW_MS="$NOW"

# Zoom: the focused pane gets the whole screen; 80x24 stacks the panes.
# Esc cancels a request in flight before anything else: wait for none.
vt 24 80 <<'VT'
wait "History: all workers (6 runs) 1/6"
wait_gone "loading"
key Tab Tab
wait "more lines"
expect_not "Result"
key z
wait_row 1 "Run 11111111"
wait "limits: documented sample"
wait "Result"
wait_gone "Workers (4)"
wait_gone "History: all workers"
key Esc
wait "Workers (4)"
wait "History: all workers (6 runs)"
key q
expect_exit 0
VT
done_testing
