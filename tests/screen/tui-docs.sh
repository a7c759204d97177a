#!/bin/sh
# The detail pane keeps the last documents it laid out and shows them again
# without building them: each run still shows its own, a document comes
# back scrolled to its top, and what a kept document was built from going
# out of date (a rerun in the ledger, the limits it reported, a reload of
# the history, the clock's minute) makes it be built again.
. "$top_srcdir/tests/screen/tui-lib.sh"
tui_start
# The first rerun fails: the ledger changes, the history does not.
sim_fault "rerun=status:500:server broke@1"

vt 30 120 <<'VT'
wait "History: all workers (6 runs)"
key Tab
wait "Run 11111111"
wait "Status     STATUS_FAIL"
wait "limits: documented sample"
key Down
wait "Run 22222222"
wait "Status     STATUS_SUCCESS"
key Down
wait "Run 33333333"
wait "Worker     proj-scan"
# back up: the kept documents, each its own run's
key Up
wait "Run 22222222"
wait "Status     STATUS_SUCCESS"
wait "Worker     license-gate"
key Up
wait "Run 11111111"
wait "Status     STATUS_FAIL"
wait "Worker     license-gate"
# scrolled, then another run and back: from the top each time
key Enter
key Down Down
wait_gone "Status     STATUS_FAIL"
key S-Tab
key Down
wait "Run 22222222"
wait "Status     STATUS_SUCCESS"
key Up
wait "Run 11111111"
wait "Status     STATUS_FAIL"
# a rerun that fails: the kept document gets the ledger's line
key r
wait "y: rerun"
key y
wait "rerun of 11111111 failed"
wait "Reran      this session: error"
wait "limits: documented sample"
key Down
wait "Run 22222222"
expect_not "Reran      this session:"
key Up
wait "Reran      this session: error"
# one that succeeds: its answer shows, then the run again with the
# ledger's line and the limits the rerun reported, also for the run
# seen before it
key r
wait "y: rerun"
key y
wait "Rerun of 11111111"
wait "limits: reported by this rerun"
wait "History: all workers (7 runs)"
key Esc
wait "Run 11111111"
wait "Reran      this session: FAIL"
wait "limits: reported by a rerun, 2026-01-15"
key Down
wait "Run 22222222"
wait "Status     STATUS_SUCCESS"
wait "limits: reported by a rerun, 2026-01-15"
expect_not "Reran      this session:"
key Up
wait "Run 11111111"
wait "Reran      this session:"
# a worker's document and the runs' documents, in turn
key h
key Down
wait "History: audit-log (2 runs)"
wait "Worker audit-log"
wait "Description  (none)"
key Tab
wait "Run 55555555"
wait "Worker     audit-log"
key S-Tab
wait "Worker audit-log"
wait "Description  (none)"
key q
expect_exit 0
VT

# The clock's minute: the relative times of a kept document are redrawn.
# The clock starts 10 s before 12:01; the history is the scenario's again.
sim_stop
tui_start
WRUN_NOW_MS="$((NOW + 50000))+"
export WRUN_NOW_MS
vt 30 120 <<'VT'
wait "History: all workers (6 runs)"
key Tab
wait "Run 11111111"
key Down
wait "Run 22222222"
key Up
wait "Run 11111111"
timeout 30
wait "Started    2026-01-15 11:59:00 (2m ago)"
key q
expect_exit 0
VT
done_testing
