# bench/lib.sh - shared by the benchmarks (sourced, after top, runs and
# repeat are set): the simulator with RUNS generated runs on a free port,
# JF_URL/JF_ACCESS_TOKEN for wrun, $T/auth (the token as a header file, so it
# never reaches curl's argv), $url (the history endpoint), the body
# downloaded once to $T/body (which also fills the simulator's cache) and its
# size in $body_bytes, $jq (empty when jq is not installed), m() and report().
# shellcheck disable=SC2154 # top, runs and repeat: the sourcing script's
py=/usr/bin/python3
[ -x "$py" ] || py=python3
wrun=${WRUN:-$top/src/wrun}
[ -x "$wrun" ] || { echo "build wrun first (make)"; exit 2; }
case $runs in '' | *[!0-9]*) echo "RUNS must be a number: $runs"; exit 2 ;; esac
case $repeat in '' | *[!0-9]* | 0) echo "REPEAT must be a number, 1 or more: $repeat"; exit 2 ;; esac
jq=
if command -v jq >/dev/null; then jq=jq; fi

T=$(mktemp -d)
sim=
trap '[ -n "$sim" ] && kill $sim 2>/dev/null; rm -rf "$T"' EXIT
trap 'exit 130' HUP INT TERM
WRUN_SIM_TOKEN=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
export WRUN_SIM_TOKEN
gen_start=$(date +%s)
"$py" "$top/tests/sim/wrun-sim.py" --scenario "$top/tests/sim/scenarios/empty.json" \
	--runs "$runs" --port-file "$T/port" --exit-after 3600 2>"$T/sim.err" &
sim=$!
while [ ! -s "$T/port" ]; do
	kill -0 "$sim" 2>/dev/null || { cat "$T/sim.err"; exit 1; }
	sleep 0.1
done
JF_URL="http://127.0.0.1:$(cat "$T/port")"
JF_ACCESS_TOKEN=$WRUN_SIM_TOKEN
export JF_URL JF_ACCESS_TOKEN
printf 'Authorization: Bearer %s\n' "$WRUN_SIM_TOKEN" >"$T/auth"
chmod 600 "$T/auth"
url="$JF_URL/worker/api/v1/execution_history"
curl -sf -H @"$T/auth" -o "$T/body" "$url" || { echo "the simulator's history failed"; cat "$T/sim.err"; exit 1; }
body_bytes=$(wc -c <"$T/body")
body_mib=$(awk -v b="$body_bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
echo "simulated history of $runs runs: body $body_mib MiB, generated and served in" \
	"$(($(date +%s) - gen_start)) s; median of $repeat runs"
[ -n "$jq" ] || echo "jq is not installed (apt-get install jq): no curl | jq figures, no ratios to it"

# m LABEL COMMAND [measure.py options]: median wall and CPU time over
# $repeat runs, and peak RSS, saved in $T/results for report().
m() {
	_l=$1 _c=$2
	shift 2
	"$py" "$top/bench/measure.py" --save "$T/results" "$@" "$_l" "$repeat" "$_c"
}

# report history|tui [KEYS]: the table of $T/results and the targets, and
# the simulator's peak RSS (it holds the runs and up to three bodies).
report() {
	"$py" "$top/bench/report.py" "$1" "$T/results" "$runs" "$body_bytes" ${2:+"$2"}
	echo "(the simulator's peak RSS: $(awk '/^VmHWM/ { printf "%.0f MiB", $2 / 1024 }' "/proc/$sim/status" 2>/dev/null))"
}
