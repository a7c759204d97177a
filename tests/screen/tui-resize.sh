#!/bin/sh
# Resize at any moment: to a too-small terminal and back, from stacked to
# side by side, twice before wrun looks, and while a request runs.
. "$top_srcdir/tests/screen/tui-lib.sh"
tui_start

vt 24 80 <<'VT'
wait "History: all workers (6 runs)"
wait "Workers (4)"
resize 6 30
wait "terminal too small"
wait "(need 40x10)"
resize 9 80
wait "terminal too small (need 40x10)"
resize 24 39
wait "terminal too small (need 40x10)"
resize 24 80
wait_gone "terminal too small"
wait "History: all workers (6 runs)"
wait_row 14 "Run 11111111"
resize 40 160
wait_row 1 "Run 11111111"
resize 10 40
wait_gone "too small"
wait "Workers (4)"
resize 24 80
wait_row 14 "Run 11111111"
key q
expect_exit 0
expect_restored
VT

# Two resizes that wrun sees as one (it is stopped meanwhile): the size is
# the same as before, but the terminal cut its contents while it was 3 x 10
# (or 24 x 1), so the whole screen is sent again.
vt 24 80 <<'VT'
wait "History: all workers (6 runs)"
wait "Workers (4)"
signal STOP
resize 3 10
resize 24 80
signal CONT
wait "History: all workers (6 runs)"
wait_row 0 " wrun  http://127.0.0.1:"
wait_row 23 "q quit  ? help"
signal STOP
resize 24 1
resize 24 80
signal CONT
wait "History: all workers (6 runs)"
wait_row 0 " wrun  http://127.0.0.1:"
wait_row 14 "Run 11111111"
wait_row 23 "q quit  ? help"
key q
expect_exit 0
VT

sim_fault "history=delay:3@1"
vt 24 80 <<'VT'
wait "loading history"
resize 8 30
wait "terminal too small"
resize 30 120
wait_gone "terminal too small"
wait "loading history"
wait_row 1 "Workers (4)"
wait "History: all workers (6 runs)"
wait "Workers (4)"
key q
expect_exit 0
VT
done_testing
