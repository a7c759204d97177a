#!/bin/sh
# tests/screen/vtdrive-selftest.sh - the screen-test driver's own tests.
#
# The driver runs small shell programs and must see their text and
# attributes, send the bytes xterm sends for keys, follow resizes, signals,
# hangups and exits, and fail when it should. Each driver run is one test
# point here: it passes when the driver's own TAP says what it must (every
# check "ok", or exactly the expected "not ok").

. "$top_srcdir/tests/lib.sh"

VTDRIVE="$top_builddir/tests/screen/vtdrive"

# vt ARGS...: runs the driver; its TAP in $T/tap, its exit status in $VRC.
vt() {
	VRC=0
	${WRUN_VALGRIND:-} "$VTDRIVE" "$@" >"$T/tap" 2>"$T/vt.err" || VRC=$?
}

show_run() {
	{ echo "driver exit status $VRC, its output:"; cat "$T/tap"; cat "$T/vt.err"; } | diag
}

# passes NAME N: the last run exited 0 with a plan of N checks, all "ok".
passes() {
	if [ "$VRC" -eq 0 ] && grep -qx "1\.\.$2" "$T/tap" &&
	   [ "$(grep -c '^ok ' "$T/tap")" -eq "$2" ] && ! grep -q '^not ok' "$T/tap"; then
		ok "$1 ($2 checks pass)"
	else
		not_ok "$1"; show_run
	fi
}

# fails NAME N TEXT...: the last run exited 0 with a plan of N checks, the
# Nth and only the Nth "not ok", and every TEXT in its output.
fails() {
	_name=$1 _n=$2 _good=true
	shift 2
	[ "$VRC" -eq 0 ] && grep -qx "1\.\.$_n" "$T/tap" && grep -q "^not ok $_n - " "$T/tap" &&
		[ "$(grep -c '^not ok' "$T/tap")" -eq 1 ] || _good=false
	for _text; do
		grep -qF -- "$_text" "$T/tap" || { _good=false; echo "missing: $_text" | diag; }
	done
	if $_good; then ok "$_name (fails as it should)"; else not_ok "$_name"; show_run; fi
}

# refuses NAME TEXT: the last run stopped with status 2 and "Bail out!"
# before the child started (it would have made $T/started).
refuses() {
	if [ "$VRC" -eq 2 ] && grep -q '^Bail out!' "$T/tap" && has "$T/tap" "$2" && [ ! -e "$T/started" ]; then
		ok "$1 (refused)"
	else
		not_ok "$1"; show_run
	fi
}

# ---- what the driver must see and do --------------------------------------

# Text, colours, attributes, wide characters, typing, exit, the dump file.
cat >"$T/colours.vt" <<'EOF'
# text and attributes
wait RED
wait_attr RED fg=1 noreverse nobold
wait_attr REV reverse fg=default bg=default
wait_attr BU bold underline
wait_attr IT italic noreverse
wait_attr C200 fg=200
wait_attr BG bg=2 fg=default
wait_attr BR fg=9
wait_attr "a # b" fg=default
wait_row 1 plain
wait_row 1 "wide 世界 x"
wait_row 1 "  wide"
expect_not "RED  REV"
type héllo
key Enter
wait got:héllo
expect_exit 0
expect_restored
EOF
vt -d "$T/dump" -s "$T/colours.vt" -- sh -c '
	printf "\033[31mRED\033[0m \033[7mREV\033[0m \033[1;4mBU\033[0m \033[3mIT\033[0m "
	printf "\033[38;5;200mC200\033[0m \033[42mBG\033[0m \033[91mBR\033[0m a # b\n"
	printf "plain  wide 世界 x\n"
	read x; echo "got:$x"'
passes "text, colours and attributes" 16
check "a # in a check's name is escaped for TAP" has "$T/tap" 'ok 9 - wait_attr "a \# b" fg=default'
check "-d writes the final screen" sh -c '
	[ "$(sed -n 1p "$1")" = "RED REV BU IT C200 BG BR a # b" ] &&
	[ "$(sed -n 2p "$1")" = "plain  wide 世界 x" ] && [ "$(wc -l <"$1")" -eq 24 ]' - "$T/dump"

