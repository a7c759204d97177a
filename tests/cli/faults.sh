#!/bin/sh
# Every injected fault: a clear one-line message, the documented exit code,
# no crash, no raw HTML, no token.
. "$top_srcdir/tests/lib.sh"
sim_start --scenario "$SCENARIOS/basic.json"
"$WRUN" history --json >"$T/all.json" || { echo "Bail out! history failed"; exit 1; }
w=$(jq_py "$T/all.json" '[r["workerKey"] for r in d if r.get("historyEntryId") and not r.get("workerProjectKey")][0]')
id=$(jq_py "$T/all.json" '[r["historyEntryId"] for r in d if r.get("historyEntryId") and not r.get("workerProjectKey")][0]')

# fault SPEC CODE TEXT ARGS...: with SPEC injected once, wrun ARGS exits CODE
# and says TEXT on stderr in one line, with no raw HTML and no crash.
fault() {
	_spec=$1; _code=$2; _text=$3; shift 3
	sim_fault "$_spec@1"
	expect_run "$_spec: $*" "$_code" "$@"
	check "$_spec: says '$_text'" has "$T/err" "$_text"
	check "$_spec: one line" test "$(wc -l <"$T/err" | tr -d ' ')" -le 1
	check "$_spec: no HTML" lacks "$T/err" "<"
}

fault "history=status:400" 3 "HTTP 400: Malformed payload" history
fault "rerun=status:400:Call limit exceeded" 3 "HTTP 400: Call limit exceeded" rerun "$w" "$id"
# A rate limit says when to retry when the server's Retry-After said so.
fault "history=ratelimit:30" 3 "HTTP 429: Too many requests (retry after 30 s)" history
fault "history=status:429" 3 "HTTP 429: Too many requests" history
check "429 without Retry-After: no time" lacks "$T/err" "retry after"
fault "rerun=ratelimit:5:400" 3 "HTTP 400: Call limit exceeded (retry after 5 s)" rerun "$w" "$id"
fault "workers=ratelimit:99999" 3 "(retry after 3600 s)" workers
fault "history=status:401" 3 "HTTP 401: Bad credentials" history
fault "workers=status:403" 3 "HTTP 403: Insufficient permissions" workers
fault "history=status:404" 3 "HTTP 404" history
fault "history=status:500" 3 "HTTP 500" history
fault "history=html:502" 3 "HTTP 502" history
fault "history=empty:503" 3 "HTTP 503" history
# (The first request: libcurl itself retries one reset on a reused connection.)
fault "any=reset" 3 "reset" history
fault "history=reset" 3 "reset" history --project proj1
fault "history=truncated" 3 "wrun: " history
fault "history=malformed" 3 "history" history
fault "rerun=malformed" 3 "wrun: " rerun "$w" "$id"
fault "workers=malformed" 3 "wrun: " workers
fault "history=huge:3000000" 3 "larger than 1 MiB" history --max-body 1
fault "history=hang" 3 "no answer" history --timeout 1
# Response headers past wrun's limits (or libcurl's, for one giant line)
# are said to be too large, not "out of memory" nor "connection reset".
fault "history=bigheader:10000000" 3 "the response headers of 127.0.0.1 were too large" history
check "10 MB header: not out of memory" lacks "$T/err" "memory"
fault "workers=bigheader:200000" 3 "the response headers of 127.0.0.1 were too large" workers
fault "history=manyheaders:100000" 3 "the response headers of 127.0.0.1 were too large" history
check "100,000 headers: not a reset" lacks "$T/err" "reset"
fault "rerun=manyheaders:3000" 3 "the response headers of 127.0.0.1 were too large" rerun "$w" "$id"
fault "history=bigheader:300000" 3 "were too large" history --json
# Memory amplification: a gzip body of a few KB that inflates to empty
# objects within --max-body is refused once what it would build passes 4
# times --max-body, not after taking gigabytes.
fault "history=gzipbomb:1000000" 3 "the history is larger than --max-body allows" history --max-body 1
fault "workers=gzipbomb:1000000" 3 "the worker list is larger than --max-body allows" workers --max-body 1
fault "rerun=gzipbomb:1000000" 3 "the rerun result is larger than --max-body allows" rerun "$w" "$id" --max-body 1
# Peak memory stays within a few times --max-body: a 16 MB bomb (16 KB on
# the wire) at --max-body 16 peaks under 4 x 16 MiB plus what wrun takes
# anyway (GNU time measures the peak; not under valgrind or sanitizers,
# whose own memory would be counted).
if [ -z "${WRUN_VALGRIND:-}" ] && /usr/bin/time -f %M true >/dev/null 2>&1 &&
	! nm "$WRUN" 2>/dev/null | grep -q __asan_init; then
	for ep in history workers; do
		sim_fault "$ep=gzipbomb:16000000@1"
		RC=0
		/usr/bin/time -o "$T/peak" -f %M "$WRUN" $ep --max-body 16 >/dev/null 2>"$T/err" </dev/null || RC=$?
		is 3 "$RC" "16 MB $ep bomb at --max-body 16: exit 3"
		check "16 MB $ep bomb: larger than --max-body allows" has "$T/err" "larger than --max-body allows"
		peak_kb=$(tail -n 1 "$T/peak")
		check "16 MB $ep bomb: peak memory $peak_kb KB, under 4 x 16 MiB + 32 MiB" \
			test "$peak_kb" -le $(((4 * 16 + 32) * 1024))
	done
