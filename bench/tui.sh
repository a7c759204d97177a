#!/bin/sh
# bench/tui.sh - the interface on one simulated history of RUNS runs
# (default 20000), under a pty (tests/screen/vtdrive), in one run:
#   first paint       start, load workers and history, paint, exit
#                     (WRUN_EXIT_AFTER_PAINT=1), beside the CLI twin and
#                     curl | jq doing the same download and parse
#   idle              CPU used by 3 s of waiting with everything loaded
#   per key           CPU of 400 moves in the history of all runs, per key,
#                     held down (one paint for many), with the pty driver
#   one key at a time wrun's own CPU per Down when each waits for its paint
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

# One key at a time, wrun's CPU alone: each Down waits until the heading's
# position shows it (no two keys share a paint), and the CPU is wrun's own,
# not the pty driver's: a session with 500 keys less one without, per key.
listed=$(curl -s -H @"$T/auth" "$url" |
	"$py" -c 'import json, sys; print(sum(1 for r in json.load(sys.stdin) if not r.get("testRun")))')
{
	printf 'timeout 120\nwait "runs loaded"\nkey Tab\nwait " 1/%s "\n' "$listed"
	i=2
	while [ $i -le 501 ]; do printf 'key Down\nwait " %d/%s "\n' $i "$listed"; i=$((i + 1)); done
	printf 'key q\nexpect_exit 0\n'
} >"$T/one"
sed '/key Down/d; / [0-9]*\/'"$listed"' "$/{/ 1\//!d;}' "$T/one" >"$T/none"
# wrun_cpu SCRIPT: wrun's user + system seconds in that session.
wrun_cpu() {
	"$vt" -r 40 -c 160 -t 300 -s "$1" -- "$py" -c '
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
ru = os.wait4(pid, 0)[2]
open(sys.argv[1], "w").write("%f\n" % (ru.ru_utime + ru.ru_stime))' "$T/cpu" "$wrun" >/dev/null
	cat "$T/cpu"
}
for r in $(seq "$repeat"); do
	a=$(wrun_cpu "$T/none")
	b=$(wrun_cpu "$T/one")
	"$py" -c 'import sys; a, b = map(float, sys.argv[1:]); print("one key at a time, wrun alone: %.3f ms a key" % ((b - a) * 1000 / 500))' "$a" "$b"
done
