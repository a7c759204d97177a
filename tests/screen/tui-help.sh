#!/bin/sh
# The help screen comes from the action table, as does the man page's key
# list (wrun --keys-man).
. "$top_srcdir/tests/screen/tui-lib.sh"
tui_start

vt 24 80 <<'VT'
wait "History: all workers (6 runs)"
wait "Workers (4)"
key ?
wait "Help: keys of wrun"
wait "Shift-Tab"
wait "Up, k"
# keys other than movement and close do nothing under the help
key r
expect_not "Rerun?"
key End
wait "In the log viewer (L, or Enter on the detail pane):"
wait "Back to the panes"
key Home
wait "Up, k"
key ?
wait_gone "Help: keys of wrun"
key ?
wait "Help: keys of wrun"
key Esc
wait_gone "Help: keys of wrun"
wait_attr "All workers" reverse
key q
expect_exit 0
expect_restored
VT

run_wrun --keys-man
check "--keys-man exits 0" [ "$RC" -eq 0 ]
check "--keys-man has .TP entries" has "$T/out" ".TP"
check "--keys-man lists Ctrl-R and F5" has "$T/out" "Ctrl\\-R, F5"
check "--keys-man lists the rerun key" has "$T/out" "forceRecord=true"
for k in F / "\\]" "\\[" s S t z Space X v a; do
	check "--keys-man lists $k" grep -q "^\.B .*$k" "$T/out"
done
done_testing
