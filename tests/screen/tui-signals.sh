#!/bin/sh
# Every signal whose default action ends the process ends the interface
# with the terminal restored (primary screen, visible cursor) and exit
# status 128+N: SIGQUIT (Ctrl-\ in cbreak mode), SIGPIPE, SIGUSR1, SIGUSR2,
# SIGALRM; also while a request is in flight.
. "$top_srcdir/tests/screen/tui-lib.sh"
tui_start

for sig in QUIT:131 PIPE:141 USR1:138 USR2:140 ALRM:142; do
	name=${sig%%:*} code=${sig#*:}
	vt 24 80 <<VT
wait "History: all workers (6 runs)"
wait "Workers (4)"
signal $name
# (a loaded machine under ASan can take its time)
timeout 15
expect_exit $code
expect_restored
VT
done

# Ctrl-\ from the keyboard: curses' cbreak mode leaves it to the terminal,
# which sends SIGQUIT.
vt 24 80 <<'VT'
wait "History: all workers (6 runs)"
wait "Workers (4)"
key C-\
timeout 15
expect_exit 131
expect_restored
VT

# while a request hangs
sim_fault "history=hang@1"
vt 24 80 <<'VT'
wait "loading history"
signal USR1
expect_exit 138
expect_restored
VT

# A signal inherited as ignored stays ignored: wrun carries on, and q quits.
cat >"$T/ign.sh" <<EOF2
#!/bin/sh
trap '' USR2
exec ${WRUN_VALGRIND:-} "$WRUN" "\$@"
EOF2
chmod +x "$T/ign.sh"
WRUN_SAVED=$WRUN WRUN_VALGRIND_SAVED=${WRUN_VALGRIND:-}
WRUN=$T/ign.sh WRUN_VALGRIND=
vt 24 80 <<'VT'
wait "History: all workers (6 runs)"
wait "Workers (4)"
signal USR2
idle_ms 200
expect "Workers (4)"
key q
expect_exit 0
expect_restored
VT
WRUN=$WRUN_SAVED WRUN_VALGRIND=$WRUN_VALGRIND_SAVED
done_testing
