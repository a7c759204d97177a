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
