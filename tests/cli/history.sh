#!/bin/sh
# wrun history: newest first, per worker, --failed, --test-runs, --json with
# the API's field names, project keys learnt from the worker list.
. "$top_srcdir/tests/lib.sh"
sim_start --scenario "$SCENARIOS/basic.json"

expect_run "history --json (all workers)" 0 history --json
cp "$T/out" "$T/all.json"
is "]" "$(tail -n 1 "$T/out")" "--json ends with the array and one newline"
n_all=$(jq_py "$T/all.json" 'len(d)')
check "runs listed" test "$n_all" -gt 5
is "$(jq_py "$T/all.json" 'sorted([r.get("startTimeMillis", -1) for r in d], reverse=True)')" \
	"$(jq_py "$T/all.json" '[r.get("startTimeMillis", -1) for r in d]')" "newest first"
is "[]" "$(jq_py "$T/all.json" '[r for r in d if r.get("testRun")]')" "no test runs by default"
is "[]" "$(jq_py "$T/all.json" '[k for r in d for k in r if k not in ("historyEntryId","workerKey","workerType","workerProjectKey","executionStatus","executionPayload","executionResult","startTimeMillis","endTimeMillis","triggeredBy","testRun","executedVersion","traceId")]')" \
	"only the API's field names"
is "/worker/api/v1/execution_history" "$(req_py 'reqs[-1]["path"]')" "GET execution_history"
is "{}" "$(req_py '{k: v for k, v in reqs[-1]["query"].items() if k != "showTestRun" or v != "false"}')" \
	"no workerKey or projectKey for all workers"

# the table: the same runs, in the same order
expect_run "history table" 0 history
check "table header" has "$T/out" "STATUS"
check "worker column for all workers" has "$T/out" "WORKER"
is "$((n_all + 1))" "$(wc -l <"$T/out" | tr -d ' ')" "one line a run, and the header"
first_id=$(jq_py "$T/all.json" 'd[0].get("historyEntryId", "-")')
check "first row is the newest run" sh -c "sed -n 2p '$T/out' | grep -qF -- '$first_id'"
no_id=$(jq_py "$T/all.json" 'len([r for r in d if "historyEntryId" not in r])')
check "a run without historyEntryId is listed" test "$no_id" -ge 1
other=$(jq_py "$T/all.json" '[r["executionStatus"] for r in d if r.get("executionStatus") not in ("STATUS_SUCCESS", "STATUS_FAIL")][0]')
check "unknown status shown verbatim" has "$T/out" "${other#STATUS_}"

# one worker, with the project key learnt from the worker list
proj_worker=$(jq_py "$T/all.json" '[r["workerKey"] for r in d if r.get("workerProjectKey")][0]')
proj=$(jq_py "$T/all.json" '[r["workerProjectKey"] for r in d if r.get("workerProjectKey")][0]')
expect_run "history of a project's worker" 0 history "$proj_worker" --json
is "$proj" "$(req_py 'reqs[-1]["query"].get("projectKey", "")')" "projectKey sent for a project's worker"
is "$proj_worker" "$(req_py 'reqs[-1]["query"].get("workerKey", "")')" "workerKey sent"
is '["'"$proj_worker"'"]' "$(jq_py "$T/out" 'sorted(set(r["workerKey"] for r in d))')" "only that worker's runs"

global_worker=$(jq_py "$T/all.json" '[r["workerKey"] for r in d if not r.get("workerProjectKey")][0]')
expect_run "history of a global worker" 0 history "$global_worker"
is "" "$(req_py 'reqs[-1]["query"].get("projectKey", "")')" "no projectKey for a global worker"
check "no worker column for one worker" lacks "$T/out" "WORKER"

# --failed
expect_run "history --failed --json" 0 history --failed --json
is "[]" "$(jq_py "$T/out" '[r for r in d if r.get("executionStatus") == "STATUS_SUCCESS"]')" "--failed drops successes"
is "$(jq_py "$T/all.json" 'len([r for r in d if r.get("executionStatus") != "STATUS_SUCCESS"])')" \
	"$(jq_py "$T/out" 'len(d)')" "--failed keeps every other run"
expect_run "history --failed table" 0 history --failed
check "no SUCCESS row" sh -c "! grep -q '^SUCCESS ' '$T/out'"

# --test-runs
expect_run "history --test-runs" 0 history --test-runs --json
is "true" "$(req_py 'reqs[-1]["query"].get("showTestRun", "")')" "showTestRun=true sent"
check "test runs included" test "$(jq_py "$T/out" 'len([r for r in d if r.get("testRun")])')" -ge 1

# usage
expect_run "history takes one worker" 2 history a b
expect_run "--failed only with history" 2 workers --failed
expect_run "unknown worker" 3 history no-such-worker
check "the server's message" has "$T/err" "HTTP 404"

# empty history
sim_stop
sim_start --scenario "$SCENARIOS/empty.json"
expect_run "empty history" 0 history
check "says there are none" has "$T/out" "No runs."
expect_run "empty history --json" 0 history --json
is "[]" "$(jq_py "$T/out" 'd')" "an empty array"

# An empty worker key is a usage error, not "every worker" (nothing is asked).
: >"$SIM_LOG"
expect_run "history with an empty worker key" 2 history ""
check "says the key is empty" has "$T/err" "worker key is empty"
is 0 "$(req_py 'len(reqs)')" "no request for an empty worker key"

