#!/bin/sh
# bench/tui.sh - the interface on one simulated history of RUNS runs
# (default 20000), under a pty (tests/screen/vtdrive, 40x160), in one run:
#   every run listed  start, load the workers and the history, paint, exit
#                     (WRUN_EXIT_AFTER_PAINT=1: the first complete paint
#                     with nothing left to load), beside curl | jq doing the
#                     same download and parse; wall, CPU and peak RSS
#   idle              wrun's CPU during 3 s of waiting, everything loaded
#   per key           wrun's CPU per Down key in the history of all runs,
#                     the detail pane following, one key at a time: each key
#                     is sent once the list's heading shows the previous
#                     one's position ("runs) 57/"), so every key is painted
# The figures are wrun's own, apart from the pty driver's: wrun runs under
# bench/own.py, which reports its wall time, CPU and peak RSS at its exit,
# and its CPU at each "signal USR1" of the screen script (the idle and key
# figures are the CPU between two such marks). Medians of REPEAT sessions
# (default 3); then issue 9's targets with "meets" or "misses".
# Usage: bench/tui.sh [RUNS] [REPEAT]   (from a built tree, with the driver:
#        make tests/screen/vtdrive, or make check)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-20000}
repeat=${2:-3}
keys=${BENCH_KEYS:-400}
vt=$top/tests/screen/vtdrive
[ -x "$vt" ] || { echo "build the pty driver first: make tests/screen/vtdrive"; exit 2; }
. "$top/bench/lib.sh"
TERM=xterm-256color LC_ALL=C.UTF-8
export TERM LC_ALL

# drive SCRIPT: the screen script under the driver, wrun under own.py.
drive() {
	printf "'%s' -r 40 -c 160 -t 900 -s '%s' -- '%s' '%s' '%s' '%s' >'%s'" \
		"$vt" "$1" "$py" "$top/bench/own.py" "$T/own" "$wrun" "$T/tap"
}

printf 'timeout 600\nexpect_exit 0\n' >"$T/paint"
m "interface: every run listed" "WRUN_EXIT_AFTER_PAINT=1 $(drive "$T/paint")" --own "$T/own" --tap "$T/tap"
[ -z "$jq" ] || m "curl | jq -c ." "curl -s -H @$T/auth '$url' | jq -c . >/dev/null"

# Idle: marks around 3 s of waiting, once the paint after the load is done.
# The wrapper reads wrun's CPU when its signal handler runs, which can be
# after the driver has sent the next key: each mark is followed by a wait
# before any key, so the key's work never lands in the window it closes.
printf 'timeout 600\nwait "runs loaded"\nidle_ms 300\nsignal USR1\nidle_ms 3000\nsignal USR1\nidle_ms 200\nkey q\nexpect_exit 0\n' >"$T/idle"
m "interface: idle 3 s" "$(drive "$T/idle")" --own "$T/own" --tap "$T/tap"

# Keys: focus the history, one Down, a mark, then $keys Downs each waited
# for, a mark.
{
	printf 'timeout 600\nwait "runs loaded"\nkey Tab\nkey Down\nwait "runs) 2/"\nsignal USR1\nidle_ms 200\n'
	i=3
	while [ $i -le $((keys + 2)) ]; do
		printf 'key Down\nwait "runs) %d/"\n' $i
		i=$((i + 1))
	done
	printf 'signal USR1\nidle_ms 200\nkey q\nexpect_exit 0\n'
} >"$T/keys"
m "interface: Down key, one at a time" "$(drive "$T/keys")" --own "$T/own" --tap "$T/tap"
echo "(the sessions' lines: wrun's whole session; idle = CPU between the marks;" \
	"per key = CPU between the marks / $keys)"
report tui "$keys"
