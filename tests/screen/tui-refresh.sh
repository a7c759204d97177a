#!/bin/sh
# Auto-refresh (--refresh, a): the title says when the last refresh was; a
# refresh that fails keeps what was loaded and says so; runs new since the
# previous load are marked until selected. And the runs of a project worker
# that the history of every worker leaves out are asked for with its
# project key, then count like any other worker's.
. "$top_srcdir/tests/screen/tui-lib.sh"
tui_start
# every second history request fails: the first refresh fails, the next one
# works
sim_fault "history=status:500:Internal error%2"

# While the interface runs, another client reruns (and records) a run.
(
	for _i in $(seq 1 200); do
		grep -q execution_history "$SIM_LOG" 2>/dev/null && break
		sleep 0.05
	done
	"$WRUN" rerun license-gate "$ID_OK" --force-record >/dev/null 2>&1
) &
bg=$!
vt 40 160 --refresh 2 <<'VT'
wait "History: all workers (6 runs) 1/6"
wait "auto 2s: refreshed"
wait "auto 2s: refresh FAILED"
wait "history: HTTP 500: Internal error"
# what was loaded stays
wait "History: all workers (6 runs)"
timeout 10
wait "History: all workers (7 runs) 2/7"
wait "auto 2s: refreshed"
# the new run is marked until it is selected
wait_row 8 " •SUCCESS"
wait_attr "•" fg=2 bold
key Tab Up
wait "History: all workers (7 runs) 1/7"
wait_row 8 "> SUCCESS"
wait_gone "•"
# a turns it off, and on again at the same period
key a
wait "auto-refresh off"
wait_gone "auto 2s"
key a
wait "auto-refresh every 2 s"
key q
expect_exit 0
VT
wait "$bg"
check "--refresh 1 is refused" sh -c '"$WRUN" --refresh 1 2>&1 | grep -q "from 2 to 86400"'
sim_stop

# A server that lists project workers' runs only with their project key.
tui_scenario
"$PYTHON3" - "$T/tui.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["projectHistoryScoped"] = True
json.dump(d, open(sys.argv[1], "w"))
PY
sim_start --scenario "$T/tui.json"
: >"$SIM_LOG"
vt 40 160 <<'VT'
wait "History: all workers (6 runs) 1/6"
wait "Workers (4)"
wait_row 6 "proj-scan"
wait_row 6 "1 failed"
wait_row 2 "3 failed"
key Down Down Down Down
wait "History: proj-scan (1 run) 1/1"
key Tab
wait "Project    acme"
key F
wait "Failed: all workers (3 runs)"
wait "33333333"
key q
expect_exit 0
VT
"$PYTHON3" - "$SIM_LOG" >"$T/gets" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["path"].endswith("/execution_history"):
        print(r["query"].get("projectKey", "-"))
PY
printf '%s\n' - acme >"$T/want"
if cmp -s "$T/gets" "$T/want"; then ok "the project's runs were asked for with its key, once"
else not_ok "the project's runs were asked for with its key, once"; diag <"$T/gets"; fi
run_wrun history
check "wrun history lists the same 6 runs" [ "$(grep -c '^[A-Z]' "$T/out")" -eq 7 ]
done_testing
