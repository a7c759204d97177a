#!/bin/sh
# wrun rerun --failed: every run that did not succeed, one at a time; the
# question, --yes, the back-off on the call limit, no run sent twice, the
# summary and the exit codes.
. "$top_srcdir/tests/lib.sh"
sim_start --scenario "$SCENARIOS/basic.json"

posts() { req_py '[r["body"]["historyEntryId"][-2:] for r in reqs if r["method"] == "POST"]'; }
accepted() { req_py 'sorted(r["body"]["historyEntryId"][-2:] for r in reqs if r["method"] == "POST" and r["status"] == 200)'; }

# ---- without a terminal, --yes is needed --------------------------------------
expect_run "no terminal, no --yes" 2 rerun --failed
check "states the count and asks for --yes" has "$T/err" "rerun --failed would rerun 7 runs: there is no terminal to ask on, so add --yes"
is "[]" "$(posts)" "no terminal: nothing sent"
expect_run "--since narrows the batch" 2 rerun --failed --since 24h
check "--since 24h: 3 runs" has "$T/err" "would rerun 3 runs"
expect_run "a worker's batch" 2 rerun --failed block-snapshots
check "block-snapshots: 3 runs" has "$T/err" "would rerun 3 runs"
expect_run "--yes with a single rerun" 2 rerun block-snapshots ba51c000-0000-4000-8000-000000000001 --yes
check "--yes goes with rerun --failed" has "$T/err" "--yes goes with rerun --failed, not 'rerun'"
expect_run "two workers" 2 rerun --failed a b
is "[]" "$(posts)" "usage errors: nothing sent"

# ---- every rerun succeeds: exit 0 -----------------------------------------------
: >"$SIM_LOG"
expect_run "one run that succeeds on rerun" 0 rerun --failed block-snapshots --grep 'too much memory' --yes
is '["02"]' "$(posts)" "only the run asked for"
is "1 rerun: 1 succeeded, 0 failed" "$(cat "$T/out")" "the summary"
check "a line for the run on stderr" has "$T/err" \
	"wrun: rerun 1/1: block-snapshots ba51c000-0000-4000-8000-000000000002 (was FAIL): SUCCESS, execution e0000000-0000-4000-8000-000000000001"

# ---- every failure: exit 1, a JSON array --------------------------------------
: >"$SIM_LOG"
expect_run "every failed run" 1 rerun --failed --yes --json
is '["14", "17", "10", "02", "06", "05", "08"]' "$(posts)" "each run that did not succeed and has an ID, newest first, once"
is 7 "$(jq_py "$T/out" 'len(d)')" "a JSON array of 7 results"
is '["failed", "failed", "failed", "succeeded", "failed", "failed", "failed"]' \
	"$(jq_py "$T/out" '[r["outcome"] for r in d]')" "each outcome"
is '["historyEntryId", "workerKey", "originalStatus", "outcome", "executionId", "executionStatus", "refusals"]' \
	"$(jq_py "$T/out" 'sorted(d[0], key=["historyEntryId", "workerKey", "originalStatus", "outcome", "executionId", "executionStatus", "refusals"].index)')" \
	"a result's fields"
is "STATUS_SUCCESS" "$(jq_py "$T/out" 'd[3]["executionStatus"]')" "the rerun's status"
is "proj1" "$(req_py '[r["query"].get("projectKey") for r in reqs if r["method"] == "POST" and r["path"].endswith("proj1-webhook")][0]')" \
	"a project worker's rerun carries its project key"
is 7 "$(grep -c '^wrun: rerun [1-7]/7: ' "$T/err")" "one line a run on stderr"
sim_stop

# ---- the call limit: wait, send again, never twice ------------------------------
sim_start --scenario "$SCENARIOS/basic.json" --fault 'rerun=status:400:Call limit exceeded%3'
: >"$SIM_LOG"
expect_run "every third rerun refused" 1 rerun --failed --yes --json
is '["02", "05", "06", "08", "10", "14", "17"]' "$(accepted)" "every run accepted exactly once"
n400=$(req_py 'len([r for r in reqs if r["method"] == "POST" and r["status"] == 400])')
check "some were refused" test "$n400" -ge 2
is "$n400" "$(jq_py "$T/out" 'sum(r["refusals"] for r in d)')" "the refusals counted in the results"
is '[]' "$(jq_py "$T/out" '[r["outcome"] for r in d if r["outcome"] not in ("failed", "succeeded")]')" \
	"no refused run is an error"
check "says it waits" has "$T/err" "refused: HTTP 400: Call limit exceeded"
check "1 s first" has "$T/err" "sending it again in 1 s"
sim_stop

