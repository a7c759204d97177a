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

# ---- the token in cleartext ---------------------------------------------------
# Over http:// to a loopback address: no warning.
for host in 127.0.0.1 localhost; do
	expect_run "http://$host: history" 0 history --url "http://$host:$SIM_PORT"
	check "http://$host: no cleartext warning" lacks "$T/err" "cleartext"
done
# Anywhere else: one warning on stderr, before anything is sent, however
# many requests follow (history asks for the workers and the history).
sim_stop
sim_start --scenario "$SCENARIOS/basic.json" --bind 0.0.0.0
if "$WRUN" workers --url "http://0.0.0.0:$SIM_PORT" >/dev/null 2>&1; then
	expect_run "http://0.0.0.0: history" 0 history --url "http://0.0.0.0:$SIM_PORT"
	is 1 "$(grep -c "cleartext" "$T/err")" "http://0.0.0.0: warned once"
	check "http://0.0.0.0: the warning names the host and the fix" has "$T/err" \
		"wrun: warning: the token goes in cleartext (http://) to 0.0.0.0: anyone on the way can read it; use https://"
	expect_run "http://0.0.0.0: workers --json" 0 workers --json --url "http://0.0.0.0:$SIM_PORT"
	check "http://0.0.0.0: the warning is on stderr, not in the JSON" lacks "$T/out" "cleartext"
	check "http://0.0.0.0: warned with --json too" has "$T/err" "cleartext"
else
	ok "# SKIP 0.0.0.0 does not reach this host"
fi
# A failed request was warned about too: the token left before the failure.
expect_run "http://192.0.2.1 (unreachable): warned, then fails" 3 workers \
	--url "http://192.0.2.1:9" --timeout 1
check "http://192.0.2.1: warned" has "$T/err" "cleartext (http://) to 192.0.2.1"

check "the token appears in no output" lacks "$T/transcript" "$WRUN_SIM_TOKEN"
done_testing
