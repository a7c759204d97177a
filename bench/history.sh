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
py=/usr/bin/python3
[ -x "$py" ] || py=python3
wrun=${WRUN:-$top/src/wrun}
[ -x "$wrun" ] || { echo "build wrun first (make)"; exit 2; }

T=$(mktemp -d)
trap 'kill $sim 2>/dev/null; rm -rf "$T"' EXIT
WRUN_SIM_TOKEN=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
export WRUN_SIM_TOKEN
"$py" "$top/tests/sim/wrun-sim.py" --scenario "$top/tests/sim/scenarios/empty.json" \
	--runs "$runs" --port-file "$T/port" --exit-after 1800 2>"$T/sim.err" &
sim=$!
while [ ! -s "$T/port" ]; do sleep 0.1; done
url="http://127.0.0.1:$(cat "$T/port")/worker/api/v1/execution_history"
# The token reaches curl through a header file, never its argv.
printf 'Authorization: Bearer %s\n' "$WRUN_SIM_TOKEN" >"$T/auth"
chmod 600 "$T/auth"
JF_URL=${url%/worker/api/v1/execution_history}
JF_ACCESS_TOKEN=$WRUN_SIM_TOKEN
export JF_URL JF_ACCESS_TOKEN

curl -s -H @"$T/auth" -o "$T/body" "$url"
echo "history of $runs runs: $(($(wc -c <"$T/body") / 1024 / 1024)) MiB; median of $repeat runs"
m() { "$py" "$top/bench/measure.py" "$1" "$repeat" "$2"; }
m "transfer floor (curl -o /dev/null)" "curl -s -H @$T/auth -o /dev/null '$url'"
if command -v jq >/dev/null; then
	m "curl | jq -c ." "curl -s -H @$T/auth '$url' | jq -c . >/dev/null"
else
	echo "curl | jq                          (jq not installed: apt-get install jq)"
fi
m "curl | python3 json" "curl -s -H @$T/auth '$url' | $py -c 'import json,sys; json.dump(json.load(sys.stdin), sys.stdout)' >/dev/null"
m "wrun history --json" "'$wrun' history --json --timeout 60 >/dev/null"
m "wrun history (table)" "'$wrun' history --timeout 60 >/dev/null"
