#!/bin/sh
# wrun --file: a saved history read with no server and no request; a file
# that is not a history, and the options that need a server, are exit 2
# with a clear message. (The interface itself: tests/screen/tui-offline.sh.)
. "$top_srcdir/tests/lib.sh"
sim_start --scenario "$SCENARIOS/basic.json"

# Histories saved three ways: by wrun history --json, with test runs, and
# the API's raw answer.
run_wrun history --json
cp "$T/out" "$T/saved.json"
n_saved=$(jq_py "$T/saved.json" 'len(d)')
n_workers=$(jq_py "$T/saved.json" 'len(set(r["workerKey"] for r in d if r.get("workerKey")))')
run_wrun history --json --test-runs
cp "$T/out" "$T/saved-tests.json"
n_tests=$(jq_py "$T/saved-tests.json" 'len([r for r in d if r.get("testRun")])')
check "the scenario has test runs" test "$n_tests" -ge 1
"$PYTHON3" - "$SIM_URL" "$T/raw.json" <<'PY'
import os, sys, urllib.request
req = urllib.request.Request(sys.argv[1] + "/worker/api/v1/execution_history",
    headers={"Authorization": "Bearer " + os.environ["WRUN_SIM_TOKEN"]})
open(sys.argv[2], "wb").write(urllib.request.urlopen(req).read())
PY
n_raw=$(jq_py "$T/raw.json" 'len(d)')
run_wrun workers --json
cp "$T/out" "$T/workers.json"
# From here on the simulator must hear nothing.
: >"$SIM_LOG"

# A history is read whole, before the terminal: with no terminal on its
# output, wrun says what it read, then that the interface needs one.
runs() { [ "$1" -eq 1 ] && echo "1 run" || echo "$1 runs"; }
expect_run "--file: a history read, no terminal" 2 --file "$T/saved.json"
check "--file: says the history was read" has "$T/err" \
	"(${T}/saved.json: a run history of $(runs "$n_saved"), $n_workers workers)"
check "--file: the interface needs a terminal" has "$T/err" "the interface needs a terminal"
is "" "$(cat "$T/out")" "--file: nothing on standard output"
expect_run "--file: the API's raw answer" 2 --file "$T/raw.json"
check "--file: the raw answer is a history" has "$T/err" "a run history of $(runs "$n_raw")"
# test runs only with --test-runs, as the API does
expect_run "--file: test runs left out" 2 --file "$T/saved-tests.json"
check "--file: without --test-runs, no test run" has "$T/err" "a run history of $(runs "$n_saved")"
expect_run "--file --test-runs" 2 --file "$T/saved-tests.json" --test-runs
check "--file --test-runs: the test runs too" has "$T/err" \
	"a run history of $(runs $((n_saved + n_tests)))"
# No server configuration is resolved: none is needed, a broken one is not read.
mkdir -p "$HOME/.jfrog"
echo '{"servers": [' >"$HOME/.jfrog/jfrog-cli.conf.v6"
JF_URL=not-a-url JF_ACCESS_TOKEN='' expect_run "--file: JF_URL and the JFrog CLI config are ignored" 2 \
	--file "$T/saved.json"
check "--file: no configuration error" has "$T/err" "a run history of"
unset JF_URL JF_ACCESS_TOKEN
expect_run "--file without JF_URL or a token" 2 --file "$T/saved.json"
check "--file without a server: the history read" has "$T/err" "a run history of"
# standard input
RC=0
"$WRUN" --file - <"$T/saved.json" >"$T/out" 2>"$T/err" || RC=$?
is 2 "$RC" "--file -: exit 2 without a terminal"
check "--file -: read from standard input" has "$T/err" \
	"(standard input: a run history of $(runs "$n_saved"), $n_workers workers)"
# --max-body caps the file as it caps a response
"$PYTHON3" - "$T/big.json" <<'PY'
import json, sys
runs = [{"historyEntryId": "%08d-0000-4000-8000-000000000000" % i, "workerKey": "w",
         "executionStatus": "STATUS_SUCCESS", "startTimeMillis": i,
         "executionResult": {"logs": "x" * 1000}} for i in range(1500)]
json.dump(runs, open(sys.argv[1], "w"))
PY
expect_run "--file: larger than --max-body" 2 --file "$T/big.json" --max-body 1
check "--file: says it is too large" has "$T/err" "big.json: larger than 1 MiB (--max-body)"
expect_run "--file: within --max-body" 2 --file "$T/big.json" --max-body 2
check "--file: a large history read" has "$T/err" "a run history of 1500 runs, 1 worker)"

