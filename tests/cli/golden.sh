#!/bin/sh
# history --json byte for byte what wrun wrote before its runs' text moved
# out of memory (issue 9): tests/cli/golden/*.json were written by that
# wrun, through json-c's tree, from the same scenarios. Now each entry is
# written straight from its bytes; where the fast reader is unsure (a lone
# surrogate, numbers past 64 bits, escaped names), json-c's way again.
. "$top_srcdir/tests/lib.sh"
G="$top_srcdir/tests/cli/golden"
WRUN_NOW_MS=1768478400000
export WRUN_NOW_MS

same() { # NAME WRUN-ARGS...: the output is the golden file's bytes
	name=$1
	shift
	expect_run "$name: $*" 0 "$@"
	if cmp -s "$T/out" "$G/$name.json"; then
		ok "$name: byte for byte as before"
	else
		not_ok "$name: byte for byte as before"
		diff "$G/$name.json" "$T/out" | head -n 20 | diag
	fi
}

for s in emit emit-escaped oddities basic; do
	sim_start --scenario "$SCENARIOS/$s.json"
	same "$s" history --json --test-runs
	sim_stop
done
sim_start --scenario "$SCENARIOS/empty.json" --runs 40
same runs-40 history --json
sim_stop
done_testing
