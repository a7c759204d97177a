#!/bin/sh
# The terminal is restored on every way out: q, SIGTERM, SIGINT, SIGHUP (a
# hang-up), end of input, and a crash (SIGABRT).
. "$top_srcdir/tests/screen/tui-lib.sh"
tui_start

vt 24 80 <<'VT'
wait "History: all workers (6 runs)"
wait "Workers (4)"
key q
expect_exit 0
expect_restored
VT

vt 24 80 <<'VT'
wait "History: all workers (6 runs)"
wait "Workers (4)"
signal TERM
expect_exit 143
expect_restored
VT

vt 24 80 <<'VT'
wait "History: all workers (6 runs)"
wait "Workers (4)"
signal INT
expect_exit 130
expect_restored
VT

# Ctrl-C from the keyboard is SIGINT too
vt 24 80 <<'VT'
wait "History: all workers (6 runs)"
wait "Workers (4)"
key C-c
expect_exit 130
expect_restored
VT

vt 24 80 <<'VT'
wait "History: all workers (6 runs)"
wait "Workers (4)"
signal HUP
expect_exit 129
expect_restored
VT

# while a request runs
sim_fault "history=hang@1"
vt 24 80 <<'VT'
wait "loading history"
signal TERM
expect_exit 143
expect_restored
VT

vt 24 80 <<'VT'
wait "History: all workers (6 runs)"
wait "Workers (4)"
hangup
expect_exit 129
VT

# end of input: standard input at end of file
cat >"$T/eof.sh" <<EOF2
#!/bin/sh
exec ${WRUN_VALGRIND:-} "$WRUN" "\$@" </dev/null
EOF2
chmod +x "$T/eof.sh"
WRUN_SAVED=$WRUN WRUN_VALGRIND_SAVED=${WRUN_VALGRIND:-}
WRUN=$T/eof.sh WRUN_VALGRIND=
vt 24 80 <<'VT'
expect_exit 0
expect_restored
VT
WRUN=$WRUN_SAVED WRUN_VALGRIND=$WRUN_VALGRIND_SAVED

# a crash: the handler restores the terminal, then the signal kills
vt 24 80 <<'VT'
wait "History: all workers (6 runs)"
wait "Workers (4)"
signal ABRT
expect_exit signal:ABRT
expect_restored
VT
done_testing