fi
# Below the limits, extra headers are only headers.
sim_fault "history=bigheader:90000@1"
expect_run "a 90 KB header is read" 0 history --json
sim_fault "history=manyheaders:500@1"
expect_run "500 headers are read" 0 history --json

# A delay shorter than the timeout is only a delay.
sim_fault "history=delay:1@1"
expect_run "delay under the timeout" 0 history --json --timeout 5
# A slow body that keeps arriving is not cut by the stall timeout.
"$WRUN" history --json >"$T/now.json"
sim_fault "history=slow:2@1"
expect_run "slow body" 0 history --json --timeout 1
is "$(jq_py "$T/now.json" 'len(d)')" "$(jq_py "$T/out" 'len(d)')" "slow body parsed whole"

# 204 No Content for a list is an empty list; a 200 without a body is not
# what the API documents. (@2: the listing of every worker, then proj1's,
# whose worker has no run in the first.)
sim_fault "history=empty:204@2"
expect_run "history: 204 No Content" 0 history
check "204: no runs" has "$T/out" "No runs."
sim_fault "workers=empty:204@1"
expect_run "workers: 204 No Content" 0 workers
check "204: no workers" has "$T/out" "No workers."
sim_fault "history=empty:204@2"
expect_run "history --json: 204 No Content" 0 history --json
is "[]" "$(jq_py "$T/out" 'd')" "204: an empty array"
sim_fault "history=empty:200@1"
expect_run "history: 200 without a body" 3 history
check "200 without a body: says so" has "$T/err" "empty document"

# The single-object shape one JFrog page documents.
sim_fault "history=object@2"
expect_run "history as a single object" 0 history --json
is 2 "$(jq_py "$T/out" 'len(d)')" "one entry a listing (every worker's, then proj1's)"

# A wrong token: 401 with the server's message and a hint.
JF_ACCESS_TOKEN=wrong-token-value
expect_run "wrong token" 3 history
JF_ACCESS_TOKEN=$WRUN_SIM_TOKEN
check "401" has "$T/err" "HTTP 401"
check "the wrong token is not printed" lacks "$T/err" "wrong-token-value"

# Connection refused: a port nobody listens on (the simulator's, once stopped).
url=$SIM_URL
sim_stop
expect_run "connection refused" 3 history --url "$url"
check "says it cannot connect" has "$T/err" "connect"
expect_run "unresolvable host" 3 history --url "http://no-such-host.invalid" --timeout 2
check "says it cannot resolve" has "$T/err" "resolve"

# Nothing above printed the token.
check "the token appears in no output" lacks "$T/transcript" "$WRUN_SIM_TOKEN"
done_testing
