#!/bin/sh
# Defects found against hostile servers (issue 8): dot segments in worker
# keys, a token in cleartext, models larger than the body.
. "$top_srcdir/tests/lib.sh"
sim_start --scenario "$SCENARIOS/basic.json"
"$WRUN" history --json >"$T/all.json" || { echo "Bail out! history failed"; exit 1; }
id=$(jq_py "$T/all.json" '[r["historyEntryId"] for r in d if r.get("historyEntryId") and not r.get("workerProjectKey")][0]')

# ---- dot segments ------------------------------------------------------------
# A worker key of dots only is sent as %2E, never as a dot segment that
# libcurl or the server would remove (POSTing to /worker/api/v1/).
for key in . .. ...; do
	expect_run "rerun '$key' ID: the server has no such worker" 3 rerun "$key" "$id"
	want=$(printf '%s' "$key" | sed 's/\./%2E/g')
	is "POST /worker/api/v1/rerun/$want" "$(req_py '"%s %s" % (reqs[-1]["method"], reqs[-1]["path"])')" \
		"rerun '$key': the request line names the key, escaped"
	check "rerun '$key': 404 from the rerun endpoint" has "$T/err" "HTTP 404"
done
expect_run "rerun a.b: dots among other characters" 3 rerun a.b "$id"
is "/worker/api/v1/rerun/a.b" "$(req_py 'reqs[-1]["path"]')" "a.b is sent as it is"

check "the token appears in no output" lacks "$T/transcript" "$WRUN_SIM_TOKEN"
done_testing
