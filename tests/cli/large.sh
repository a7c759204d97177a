#!/bin/sh
# A history of 20,000 runs (about 53 MB; a few are test runs) parses whole, streamed.
. "$top_srcdir/tests/lib.sh"
sim_start --scenario "$SCENARIOS/empty.json" --runs 20000
expect_run "history of 20,000 runs" 0 history --json --test-runs --timeout 60
is 20000 "$(jq_py "$T/out" 'len(d)')" "every run parsed"
is "$(jq_py "$T/out" 'sorted([r.get("startTimeMillis", -1) for r in d], reverse=True)[:50]')" \
	"$(jq_py "$T/out" '[r.get("startTimeMillis", -1) for r in d][:50]')" "newest first"
expect_run "the table of 20,000 runs" 0 history --test-runs --timeout 60
is 20001 "$(wc -l <"$T/out" | tr -d ' ')" "a line a run"
done_testing
