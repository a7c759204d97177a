#!/bin/sh
# wrun workers: the table, --json without sourceCode or secrets, the request.
. "$top_srcdir/tests/lib.sh"
sim_start --scenario "$SCENARIOS/basic.json"

expect_run "workers table" 0 workers
check "table has a header" has "$T/out" "KEY"
first_key=$(req_py 'reqs[0]["path"]')
is "/worker/api/v1/workers" "$first_key" "GET /worker/api/v1/workers"
is ok "$(req_py 'reqs[0]["auth"]')" "bearer token sent"
is "wrun/" "$(req_py 'reqs[0]["headers"].get("User-Agent", "")[:5]')" "User-Agent is wrun/VERSION"
is None "$(req_py 'str(reqs[0]["headers"].get("Content-Type"))')" "no Content-Type without a body"

expect_run "workers --json" 0 workers --json
n=$(jq_py "$T/out" 'len(d["workers"])')
check "--json lists workers" test "$n" -gt 0
is "[]" "$(jq_py "$T/out" '[w["key"] for w in d["workers"] if "sourceCode" in w or "secrets" in w]')" \
	"--json has no sourceCode and no secrets"
is "$(jq_py "$T/out" 'sorted(w["key"] for w in d["workers"])')" \
	"$(jq_py "$T/out" '[w["key"] for w in d["workers"]]')" "workers sorted by key"

# the table lists the same workers as --json, and no secret value
"$WRUN" workers >"$T/table" 2>/dev/null
missing=0
for k in $(jq_py "$T/out" '" ".join(w["key"] for w in d["workers"])'); do
	grep -q "^$k " "$T/table" || missing=$((missing + 1))
done
is 0 "$missing" "every worker of --json is in the table"
check "no secret value in the table" lacks "$T/table" "SIMSECRET"
check "no secret value in --json" lacks "$T/out" "SIMSECRET"
check "no source code in --json" lacks "$T/out" "export default"
check "a disabled worker says so" sh -c "grep '^audit-downloads ' '$T/table' | grep -q disabled"
check "a project's worker shows its project" sh -c "grep '^proj1-webhook ' '$T/table' | grep -q proj1"

# --project scopes the listing
expect_run "workers --project proj1" 0 workers --project proj1 --json
is "proj1" "$(req_py 'reqs[-1]["query"].get("projectKey", "")')" "--project sends projectKey"

expect_run "workers takes no argument" 2 workers extra
check "says why" has "$T/err" "takes no arguments"

# A key with an escape sequence: shown visibly, and whole (its column is as
# wide as the visible text, not the raw bytes).
sim_stop
sim_start --scenario "$SCENARIOS/oddities.json"
expect_run "oddities: workers" 0 workers
check "oddities: the escaped key is shown whole" has "$T/out" "odd-^[[31mescape^[[0m "
check "oddities: no raw ESC" sh -c "! grep -q \"$(printf '\033')\" '$T/out'"
done_testing