sim_start --scenario "$SCENARIOS/basic.json" --fault 'rerun=status:429@2'
: >"$SIM_LOG"
start=$(date +%s)
expect_run "429 twice: 1 s, then 2 s" 0 rerun --failed block-snapshots --grep 'too much memory' --yes
took=$(( $(date +%s) - start ))
check "waited 1 s" has "$T/err" "429"
check "then 1 s" has "$T/err" "sending it again in 1 s"
check "then twice as long" has "$T/err" "sending it again in 2 s"
check "about 3 s in all (took ${took}s)" test "$took" -ge 2
is '["02", "02", "02"]' "$(posts)" "sent until accepted"
is '["02"]' "$(accepted)" "accepted once"
sim_stop

sim_start --scenario "$SCENARIOS/basic.json" --fault 'rerun=ratelimit:3@1'
: >"$SIM_LOG"
start=$(date +%s)
expect_run "Retry-After honoured" 0 rerun --failed block-snapshots --grep 'too much memory' --yes
took=$(( $(date +%s) - start ))
check "waits what the server says" has "$T/err" "sending it again in 3 s"
check "about 3 s (took ${took}s)" test "$took" -ge 2
sim_stop

# ---- a request that failed: exit 3; one that may have run is not sent again ---
sim_start --scenario "$SCENARIOS/basic.json" --fault 'rerun=status:500@1'
: >"$SIM_LOG"
expect_run "HTTP 500 on the first" 3 rerun --failed block-snapshots --yes --json
is '["02", "06", "05"]' "$(posts)" "the others still sent, the failed one not again"
is '["error", "failed", "failed"]' "$(jq_py "$T/out" '[r["outcome"] for r in d]')" "its outcome is an error"
check "the error's text" test -n "$(jq_py "$T/out" 'd[0]["error"]')"
check "says why on stderr" has "$T/err" "HTTP 500"
sim_stop

sim_start --scenario "$SCENARIOS/basic.json" --fault 'rerun=hang@1'
: >"$SIM_LOG"
expect_run "no answer: not sent again" 3 rerun --failed block-snapshots --grep 'too much memory' --yes --timeout 1
is '["02"]' "$(posts)" "a run that may have reached the server is never sent twice"
check "the summary counts it" has "$T/out" "1 rerun: 0 succeeded, 0 failed, 1 request failed"
sim_stop

# ---- on a terminal, it asks ---------------------------------------------------------
sim_start --scenario "$SCENARIOS/basic.json"
# ask ANSWER ARGS...: runs wrun on a pty, answers the question; prints the
# exit code and what the terminal showed.
ask() {
	"$PYTHON3" - "$WRUN" "$@" <<'PY'
import os, pty, sys, time, select
wrun, answer, args = sys.argv[1], sys.argv[2], sys.argv[3:]
pid, fd = pty.fork()
if pid == 0:
    os.execv(wrun, [wrun] + args)
seen, sent, deadline = b"", False, time.time() + 20
while time.time() < deadline:
    r, _, _ = select.select([fd], [], [], 0.2)
    if r:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    if not sent and b"[y/N]" in seen:
        os.write(fd, answer.encode() + b"\n")
        sent = True
_, status = os.waitpid(pid, 0)
print(os.waitstatus_to_exitcode(status))
sys.stdout.write(seen.decode("utf-8", "replace"))
PY
}
: >"$SIM_LOG"
ask n rerun --failed block-snapshots >"$T/tty"
is 0 "$(head -n 1 "$T/tty")" "answered no: exit 0"
check "asks, stating the count" has "$T/tty" "wrun: rerun 3 runs of block-snapshots that did not succeed? [y/N]"
check "says nothing was sent" has "$T/tty" "nothing sent"
is "[]" "$(posts)" "answered no: nothing sent"
ask y rerun --failed block-snapshots --grep 'too much memory' >"$T/tty"
is 0 "$(head -n 1 "$T/tty")" "answered yes: sent, exit 0"
check "asks about one run" has "$T/tty" "rerun 1 run of block-snapshots"
is '["02"]' "$(posts)" "answered yes: sent"

# ---- nothing to rerun ---------------------------------------------------------------
sim_stop
sim_start --scenario "$SCENARIOS/empty.json"
expect_run "no failed runs" 0 rerun --failed
is "No failed runs to rerun." "$(cat "$T/out")" "says so"
expect_run "no failed runs, --json" 0 rerun --failed --json
is "[]" "$(jq_py "$T/out" 'd')" "an empty array"
check "the token appears in no output" lacks "$T/transcript" "$WRUN_SIM_TOKEN"
done_testing
