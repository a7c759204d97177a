#!/bin/sh
# bench/history.sh - wrun history --json against its peers, on one simulated
# history of RUNS runs (default 20000, about 55 MB), in the same run:
#   transfer floor   curl -o /dev/null (the bytes alone)
#   curl | jq        the usual script: download, then parse the whole document
#   curl | python    the same with Python's json module
#   wrun --json      streamed parse into the compact model, then JSON out
#   wrun table       the same parse, table out
# Prints median wall time over REPEAT runs (default 3) and peak RSS.
# Usage: bench/history.sh [RUNS] [REPEAT]   (from a built tree)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-20000}
repeat=${2:-3}
. "$top/bench/lib.sh"
curl -s -H @"$T/auth" -o "$T/body" "$url"
echo "history of $runs runs: $(($(wc -c <"$T/body") / 1024 / 1024)) MiB; median of $repeat runs"
m "transfer floor (curl -o /dev/null)" "curl -s -H @$T/auth -o /dev/null '$url'"
if command -v jq >/dev/null; then
	m "curl | jq -c ." "curl -s -H @$T/auth '$url' | jq -c . >/dev/null"
else
	echo "curl | jq                          (jq not installed: apt-get install jq)"
fi
m "curl | python3 json" "curl -s -H @$T/auth '$url' | $py -c 'import json,sys; json.dump(json.load(sys.stdin), sys.stdout)' >/dev/null"
m "wrun history --json" "'$wrun' history --json --timeout 60 >/dev/null"
m "wrun history (table)" "'$wrun' history --timeout 60 >/dev/null"
