#!/bin/sh
# --mouse: a click focuses a pane and selects a row, the wheel scrolls, a
# click on a question's footer answers it. Without --mouse the terminal's
# own selection keeps working: wrun asks for no mouse events.
. "$top_srcdir/tests/screen/tui-lib.sh"
tui_start

vt 40 160 --mouse <<'VT'
wait "History: all workers (6 runs) 1/6"
wait "Workers (4) 1/5"
# a click on the workers pane's proj-scan row: selected, focused
click 6 10
wait "Workers (4) 5/5"
wait "History: proj-scan (1 run)"
wait_attr "Workers (4) 5/5" reverse
click 2 10
wait "Workers (4) 1/5"
# a click on the third run: the history gets the focus and the selection
click 10 20
wait "History: all workers (6 runs) 3/6"
wait_attr "History: all workers (6 runs) 3/6" reverse
wait "Run 33333333"
# the wheel moves the selection under it
wheel 10 20 down
wait "History: all workers (6 runs) 6/6"
wheel 10 20 up
wait "History: all workers (6 runs) 3/6"
# back to the first run; the dump at the end shows where a question's
# footer is
click 8 20
wait "History: all workers (6 runs) 1/6"
key r
wait "y: rerun   any other key: cancel"
VT
row=$(grep -n "y: rerun   any other key" "$T/screen" | head -n 1 | cut -d: -f1)
yes_col=$(grep "y: rerun   any other key" "$T/screen" | head -n 1 | awk '{ print index($0, "y: rerun") }')
no_col=$(grep "y: rerun   any other key" "$T/screen" | head -n 1 | awk '{ print index($0, "any other key") }')
if [ -n "$row" ] && [ -n "$yes_col" ] && [ -n "$no_col" ]; then ok "the footer is on the screen"
else not_ok "the footer is on the screen"; row=1 yes_col=1 no_col=1; fi
# the dump counts rows and columns from 1, vtdrive from 0
vt 40 160 --mouse <<VT
wait "History: all workers (6 runs) 1/6"
key r
wait "y: rerun   any other key: cancel"
# off the footer: nothing; on "any other key": no
click 3 100
expect "Rerun?"
click $((row - 1)) $((no_col + 2))
wait_gone "Rerun?"
wait "rerun canceled: nothing was sent"
key r
wait "y: rerun   any other key: cancel"
click $((row - 1)) $((yes_col))
wait "Execution  e0000000-0000-4000-8000-000000000001"
key q
expect_exit 0
VT
posts_are "a click on y: rerun sends the rerun, once" <<EOF
/worker/api/v1/rerun/license-gate forceRecord=false {"historyEntryId": "$ID_FAIL_CPU"}
EOF

# Without --mouse a click sends nothing wrun acts on.
vt 40 160 <<'VT'
wait "History: all workers (7 runs) 1/7"
click 6 10
key ?
wait "Help: keys of wrun"
expect "Workers (4) 1/5"
key Esc q
expect_exit 0
VT
check "--mouse with a subcommand is refused" sh -c '"$WRUN" --mouse workers 2>&1 | grep -q "goes with the interface"'
done_testing
