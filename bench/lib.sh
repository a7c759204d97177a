# bench/lib.sh - shared by the benchmarks (sourced, after top, runs and
# repeat are set): the simulator with RUNS generated runs on a free port,
# JF_URL/JF_ACCESS_TOKEN for wrun, $T/auth (the token as a header file, so it
# never reaches curl's argv), $url (the history endpoint) and m().
py=/usr/bin/python3
[ -x "$py" ] || py=python3
wrun=${WRUN:-$top/src/wrun}
[ -x "$wrun" ] || { echo "build wrun first (make)"; exit 2; }

T=$(mktemp -d)
sim=
trap '[ -n "$sim" ] && kill $sim 2>/dev/null; rm -rf "$T"' EXIT
WRUN_SIM_TOKEN=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
export WRUN_SIM_TOKEN
"$py" "$top/tests/sim/wrun-sim.py" --scenario "$top/tests/sim/scenarios/empty.json" \
	--runs "$runs" --port-file "$T/port" --exit-after 1800 2>"$T/sim.err" &
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

# m LABEL COMMAND: median wall and CPU time over $repeat runs, and peak RSS.
m() { "$py" "$top/bench/measure.py" "$1" "$repeat" "$2"; }
