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

# The runs' entries go to a temporary file; when it cannot take them (here
# a file size limit, as a full disk would), the load fails with a message
# that says where, and nothing half-done is printed.
RC=0
(trap '' XFSZ; ulimit -f 2048; exec ${WRUN_VALGRIND:-} "$WRUN" history --json --timeout 60) \
	>"$T/out" 2>"$T/err" </dev/null || RC=$?
is 3 "$RC" "a spool that cannot be written: exit 3"
check "the message says why and where" has "$T/err" \
	"history: cannot keep the runs' text in a temporary file (TMPDIR, else /tmp): File too large"
is 0 "$(wc -c <"$T/out" | tr -d ' ')" "nothing printed"
done_testing
