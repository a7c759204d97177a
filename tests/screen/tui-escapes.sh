#!/bin/sh
# Escape sequences in a run's logs are shown as visible text and never
# reach the terminal: the screen is not cleared, nothing turns red; and
# non-ASCII text is drawn by its display width.
. "$top_srcdir/tests/screen/tui-lib.sh"
tui_start

vt 40 160 <<'VT'
wait "History: all workers (6 runs)"
wait "Workers (4)"
key Down
wait "History: audit-log (2 runs)"
# the focus on the runs: the detail pane shows the newest one
key Tab
wait "Logs (4 lines)"
# (waits, not expects: a paint may reach the terminal in several writes)
wait "title ^[]0;PWNED^G here"
wait "clear ^[[2J^[[H now"
wait "colour ^[[31mRED^[[0m done"
wait_attr RED fg=default
# nothing was cleared: had ESC[2J reached the terminal, these would be gone
# and nothing would redraw them
wait "Workers (4)"
wait "History: audit-log (2 runs)"
# UTF-8 from the server: the row stays aligned after "zoë"
wait zoë
key q
expect_exit 0
expect_restored
VT
done_testing
