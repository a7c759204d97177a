#!/bin/sh
# bench/all.sh - bench/history.sh and bench/tui.sh at 20000 and at 100000
# runs (or the SIZES given), then one markdown table of every figure for the
# README (size, command, wall median, vs curl|jq, peak RSS, RSS/body) and
# issue 9's targets with "meets" or "misses". The scripts' own output comes
# first, as they run. At 100000 runs the simulator holds about 0.8 GiB and
# curl | jq about 0.8 GiB; the whole takes a few minutes.
# Usage: bench/all.sh [REPEAT [SIZE...]]   (REPEAT default 3; from a built
#        tree with the pty driver: make tests/screen/vtdrive)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
repeat=${1:-3}
[ $# -eq 0 ] || shift
[ $# -gt 0 ] || set -- 20000 100000
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
trap 'exit 130' HUP INT TERM
BENCH_MD=$out/rows BENCH_VERDICTS=$out/verdicts
export BENCH_MD BENCH_VERDICTS
for size in "$@"; do
	echo "== bench/history.sh $size $repeat"
	sh "$top/bench/history.sh" "$size" "$repeat"
	echo
	echo "== bench/tui.sh $size $repeat"
	sh "$top/bench/tui.sh" "$size" "$repeat"
	echo
done
echo "== every figure (median of $repeat; vs curl|jq: wall time as a fraction of curl | jq -c .'s in the same run)"
echo
echo "| runs (body) | command | wall median | vs curl\\|jq | peak RSS | RSS/body |"
echo "|---:|---|---:|---:|---:|---:|"
cat "$out/rows"
echo
cat "$out/verdicts"