# Keys: a raw-mode program shows the bytes of each read in hex. After "a"
# it turns on application cursor keys (as ncurses' smkx does): libvterm
# must then send ESC O A for Up.
cat >"$T/keys.prog" <<'EOF'
stty raw -echo
echo ready
n=0
while :; do
	k=$(dd bs=64 count=1 2>/dev/null | od -An -tx1)
	n=$((n + 1))
	# the mode first: once the line shows, the mode is on
	[ "$k" = " 61" ] && printf '\033[?1h'
	printf '%d:%s|\r\n' "$n" "$k"
	[ "$k" = " 71" ] && break
done
stty sane
EOF
{
	echo "wait ready"
	n=0
	while IFS='|' read -r key hex; do
		n=$((n + 1))
		echo "key $key"
		echo "wait \"$n: $hex|\""
	done <<'EOF'
Up|1b 5b 41
Down|1b 5b 42
Right|1b 5b 43
Left|1b 5b 44
Home|1b 5b 48
End|1b 5b 46
PgUp|1b 5b 35 7e
PgDn|1b 5b 36 7e
Insert|1b 5b 32 7e
Delete|1b 5b 33 7e
F1|1b 4f 50
F4|1b 4f 53
F5|1b 5b 31 35 7e
F12|1b 5b 32 34 7e
Enter|0d
Tab|09
S-Tab|1b 5b 5a
Esc|1b
Backspace|7f
Space|20
C-a|01
C-i|09
C-z|1a
C-Up|1b 5b 31 3b 35 41
M-x|1b 78
?|3f
Q|51
é|c3 a9
a|61
Up|1b 4f 41
Home|1b 4f 48
EOF
	echo 'type "hi there"'
	echo "wait \"$((n + 1)): 68 69 20 74 68 65 72 65|\""
	echo "key q"
	echo "expect_exit 0"
} >"$T/keys.vt"
vt -s "$T/keys.vt" -- sh "$T/keys.prog"
passes "keys are sent as xterm sends them, in the terminal's modes" 34

# The alternate screen and the cursor: entered, left, restored.
vt -s - -- sh -c '
	printf "before\n\033[?1049h\033[?25linside\n"; read x
	printf "\033[?25h\033[?1049lafter\n"' <<'EOF'
wait inside
expect_not before
key Enter
wait after
expect before
expect_not inside
expect_exit 0
expect_restored
EOF
passes "the alternate screen comes and goes" 7

# The cursor's visibility is xterm's: a cursor saved (ESC 7) while hidden
# and restored (ESC 8, CSI ?1049l) does not hide it again, as curses does
# it around a scroll; CSI ?12;25l hides it, ESC c shows it.
vt -s - -- sh -c 'printf "\033[?1049h\033[?25l\0337\0338\033[?25h\033[?1049lone\n"; read x;
	printf "\033[?12;25ltwo\n"; read x; printf "\033cthree\n"' <<'EOF'
wait one
expect_restored
key Enter
wait two
key Enter
wait three
expect_exit 0
expect_restored
EOF
passes "the cursor's visibility follows DECTCEM, as in xterm" 6

vt -s - -- sh -c 'printf "\033[?1049h\033[?25l\033[?1049l"; read x; printf "gone\n"' <<'EOF'
key Enter
wait gone
expect_restored
EOF
fails "a cursor hidden on the alternate screen stays hidden" 2 "the cursor is hidden"

# wait_gone, quiet_ms, idle_ms and the hangup.
vt -s - -- sh -c 'echo busy; read x; printf "\033[H\033[2Jdone\n"; exec sleep 1000' <<'EOF'
wait busy
key Enter
wait_gone busy
expect done
quiet_ms 200
idle_ms 50
expect done
hangup
expect_exit signal:HUP
EOF
passes "wait_gone, a quiet child, a hangup" 6

# Resizes reach the child (SIGWINCH, stty size) and the emulated screen;
# signals reach the child.
cat >"$T/winch.prog" <<'EOF'
trap 'printf "\033[999;1Hsize %s" "$(stty size)"' WINCH
trap 'printf "\033[Hgot-USR1"' USR1
echo ready
while :; do
	sleep 1000 &
	wait $!
	kill $! 2>/dev/null
done
EOF
vt -s - -- sh "$T/winch.prog" <<'EOF'
wait ready
resize 30 100
wait_row 29 "size 30 100"
resize 10 40
wait_row 9 "size 10 40"
resize 1 1
resize 12 40
wait_row 11 "size 12 40"
signal USR1
wait_row 0 got-USR1
EOF
passes "resize (down to 1 x 1) and signal" 5

