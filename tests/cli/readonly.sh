#!/bin/sh
# --read-only (and read-only = true in wrun's config): wrun rerun exits 2
# and sends nothing; listing still works. --trace FILE: one record per
# request, created 0600, with the Authorization header masked and the token
# nowhere in it.
. "$top_srcdir/tests/lib.sh"
sim_start --scenario "$SCENARIOS/basic.json"
"$WRUN" history --json >"$T/all.json" || { echo "Bail out! history failed"; exit 1; }
id=$(jq_py "$T/all.json" '[r["historyEntryId"] for r in d if r.get("historyEntryId") and not r.get("workerProjectKey")][0]')
w=$(jq_py "$T/all.json" '[r["workerKey"] for r in d if r.get("historyEntryId") and not r.get("workerProjectKey")][0]')
: >"$SIM_LOG"

expect_run "rerun --read-only" 2 --read-only rerun "$w" "$id"
check "says why" has "$T/err" "read-only (--read-only): reruns are off; nothing was sent"
expect_run "rerun --failed --read-only" 2 --read-only rerun --failed --yes
check "nothing was sent" [ ! -s "$SIM_LOG" ]
expect_run "workers --read-only lists" 0 --read-only workers
: >"$SIM_LOG"

# read-only = true in wrun's config, for a server named there
printf '%s\n' "$JF_ACCESS_TOKEN" >"$T/token"
chmod 600 "$T/token"
cat >"$T/config" <<EOF
[server ro]
url = $SIM_URL
token-file = $T/token
read-only = true
EOF
saved_url=$JF_URL saved_token=$JF_ACCESS_TOKEN
unset JF_URL JF_ACCESS_TOKEN
expect_run "rerun on a read-only server" 2 --config "$T/config" --server-id ro rerun "$w" "$id"
check "says why (the config)" has "$T/err" "read-only (wrun's config)"
check "nothing was sent either" [ ! -s "$SIM_LOG" ]
JF_URL=$saved_url JF_ACCESS_TOKEN=$saved_token
export JF_URL JF_ACCESS_TOKEN

# --trace
expect_run "workers --trace" 0 --trace "$T/trace" workers
expect_run "history --trace" 0 --trace "$T/trace" history
check "the trace file is 0600" [ "$(stat -c %a "$T/trace")" = 600 ]
check "a record per request" [ "$(grep -c '^== .* GET$' "$T/trace")" -ge 2 ]
check "with the URL and the status" sh -c "grep -q '^url: $SIM_URL/worker/api/v1/workers' '$T/trace' && grep -q '^status: 200' '$T/trace'"
check "the Authorization header is masked" has "$T/trace" "Authorization: Bearer ***"
check "the token is nowhere in the trace" lacks "$T/trace" "$JF_ACCESS_TOKEN"
check "no 8-character piece of it either" sh -c '
	t=$1 f=$2 i=1
	while [ $i -le $((${#t} - 7)) ]; do
		piece=$(printf "%s" "$t" | cut -c$i-$((i + 7)))
		grep -qF -- "$piece" "$f" && exit 1
		i=$((i + 1))
	done; exit 0' sh "$JF_ACCESS_TOKEN" "$T/trace"
check "timings are recorded" grep -qi "connect" "$T/trace"
done_testing
