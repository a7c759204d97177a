#!/bin/sh
# Navigation: the selection moves (reverse video), switching worker changes
# the history pane, focus moves between panes, the detail pane scrolls.
. "$top_srcdir/tests/screen/tui-lib.sh"
tui_start

vt 24 80 <<'VT'
wait "History: all workers (6 runs)"
wait "Workers (4)"
wait_attr "All workers" reverse
# workers are sorted by key: audit-log first
key Down
wait "History: audit-log (2 runs)"
wait_attr audit-log reverse
wait_attr "All workers" noreverse
# the focus on the workers: the detail pane shows the worker
wait "Worker audit-log"
key j
wait "History: legacy-hook (1 run)"
key k
wait "History: audit-log (2 runs)"
# focus to the history pane: its heading and its selected row in reverse
key Tab
wait_attr "History: audit-log (2 runs)" reverse
wait_attr "Workers (4)" noreverse
wait_attr 55555555 reverse
wait "Run 55555555"
key Down
wait_attr 66666666 reverse
wait "Run 66666666"
wait "STATUS_TIMEOUT"
key g
wait_attr 55555555 reverse
key G
wait_attr 66666666 reverse
key Home
wait_attr 55555555 reverse
# Enter opens the run: the detail pane has the focus and scrolls
key Enter
wait_attr "Run 55555555" reverse
wait_row 15 "Status     STATUS_SUCCESS"
key Down
wait_row 15 "Worker     audit-log"
key C-d
wait_gone "Worker     audit-log"
key End
wait "more"
wait "colour"
key Home
wait_row 15 "Status     STATUS_SUCCESS"
# Shift-Tab, h and l move the focus back and forth; Tab wraps around
key S-Tab
wait_attr "History: audit-log (2 runs)" reverse
key h
wait_attr "Workers (4)" reverse
key l
wait_attr "History: audit-log (2 runs)" reverse
key Tab Tab
wait_attr "Workers (4)" reverse
# back to all workers, with PgUp in the workers pane
key PgUp
wait "History: all workers (6 runs)"
key q
expect_exit 0
expect_restored
VT

done_testing
