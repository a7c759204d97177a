#!/bin/sh
# bench/tui.sh - the interface on one simulated history of RUNS runs
# (default 20000), under a pty (tests/screen/vtdrive), in one run:
#   first paint       start, load workers and history, paint, exit
#                     (WRUN_EXIT_AFTER_PAINT=1), beside the CLI twin and
#                     curl | jq doing the same download and parse
#   idle              CPU used by 3 s of waiting with everything loaded
#   per key           CPU of 400 moves in the history of all runs, per key
# Usage: bench/tui.sh [RUNS] [REPEAT]   (from a built tree, make check built vtdrive)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-20000}
repeat=${2:-3}
vt=$top/tests/screen/vtdrive
[ -x "$vt" ] || { echo "build the pty driver first: make check"; exit 2; }
. "$top/bench/lib.sh"
TERM=xterm-256color LC_ALL=C.UTF-8
export TERM LC_ALL
curl -s -H @"$T/auth" -o /dev/null "$url" # warm the simulator's cache

echo "history of $runs runs; median of $repeat runs; CPU includes the pty driver where it runs"

printf 'expect_exit 0\n' >"$T/paint"
m "wrun first paint (40x160)" "WRUN_EXIT_AFTER_PAINT=1 '$vt' -r 40 -c 160 -t 120 -s '$T/paint' -- '$wrun' >/dev/null"
m "wrun history --json (the CLI twin)" "'$wrun' history --json --timeout 60 >/dev/null"
if command -v jq >/dev/null; then
	m "curl | jq -c ." "curl -s -H @$T/auth '$url' | jq -c . >/dev/null"
fi

# Idle: the same session with and without 3 s of waiting; the difference.
printf 'timeout 120\nwait "runs loaded"\nkey q\nexpect_exit 0\n' >"$T/quit"
printf 'timeout 120\nwait "runs loaded"\nidle_ms 3000\nkey q\nexpect_exit 0\n' >"$T/idle"
# Keys: 400 moves down, then the last one's effect, minus the same without.
{
	printf 'timeout 120\nwait "runs loaded"\nkey Tab\n'
	i=0
	while [ $i -lt 400 ]; do printf 'key Down\n'; i=$((i + 1)); done
	printf 'wait "> SUCCESS"\nkey q\nexpect_exit 0\n'
} >"$T/keys"
m "session: load, quit" "'$vt' -r 40 -c 160 -t 120 -s '$T/quit' -- '$wrun' >/dev/null"
m "session: load, idle 3 s, quit" "'$vt' -r 40 -c 160 -t 120 -s '$T/idle' -- '$wrun' >/dev/null"
m "session: load, 400 keys, quit" "'$vt' -r 40 -c 160 -t 120 -s '$T/keys' -- '$wrun' >/dev/null"
echo "(idle CPU = the second CPU figure minus the first; per key = (third - first) / 400)"
