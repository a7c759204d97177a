#!/bin/sh
# wrun rerun: the exact request, the printed result, exit codes, recording.
. "$top_srcdir/tests/lib.sh"
sim_start --scenario "$SCENARIOS/basic.json"

"$WRUN" history --json >"$T/all.json" || { echo "Bail out! history failed"; exit 1; }
pick() { jq_py "$T/all.json" "$1"; }
ok_w=$(pick '[r["workerKey"] for r in d if r.get("executionStatus") == "STATUS_SUCCESS" and r.get("historyEntryId") and not r.get("workerProjectKey")][0]')
ok_id=$(pick '[r["historyEntryId"] for r in d if r.get("executionStatus") == "STATUS_SUCCESS" and r.get("historyEntryId") and not r.get("workerProjectKey")][0]')
fail_w=$(pick '[r["workerKey"] for r in d if r.get("executionStatus") == "STATUS_FAIL" and r.get("historyEntryId") and not r.get("workerProjectKey")][0]')
fail_id=$(pick '[r["historyEntryId"] for r in d if r.get("executionStatus") == "STATUS_FAIL" and r.get("historyEntryId") and not r.get("workerProjectKey")][0]')
proj_w=$(pick '[r["workerKey"] for r in d if r.get("workerProjectKey") and r.get("historyEntryId")][0]')
proj_id=$(pick '[r["historyEntryId"] for r in d if r.get("workerProjectKey") and r.get("historyEntryId")][0]')
proj=$(pick '[r["workerProjectKey"] for r in d if r.get("workerProjectKey") and r.get("historyEntryId")][0]')

expect_run "rerun of a successful run" 0 rerun "$ok_w" "$ok_id"
is POST "$(req_py 'reqs[-1]["method"]')" "a POST"
is "/worker/api/v1/rerun/$ok_w" "$(req_py 'reqs[-1]["path"]')" "to /worker/api/v1/rerun/WORKER"
is '{"historyEntryId": "'"$ok_id"'"}' "$("$PYTHON3" -c 'import json,sys; print(json.dumps(json.loads(sys.argv[1])))' "$(req_py 'reqs[-1]["body"]')")" \
	"body is exactly {historyEntryId}"
is "application/json" "$(req_py 'reqs[-1]["headers"].get("Content-Type", "")')" "Content-Type: application/json"
is "false" "$(req_py 'reqs[-1]["query"].get("forceRecord", "")')" "forceRecord=false by default"
is "" "$(req_py 'reqs[-1]["query"].get("projectKey", "")')" "no projectKey for a global worker"
check "prints the execution ID" has "$T/out" "Execution ID:"
check "prints the status" has "$T/out" "STATUS_SUCCESS"
check "prints CPU time against the limit" has "$T/out" "CPU time"
check "prints memory against the limit" has "$T/out" "Peak memory"
check "prints duration against the limit" has "$T/out" "Duration"
check "names the limits' source" has "$T/out" "limits (reported by a rerun)"
check "prints the logs" has "$T/out" "Logs:"

"$WRUN" history --json >"$T/before.json"
expect_run "rerun --force-record" 0 rerun "$ok_w" "$ok_id" --force-record
is "true" "$(req_py 'reqs[-1]["query"].get("forceRecord", "")')" "forceRecord=true"
n_before=$(jq_py "$T/before.json" 'len(d)')
"$WRUN" history --json >"$T/after.json"
is "$((n_before + 1))" "$(jq_py "$T/after.json" 'len(d)')" "a recorded rerun appears in the history"

expect_run "rerun of a failing run" 1 rerun "$fail_w" "$fail_id"
check "prints STATUS_FAIL" has "$T/out" "STATUS_FAIL"

expect_run "rerun of a project's worker" 0 rerun "$proj_w" "$proj_id" --json
is "$proj" "$(req_py 'reqs[-1]["query"].get("projectKey", "")')" "projectKey sent"
is "/worker/api/v1/rerun/$proj_w" "$(req_py 'reqs[-1]["path"]')" "rerun path of the project's worker"
check "--json has executionId" test -n "$(jq_py "$T/out" 'd["executionId"]')"
is '["cpuTimeMillis", "executionDurationMillis", "topMemoryUsageBytes"]' \
	"$(jq_py "$T/out" 'sorted(d["executionMetrics"])')" "--json executionMetrics"
is '["maxCpuTimeMillis", "maxExecutionDurationMillis", "maxMemoryUsageBytes"]' \
	"$(jq_py "$T/out" 'sorted(d["executionLimits"])')" "--json executionLimits"
check "--json result.executionStatus" test -n "$(jq_py "$T/out" 'd["result"]["executionStatus"]')"

expect_run "--project overrides the lookup" 0 rerun "$proj_w" "$proj_id" --project "$proj"
is "$proj" "$(req_py 'reqs[-1]["query"].get("projectKey", "")')" "projectKey from --project"

expect_run "unknown history entry" 3 rerun "$ok_w" 00000000-0000-0000-0000-000000000000
check "says HTTP 404" has "$T/err" "HTTP 404"
n_posts=$(req_py 'len([r for r in reqs if r["method"] == "POST"])')

expect_run "rerun needs two arguments" 2 rerun "$ok_w"
expect_run "--force-record only with rerun" 2 history --force-record
is "$n_posts" "$(req_py 'len([r for r in reqs if r["method"] == "POST"])')" "usage errors send nothing"

# Logs with escape sequences come out visible, never raw.
esc=$(printf '\033')
for id in $(pick '" ".join(r["historyEntryId"] for r in d if r.get("historyEntryId") and not r.get("workerProjectKey"))'); do
	w=$(pick '[r["workerKey"] for r in d if r.get("historyEntryId") == "'"$id"'"][0]')
	run_wrun rerun "$w" "$id"
	if grep -q "$esc" "$T/out"; then raw=yes; break; fi
done
is "" "${raw:-}" "no raw ESC byte reaches the terminal from any rerun's output"

# Empty arguments are usage errors, refused before any request.
: >"$SIM_LOG"
expect_run "rerun with an empty ID" 2 rerun "$w" ""
check "says the ID is empty" has "$T/err" "history entry ID is empty"
expect_run "rerun with an empty worker key" 2 rerun "" "$id"
check "says the key is empty" has "$T/err" "worker key is empty"
is 0 "$(req_py 'len(reqs)')" "no request for empty arguments"
done_testing
