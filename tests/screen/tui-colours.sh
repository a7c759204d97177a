#!/bin/sh
# Status colours (success green, failure red, other yellow), the bars'
# colours by share of the limit, and NO_COLOR: attributes only.
. "$top_srcdir/tests/screen/tui-lib.sh"
tui_start

vt 40 160 <<'VT'
wait "History: all workers (6 runs)"
wait "Workers (4)"
wait_attr FAIL fg=1
wait_attr SUCCESS fg=2
wait_attr TIMEOUT fg=3
# the newest run: CPU 120% of the sample limit (red, OVER), memory 42% (green)
wait_attr OVER fg=1
wait_attr "████" fg=2
# proj-scan's run: memory at 83% (yellow); the focus on the runs, so
# that the detail pane shows the run rather than the worker
key Down Down Down Down
wait "History: proj-scan (1 run)"
key Tab
wait "83%"
wait_attr "████" fg=3
key q
expect_exit 0
VT

NO_COLOR=1
export NO_COLOR
vt 40 160 <<'VT'
wait "History: all workers (6 runs)"
wait "Workers (4)"
wait_attr FAIL bold fg=default
wait_attr SUCCESS fg=default
wait_attr OVER bold fg=default
wait_attr "All workers" reverse
key q
expect_exit 0
expect_restored
VT
unset NO_COLOR

# NO_COLOR of any value, even empty
NO_COLOR=
export NO_COLOR
vt 24 80 <<'VT'
wait "History: all workers (6 runs)"
wait "Workers (4)"
wait_attr FAIL bold fg=default
key q
expect_exit 0
VT
unset NO_COLOR

# A terminal without colours: attributes only
TERM=vt100
vt 24 80 <<'VT'
wait "History: all workers (6 runs)"
wait "Workers (4)"
wait_attr FAIL bold fg=default
wait_attr "All workers" reverse
key q
expect_exit 0
expect_restored
VT
TERM=xterm-256color
done_testing
