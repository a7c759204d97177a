#!/bin/sh
# The rerun ledger (v): every rerun of the session. A result that arrives
# while another run is selected goes to the ledger and the status line, and
# leaves the detail pane alone; Enter on an entry shows its result again.
# q asks first while a rerun is in flight.
. "$top_srcdir/tests/screen/tui-lib.sh"
tui_start

sim_fault "rerun=delay:1@1"
vt 40 160 <<'VT'
wait "History: all workers (6 runs) 1/6"
wait "Workers (4)"
key v
wait "Ledger: reruns of this session (0)"
wait "no rerun yet in this session"
key v
# back to the history, with the focus on it
wait "History: all workers (6 runs) 1/6"
wait_attr "History: all workers (6 runs) 1/6" reverse
key r
wait "Run ID:  11111111-1111-4111-8111-111111111111"
key y
wait "rerun in flight"
# the selection moves on before the answer comes
key Down
wait "Run 22222222"
wait "rerun of 11111111: STATUS_FAIL"
wait "History: all workers (7 runs)"
# the detail pane still shows the selected run, not the result
wait "Run 22222222"
expect_not "Execution  e0000000"
wait "Status     STATUS_SUCCESS"
key v
wait "Ledger: reruns of this session (1) 1/1"
wait_row 8 "FAIL"
wait_row 8 "license-gate of 11111111 -> e0000000"
# the detail follows the ledger's selection
wait "Rerun of 11111111"
wait "Execution  e0000000-0000-4000-8000-000000000001"
wait "Original   STATUS_FAIL"
key Enter
wait_attr "Rerun of 11111111" reverse
key v
wait "History: all workers (7 runs)"
wait_gone "Ledger: reruns"
wait "Run 22222222"
key q
expect_exit 0
VT

# q with a rerun in flight asks first; n stays, y quits.
sim_fault "rerun=delay:3@1"
vt 40 160 <<'VT'
wait "History: all workers (7 runs) 1/7"
key Tab Down r
wait "y: rerun"
key y
wait "rerun in flight"
key q
wait " 1 rerun in flight: quit anyway? y/n "
wait "y: quit (what was sent runs on the server)   any other key: stay"
key n
wait_gone "quit anyway?"
key q
wait " 1 rerun in flight: quit anyway? y/n "
key y
expect_exit 0
expect_restored
VT
done_testing
