#!/bin/sh
# wrun --file: the interface on a history saved by wrun history --json, with
# no server. The simulator keeps running with an empty request log, to prove
# that nothing is sent: reruns, refreshes and auto-refresh say that they
# need a server. A file that is not a history ends wrun before the terminal
# is touched. --file - reads the history from standard input, then the keys
# from the terminal.
. "$top_srcdir/tests/screen/tui-lib.sh"
tui_start

run_wrun history --json
cp "$T/out" "$T/history.json"
check "saved: six runs" test "$(jq_py "$T/history.json" 'len(d)')" -eq 6
run_wrun history --json --test-runs
cp "$T/out" "$T/history-tests.json"
: >"$SIM_LOG"

# A relative name, as typed: the title shows it.
cd "$T" || exit 1
vt 24 80 --file history.json <<'VT'
wait "History: all workers (6 runs)"
wait "Workers (4)"
wait_row 0 " wrun  history.json  [file]"
expect_not "127.0.0.1"
wait_attr history.json reverse bold
wait "All workers"
wait "3 failed"
wait_row 14 "Run 11111111"
wait "Status     STATUS_FAIL"
wait_row 22 "6 runs loaded, 3 failed"
# the workers come from the runs, with the runs' types as their actions
key Down
wait "History: audit-log (2 runs)"
key Up
wait "History: all workers (6 runs)"
# Each key below says something else than the one before it, so that
# each wait proves its own key's message.
# r: no question, nothing sent
key Tab r
wait_row 22 "cannot rerun: offline (--file): reruns need a server; nothing was sent"
expect_not "Rerun?"
# Ctrl-R: no reload
key C-r
wait_row 22 "offline (--file): a refresh needs a server; nothing was sent"
expect_not "loading"
key R
wait_row 22 "cannot rerun: offline (--file): reruns need a server; nothing was sent"
expect_not "forceRecord"
# a: auto-refresh stays off
key a
wait_row 22 "offline (--file): auto-refresh needs a server; nothing was sent"
expect_not "auto 30s"
# X: no question
key X
wait_row 22 "offline (--file): reruns need a server; nothing was sent"
expect_not "cannot rerun"
expect_not "one at a time"
# F5, as Ctrl-R
key F5
wait_row 22 "offline (--file): a refresh needs a server; nothing was sent"
# marked runs: X still sends nothing
key Space Space
wait "2 marked"
key X
wait_row 22 "offline (--file): reruns need a server; nothing was sent"
expect_not "Rerun 2 runs?"
# the rest works as with a server: the failed view, the detail pane
key F
wait "Failed: all workers (3 runs)"
key Esc
wait "History: all workers (6 runs)"
idle_ms 300
quiet_ms 1000
key q
expect_exit 0
expect_restored
VT
is "" "$(sim_requests)" "--file: the simulator heard nothing"

# --test-runs: the test run too; side by side, with the detail pane
vt 40 160 --file "$T/history-tests.json" --test-runs <<'VT'
wait "History: all workers (7 runs)"
wait "history-tests.json  [file]"
wait "Run 77777777"
wait "Test run   yes"
wait "limits: documented sample"
key q
expect_exit 0
VT

# --file -: the history on standard input, the keys from the terminal
# (/dev/tty: the pty stays the controlling terminal of the shell's child).
cat >"$T/from-stdin.sh" <<'SH'
#!/bin/sh
exec $OFFLINE_VALGRIND "$OFFLINE_WRUN" --file - <"$OFFLINE_HISTORY"
SH
chmod +x "$T/from-stdin.sh"
OFFLINE_WRUN=$WRUN OFFLINE_HISTORY=$T/history.json OFFLINE_VALGRIND=${WRUN_VALGRIND:-}
export OFFLINE_WRUN OFFLINE_HISTORY OFFLINE_VALGRIND
saved_wrun=$WRUN saved_valgrind=${WRUN_VALGRIND:-}
WRUN=$T/from-stdin.sh WRUN_VALGRIND=
vt 24 80 <<'VT'
wait "History: all workers (6 runs)"
wait_row 0 " wrun  standard input  [file]"
key r
wait_row 22 "cannot rerun: offline (--file): reruns need a server; nothing was sent"
key Down
wait "History: audit-log (2 runs)"
key q
expect_exit 0
expect_restored
VT
WRUN=$saved_wrun WRUN_VALGRIND=$saved_valgrind

# --file - with the terminal on standard input: no history there to read
vt 24 80 --file - <<'VT'
expect_exit 2
expect_restored
VT
check "--file - on a terminal: says why" has "$T/vt.err" "standard input is a terminal"

# Not a history: exit 2 before the terminal is touched, the reason on stderr.
echo '{"workers": []}' >"$T/workers.json"
vt 24 80 --file "$T/workers.json" <<'VT'
expect_exit 2
expect_restored
VT
check "not a history: says why" has "$T/vt.err" "workers.json: not a run history:"
check "not a history: the screen untouched" test -z "$(tr -d ' \n' <"$T/screen")"

is "" "$(sim_requests)" "--file: still nothing sent"
done_testing
