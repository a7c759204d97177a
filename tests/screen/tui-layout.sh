#!/bin/sh
# The interface's layout at 24x80 (panes stacked) and 40x160 (side by side):
# titles, counts, columns, the start-up focus on "All workers".
. "$top_srcdir/tests/screen/tui-lib.sh"
tui_start

vt 24 80 <<'VT'
wait "History: all workers (6 runs)"
wait "Workers (4)"
wait_row 1 "Workers (4)"
wait "All workers"
wait_attr "All workers" reverse
wait_attr "Workers (4)" reverse
# stacked: workers, history, then the detail pane of the newest run
wait_row 6 "History: all workers (6 runs)"
wait_row 7 "FAIL"
wait license-gate
wait_row 14 "Run 11111111"
wait "Status     STATUS_FAIL"
# the failed-run count per worker
wait "3 failed"
wait "1 failed"
# the status and key hint lines
wait_row 22 "6 runs loaded, 3 failed"
wait_row 23 "q quit"
wait "? help"
# idle: nothing is drawn, no timer runs
idle_ms 300
quiet_ms 1500
key q
expect_exit 0
expect_restored
VT

vt 40 160 <<'VT'
wait "History: all workers (6 runs)"
wait "Workers (4)"
# side by side: the detail pane's title on the workers' row
wait_row 1 "Workers (4)"
wait_row 1 "Run 11111111"
wait "limits: documented sample"
wait "Logs (3 lines)"
wait "Worker used too much cpu time"
# the worker key of each row in the all-workers history
wait proj-scan
wait "(no ID)"
wait "BEFORE_DOWNLOAD"
wait "disabled"
key q
expect_exit 0
expect_restored
VT

# --test-runs: the test run is listed too, and says so
vt 40 160 --test-runs <<'VT'
wait "History: all workers (7 runs)"
wait "Workers (4)"
wait "Run 77777777"
wait "Test run   yes"
key q
expect_exit 0
VT

# The benchmarks' hook: exit right after the first complete paint.
WRUN_EXIT_AFTER_PAINT=1
export WRUN_EXIT_AFTER_PAINT
vt 24 80 <<'VT'
expect_exit 0
expect_restored
VT
check "exit after paint: after the history came" has "$SIM_LOG" "/worker/api/v1/execution_history"
# a load that fails: exit code 3, the reason on stderr
sim_fault "history=status:500@1"
vt 24 80 <<'VT'
expect_exit 3
expect_restored
VT
check "exit after paint: the failure on stderr" has "$T/vt.err" "HTTP 500"
unset WRUN_EXIT_AFTER_PAINT

done_testing