# The oddities scenario: every element that is an object is a run, whatever
# its fields hold; one run whose result nests 64 levels deep does not make
# the whole history unreadable.
sim_stop
sim_start --scenario "$SCENARIOS/oddities.json"
expect_run "oddities: history" 0 history --json
is 23 "$(jq_py "$T/out" 'len(d)')" "oddities: the 23 objects are runs"
expect_run "oddities: history odd-one" 0 history odd-one
is 20 "$(wc -l <"$T/out" | tr -d ' ')" "oddities: odd-one has 19 runs under the header"
check "oddities: the deep run is listed" has "$T/out" "0dd00000-0000-4000-8000-000000000014"
# An empty executionStatus or historyEntryId shows as "-", like an absent one.
check "oddities: no blank ID or status cell" sh -c "! grep -Eq '^ |  \$' '$T/out'"
expect_run "oddities: rerun of the deep run" 0 rerun odd-one 0dd00000-0000-4000-8000-000000000014

# A platform that leaves the runs of project workers out of the listing of
# every worker (projectHistoryScoped): wrun asks for each such project's runs
# with its project key, once, and merges them in, nothing counted twice.
sim_stop
"$PYTHON3" - "$SCENARIOS/basic.json" "$T/scoped.json" <<'PY'
import json, sys
with open(sys.argv[1]) as f:
    d = json.load(f)
d["projectHistoryScoped"] = True
with open(sys.argv[2], "w") as f:
    json.dump(d, f)
PY
sim_start --scenario "$T/scoped.json"
: >"$SIM_LOG"
expect_run "scoped: history --json" 0 history --json
is 22 "$(jq_py "$T/out" 'len(d)')" "scoped: every run listed, the project worker's too"
is 6 "$(jq_py "$T/out" 'len([r for r in d if r["workerKey"] == "proj1-webhook"])')" \
	"scoped: the project worker's 6 runs"
is 0 "$(jq_py "$T/out" 'len([r for r in d if "historyEntryId" in r]) - len({r["historyEntryId"] for r in d if "historyEntryId" in r})')" \
	"scoped: no run twice"
is "$(jq_py "$T/out" 'sorted([r["startTimeMillis"] for r in d], reverse=True)')" \
	"$(jq_py "$T/out" '[r["startTimeMillis"] for r in d]')" "scoped: newest first across both listings"
is "ba51c000-0000-4000-8000-000000000021" "$(jq_py "$T/out" 'd[0]["historyEntryId"]')" \
	"scoped: the newest run (proj1-webhook's) first"
is '[["/worker/api/v1/workers", {}], ["/worker/api/v1/execution_history", {}], ["/worker/api/v1/execution_history", {"projectKey": "proj1"}]]' \
	"$(req_py '[[r["path"], r["query"]] for r in reqs]')" \
	"scoped: the worker list, every worker's runs, then proj1's"
expect_run "scoped: history table" 0 history
is 23 "$(wc -l <"$T/out" | tr -d ' ')" "scoped: a line a run, and the header"
is 6 "$(grep -c ' proj1-webhook ' "$T/out")" "scoped: the project worker's rows"
check "scoped: its newest run on the first row" sh -c "sed -n 2p '$T/out' | grep -qF -- 'ba51c000-0000-4000-8000-000000000021'"
check "scoped: no warning" test ! -s "$T/err"
expect_run "scoped: --failed" 0 history --failed --json
is '["ba51c000-0000-4000-8000-000000000017"]' \
	"$(jq_py "$T/out" '[r["historyEntryId"] for r in d if r["workerKey"] == "proj1-webhook"]')" \
	"scoped: --failed keeps the project worker's failure"
: >"$SIM_LOG"
expect_run "scoped: --test-runs" 0 history --test-runs --json
is 23 "$(jq_py "$T/out" 'len(d)')" "scoped: --test-runs: 23"
is '{"showTestRun": "true", "projectKey": "proj1"}' "$(req_py 'reqs[-1]["query"]')" \
	"scoped: the project's request asks for test runs too"

# --project: one request, as before.
: >"$SIM_LOG"
expect_run "scoped: history --project proj1" 0 history --project proj1 --json
is 6 "$(jq_py "$T/out" 'len(d)')" "scoped: --project lists that project's runs"
is '[{"projectKey": "proj1"}]' "$(req_py '[r["query"] for r in reqs]')" "scoped: --project: one request"

# The project's listing refused: a warning, the rest listed, exit 0.
sim_fault "history=status:403%2@1"
expect_run "scoped: project listing refused" 0 history --json
is 16 "$(jq_py "$T/out" 'len(d)')" "scoped: the other runs listed"
check "scoped: warns about the project" has "$T/err" "wrun: warning: the runs of project proj1 are missing: HTTP 403"
is 1 "$(wc -l <"$T/err" | tr -d ' ')" "scoped: one line of warning"
sim_fault "history=status:403%2@1"
expect_run "scoped: project listing refused, table" 0 history
is 17 "$(wc -l <"$T/out" | tr -d ' ')" "scoped: the table still printed"
check "scoped: the table's warning" has "$T/err" "wrun: warning: the runs of project proj1 are missing"
# A transport error there fails, as any other.
sim_fault "history=hang%2@1"
expect_run "scoped: project listing hangs" 3 history --timeout 1
check "scoped: says there was no answer" has "$T/err" "no answer"
check "scoped: nothing printed" test ! -s "$T/out"
# The worker list refused: every worker's listing still printed, with a warning.
sim_fault "workers=status:403@1"
expect_run "scoped: worker list refused" 0 history --json
is 16 "$(jq_py "$T/out" 'len(d)')" "scoped: every worker's listing"
check "scoped: warns that project runs may be missing" has "$T/err" "runs of project workers may be missing"
check "scoped: the token appears in no output" lacks "$T/transcript" "$WRUN_SIM_TOKEN"
done_testing