# A resize resets the scrolling region, as in xterm: output written for
# the old size then scrolls the smaller screen (libvterm 0.1 kept the
# region and scrolled past the end of its screen).
vt -s - -- sh -c 'printf "\033[5;20r\033[2;3Hready"; read x; printf "\033[1T\033[1Safter"; read x' <<'EOF'
wait ready
resize 3 10
key Enter
wait after
resize 24 80
key Enter
expect_exit 0
EOF
passes "a resize resets the scrolling region" 3

# Exit codes and deaths by signal.
vt -s - -- sh -c 'echo bye; exit 3' <<'EOF'
wait bye
expect_exit 3
EOF
passes "an exit status" 2
vt -s - -- sh -c 'echo ready; exec sleep 1000' <<'EOF'
wait ready
signal TERM
expect_exit signal:TERM
EOF
passes "a death by signal" 2

# ---- what the driver must refuse or report as failures ----------------------

vt -s - -- sh -c 'echo hi; exec sleep 1000' <<'EOF'
timeout 0.3
wait nothere
expect hi
EOF
fails "a wait times out" 1 "timed out after 0.3 s" "#  0|hi" "1 command not run" \
	"the child was killed by signal TERM"

printf 'timeout 0.3\nwait RED\nwait_attr RED fg=2\n' >"$T/attr.vt"
vt -s "$T/attr.vt" -- sh -c 'printf "\033[1;31mRED\033[0m\n"; exec sleep 1000'
fails "wrong attributes" 2 "row 0 col 0: fg=1 bg=default bold"

vt -e "$T/child.err" -s - -- sh -c 'echo hi; echo to-stderr >&2; exit 4' <<'EOF'
wait nothere
EOF
fails "the child exits while a wait waits" 1 "the child ended before this held" \
	"the child exited with status 4" "#   to-stderr"

vt -s - -- sh -c 'echo hi; exit 3' <<'EOF'
wait hi
expect_exit 0
EOF
fails "an unexpected exit status" 2 "the child exited with status 3"

vt -s - -- sh -c 'printf "\033[?1049h\033[?25lbye\n"' <<'EOF'
expect_exit 0
expect_restored
EOF
fails "a program that does not restore the terminal" 2 "still on the alternate screen" \
	"the cursor is hidden"

vt -s - -- sh -c 'echo here; exec sleep 1000' <<'EOF'
wait here
expect_not here
EOF
fails "expect_not" 2 "on the screen"

vt -s - -- sh -c 'echo first; echo second; exec sleep 1000' <<'EOF'
timeout 0.3
wait second
wait_row 0 second
EOF
fails "wait_row looks at one row only" 2 "timed out"

vt -s - -- sh -c 'while :; do echo tick; sleep 0.05; done' <<'EOF'
wait tick
quiet_ms 1000
EOF
fails "quiet_ms sees output" 2 "the child wrote"

vt -s - -- sh -c 'echo bye' <<'EOF'
expect_exit 0
key q
EOF
fails "keys to a child that has ended" 2 "cannot get input"

vt -t 0.5 -f 2 -s - -- sh -c 'exec sleep 1000' <<'EOF'
timeout 60
wait never
EOF
fails "the global timeout, multiplied by -f" 1 "the global timeout (1 s) passed"

vt -s - -- sh -c 'trap "" TERM; echo ready; exec sleep 1000' <<'EOF'
timeout 0.2
wait never
EOF
fails "a child that ignores SIGTERM is killed" 1 "sending SIGKILL" "killed by signal KILL"

# ---- bad scripts and usage: no child starts ---------------------------------

printf 'wait x\nfrobnicate\n' >"$T/bad.vt"
vt -s "$T/bad.vt" -- sh -c ": >'$T/started'"
refuses "an unknown command" "script line 2: unknown command: frobnicate"
printf 'key Up Hyper\n' >"$T/bad.vt"
vt -s "$T/bad.vt" -- sh -c ": >'$T/started'"
refuses "an unknown key" "script line 1: unknown key"
printf 'wait_attr X blue\n' >"$T/bad.vt"
vt -s "$T/bad.vt" -- sh -c ": >'$T/started'"
refuses "an unknown attribute" "unknown attribute"
printf 'wait ""\n' >"$T/bad.vt"
vt -s "$T/bad.vt" -- sh -c ": >'$T/started'"
refuses "an empty text" "TEXT is empty"
vt -s "$T/bad.vt"
refuses "no command" "bad usage"

done_testing
