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

# ---- rerun by a prefix of the ID ---------------------------------------------
# A scenario where a few IDs differ early: block-snapshots' 06 becomes
# c0ffee00-..., proj1-webhook's 17 c0ffee11-... (a project worker: the
# lookup carries its project key).
sim_stop
"$PYTHON3" - "$SCENARIOS/basic.json" "$T/prefix.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for r in d["history"]:
    if r.get("historyEntryId", "").endswith("06"):
        r["historyEntryId"] = "c0ffee00-1111-4222-8333-444455556666"
    if r.get("historyEntryId", "").endswith("17"):
        r["historyEntryId"] = "c0ffee11-1111-4222-8333-444455556666"
json.dump(d, open(sys.argv[2], "w"))
PY
sim_start --scenario "$T/prefix.json"
: >"$SIM_LOG"
expect_run "rerun by a unique prefix" 1 rerun block-snapshots c0ffee
is "c0ffee00-1111-4222-8333-444455556666" \
	"$(req_py '[r["body"]["historyEntryId"] for r in reqs if r["method"] == "POST"][0]')" \
	"the full ID is sent"
is '["GET /worker/api/v1/workers", "GET /worker/api/v1/execution_history", "POST /worker/api/v1/rerun/block-snapshots"]' \
	"$(req_py '[r["method"] + " " + r["path"] for r in reqs]')" "the worker list, its history, then one POST"
is "block-snapshots" "$(req_py '[r["query"].get("workerKey") for r in reqs if r["method"] == "GET"][-1]')" \
	"the lookup asks for the worker's history"
is "true" "$(req_py '[r["query"].get("showTestRun") for r in reqs if r["method"] == "GET"][-1]')" \
	"the lookup includes test runs"
check "prints the full ID" has "$T/out" "Rerun of c0ffee00-1111-4222-8333-444455556666"

: >"$SIM_LOG"
expect_run "a prefix of a project worker's run" 1 rerun proj1-webhook c0ffee1 --json
is '["proj1", "proj1"]' "$(req_py '[r["query"].get("projectKey") for r in reqs if r["path"] != "/worker/api/v1/workers"]')" \
	"the lookup and the rerun carry the project key"
is "c0ffee11-1111-4222-8333-444455556666" \
	"$(req_py '[r["body"]["historyEntryId"] for r in reqs if r["method"] == "POST"][0]')" "its full ID sent"

: >"$SIM_LOG"
expect_run "an ambiguous prefix" 2 rerun block-snapshots ba51c000-0000
check "says it is ambiguous" has "$T/err" "'ba51c000-0000' is ambiguous: 5 runs of block-snapshots"
for id in 01 02 03 04 05; do
	check "lists candidate $id" has "$T/err" "ba51c000-0000-4000-8000-0000000000$id"
done
check "a candidate's status and start" has "$T/err" "ba51c000-0000-4000-8000-000000000005  TIMEOUT  2026-01-12 22:10:00"
check "not another worker's run" lacks "$T/err" "ba51c000-0000-4000-8000-000000000007"
is 0 "$(req_py 'len([r for r in reqs if r["method"] == "POST"])')" "ambiguous: nothing sent"

: >"$SIM_LOG"
expect_run "an unknown prefix" 3 rerun block-snapshots deadbeef
check "says no run has it" has "$T/err" "no run of block-snapshots has an ID that starts with 'deadbeef'"
is 0 "$(req_py 'len([r for r in reqs if r["method"] == "POST"])')" "unknown: nothing sent"

: >"$SIM_LOG"
expect_run "a prefix too short" 2 rerun block-snapshots c0ffe
check "says 6 characters" has "$T/err" "give at least 6 characters"
is 0 "$(req_py 'len(reqs)')" "too short: no request at all"

: >"$SIM_LOG"
expect_run "a full ID is sent as it is" 1 rerun block-snapshots c0ffee00-1111-4222-8333-444455556666
is '["POST"]' "$(req_py '[r["method"] for r in reqs if r["path"] != "/worker/api/v1/workers"]')" \
	"a full ID: no history lookup"
check "the token appears in no output" lacks "$T/transcript" "$WRUN_SIM_TOKEN"
done_testing
