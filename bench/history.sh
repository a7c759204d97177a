#!/bin/sh
# bench/history.sh - wrun history against its peers, on one simulated
# history of RUNS runs (default 20000, a body of about 51 MiB; 100000 make
# about 255 MiB), in the same run:
#   transfer floor   curl -o /dev/null (the bytes alone)
#   curl | jq        the usual script: download, then parse the whole document
#   curl | python    the same with Python's json module
#   wrun --json      download and parse into the model, then JSON out
#   wrun table       the same parse, table out
# Prints, for each, the median wall and CPU time over REPEAT runs (default
# 3) and the peak RSS (of a pipeline's largest process), then the wall time
# as a fraction of curl | jq's and the peak RSS as a fraction of the body,
# and issue 9's targets with "meets" or "misses" (a report, not a test).
# Usage: bench/history.sh [RUNS] [REPEAT]   (from a built tree)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-20000}
repeat=${2:-3}
. "$top/bench/lib.sh"
m "transfer floor (curl -o /dev/null)" "curl -s -H @$T/auth -o /dev/null '$url'"
[ -z "$jq" ] || m "curl | jq -c ." "curl -s -H @$T/auth '$url' | jq -c . >/dev/null"
m "curl | python3 json" "curl -s -H @$T/auth '$url' | $py -c 'import json,sys; json.dump(json.load(sys.stdin), sys.stdout)' >/dev/null"
m "wrun history --json" "'$wrun' history --json --timeout 60 >/dev/null"
m "wrun history (table)" "'$wrun' history --timeout 60 >/dev/null"
report history
