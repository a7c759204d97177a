#!/bin/sh
# Errors: a run without historyEntryId is not rerun (the status line says
# why); a server error shows in the status line in the error colour while
# what was loaded stays; a second r while a rerun is in flight sends
# nothing.
. "$top_srcdir/tests/screen/tui-lib.sh"
tui_start

vt 40 160 <<'VT'
wait "History: all workers (6 runs)"
wait "Workers (4)"
key Down Down
wait "History: legacy-hook (1 run)"
key Tab
wait "none: this server did not report a history entry ID;"
wait "it cannot be rerun"
key r
wait "cannot rerun: this run has no history entry ID"
wait_attr "cannot rerun" fg=1
expect_not "Rerun?"
key R
expect_not "Rerun?"
key q
expect_exit 0
VT
posts >"$T/posts"
check "a run without ID: nothing sent" [ ! -s "$T/posts" ]

sim_fault "rerun=status:400:Call limit exceeded@1"
vt 40 160 <<'VT'
wait "History: all workers (6 runs)"
wait "Workers (4)"
key r
wait "y: rerun"
key y
wait "HTTP 400: Call limit exceeded; sending it again in 1s"
wait_attr "Call limit exceeded" fg=1
# what was loaded stays
wait "Run 11111111"
wait "Status     STATUS_FAIL"
wait "History: all workers (6 runs)"
# the server did not run it: it is sent again once the wait is over
wait "Execution  e0000000-0000-4000-8000-000000000001"
wait "History: all workers (7 runs)"
key q
expect_exit 0
VT

sim_fault "rerun=delay:2@1"
: >"$SIM_LOG"
vt 40 160 <<'VT'
wait "History: all workers (7 runs)"
wait "Workers (4)"
key r
wait "y: rerun"
key y
wait "rerun in flight"
key r
wait "already in flight"
wait "Execution  e0000000"
key q
expect_exit 0
VT
posts >"$T/posts"
check "a second r while in flight sends nothing" [ "$(wc -l <"$T/posts")" -eq 1 ]

# The history fails to load: the error is shown, the workers stay.
sim_fault "history=status:403@1"
vt 24 80 <<'VT'
wait "HTTP 403"
wait_attr "HTTP 403" fg=1
# the workers may come after the history's error
wait "Workers (4)"
# Ctrl-R loads again (the fault was for one request)
key C-r
wait "History: all workers (8 runs)"
wait "Workers (4)"
key q
expect_exit 0
VT

# An HTML page from a proxy: a short plain summary, never the markup.
sim_fault "workers=html:502@1"
vt 24 80 <<'VT'
wait "History: all workers (8 runs)"
wait "502"
expect_not "<html"
key q
expect_exit 0
VT
# No server at all: a one-line network error, the interface stays usable.
sim_stop
vt 24 80 <<'VT'
wait "cannot connect"
wait "(not loaded)"
wait_attr "cannot connect" fg=1
key ?
wait "Help: keys of wrun"
key q
wait_gone "Help: keys of wrun"
key q
expect_exit 0
expect_restored
VT
done_testing