# ---- not a history: exit 2, the file named, the reason ------------------
# bad NAME FILE WANT: --file FILE fails with exit 2 and WANT on stderr.
bad() {
	expect_run "not a history: $1" 2 --file "$2"
	check "not a history: $1: says why" has "$T/err" "$3"
	check "not a history: $1: one line" test "$(wc -l <"$T/err")" -eq 1
	is "" "$(cat "$T/out")" "not a history: $1: nothing on standard output"
}
: >"$T/empty.json"
bad "an empty file" "$T/empty.json" "wrun: $T/empty.json: not a run history: empty document"
printf '\n  \n' >"$T/blank.json"
bad "blank lines" "$T/blank.json" "blank.json: not a run history: empty document"
bad "a worker list" "$T/workers.json" \
	"workers.json: not a run history: the object has no historyEntryId, workerKey, executionStatus or startTimeMillis (it looks like a worker list, as wrun workers --json prints)"
echo '{"errors":[{"status":401,"message":"Bad credentials"}]}' >"$T/error.json"
bad "an error answer" "$T/error.json" "(it looks like an error answer of the API)"
echo '{"name": "x"}' >"$T/object.json"
bad "an object that is not an entry" "$T/object.json" \
	"object.json: not a run history: the object has no historyEntryId, workerKey, executionStatus or startTimeMillis (its first member is \"name\")"
echo '[1, 2, 3]' >"$T/numbers.json"
bad "an array of numbers" "$T/numbers.json" \
	"numbers.json: not a run history: element 1 (byte 1) is a number, not a history entry"
printf 'PK\003\004 garbage' >"$T/garbage.json"
bad "garbage" "$T/garbage.json" "garbage.json: not a run history: expected '[' or '{' but found 'P' at byte 0"
head -c 300 "$T/saved.json" >"$T/cut.json"
bad "a cut history" "$T/cut.json" "cut.json: not a run history: document ends inside an entry"
bad "a directory" "$T" "wrun: $T: cannot read: Is a directory"
bad "a missing file" "$T/nope.json" "wrun: $T/nope.json: No such file or directory"
printf '%s\n' '{"\u001b]0;x\u0007": 1}' >"$T/escape.json"
bad "escapes in the file" "$T/escape.json" '(its first member is "^[]0;x^G")'
check "not a history: no raw ESC on stderr" sh -c "! grep -q \"$(printf '\033')\" '$T/err'"
expect_run "not a history: empty standard input" 2 --file -
check "not a history: standard input named" has "$T/err" \
	"wrun: standard input: not a run history: empty document"

# ---- options that need a server, and subcommands -------------------------
# usage NAME WANT ARGS...: exit 2 with WANT on stderr.
usage() {
	_name=$1 _want=$2
	shift 2
	expect_run "usage: $_name" 2 "$@"
	check "usage: $_name: says why" has "$T/err" "$_want"
}
no_server="--file browses a saved history without a server: drop"
usage "--file with --demo" "$no_server --demo" --file "$T/saved.json" --demo
usage "--file with --url" "$no_server --url" --file "$T/saved.json" --url "$SIM_URL"
usage "--file with --server-id" "$no_server --server-id" --file "$T/saved.json" --server-id x
usage "--file with --token-file" "$no_server --token-file" --file "$T/saved.json" --token-file /dev/null
usage "--file with --project" "$no_server --project" --file "$T/saved.json" --project acme
usage "--file with --cacert" "$no_server --cacert" --file "$T/saved.json" --cacert /dev/null
usage "--file with --insecure" "$no_server --insecure" --file "$T/saved.json" --insecure
usage "--file with --timeout" "$no_server --timeout" --file "$T/saved.json" --timeout 5
usage "--file with --refresh" "$no_server --refresh" --file "$T/saved.json" --refresh 5
usage "--file with history" "--file goes with the interface (no subcommand), not 'history'" \
	--file "$T/saved.json" history
usage "--file with workers" "not 'workers'" --file "$T/saved.json" workers
usage "--file with rerun" "not 'rerun'" --file "$T/saved.json" rerun w 1
usage "--file with --json" "--json goes with a subcommand" --file "$T/saved.json" --json
usage "--file with an empty name" "--file: the file name is empty" --file ""
usage "--file without a value" "--file needs a value" --file

expect_run "--help" 0 --help
check "--help: --file" has "$T/out" "--file FILE"

is "" "$(sim_requests)" "--file: the simulator heard nothing"

done_testing
