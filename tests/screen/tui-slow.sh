#!/bin/sh
# A slow server: keys work while the history loads (help opens, the
# selection moves), "loading Ns" counts, Esc cancels, Ctrl-R loads again.
. "$top_srcdir/tests/screen/tui-lib.sh"
tui_start --fault "history=delay:4@1"

vt 24 80 <<'VT'
wait "Workers (4)"
wait "loading history"
wait "loading history 1s"
key ?
wait "Help: keys of wrun"
key Esc
wait_gone "Help: keys of wrun"
key Down
wait "History: audit-log"
wait "loading history"
# Esc cancels the request; what was loaded stays
key Esc
wait "canceled 1 request"
wait_gone "loading history"
wait "Workers (4)"
key Up
key C-r
wait "History: all workers (6 runs)"
wait "Workers (4)"
key q
expect_exit 0
expect_restored
VT

# A body dribbled over 3 s: keys keep working meanwhile.
sim_fault "history=slow:3@1"
vt 24 80 <<'VT'
wait "loading history"
key Tab
wait_attr "History: all workers" reverse
key Tab
wait_attr "Run" reverse
wait "History: all workers (6 runs)"
wait "Workers (4)"
key q
expect_exit 0
VT
done_testing
