#!/bin/sh
# wrun rerun saves the limits the rerun reported for the interface's next
# start: per server URL, under $XDG_CACHE_HOME/wrun (else ~/.cache/wrun),
# with the date they were seen; mode 0600 in a 0700 folder, written through
# a temporary file that does not stay; never the token. A corrupt file is
# replaced; a file that cannot be written is a warning, not a failure.
. "$top_srcdir/tests/lib.sh"
sim_start --scenario "$SCENARIOS/basic.json"

"$WRUN" history --json >"$T/all.json" || { echo "Bail out! history failed"; exit 1; }
pick() { jq_py "$T/all.json" "$1"; }
w=$(pick '[r["workerKey"] for r in d if r.get("executionStatus") == "STATUS_SUCCESS" and r.get("historyEntryId") and not r.get("workerProjectKey")][0]')
id=$(pick '[r["historyEntryId"] for r in d if r.get("executionStatus") == "STATUS_SUCCESS" and r.get("historyEntryId") and not r.get("workerProjectKey")][0]')
fail_w=$(pick '[r["workerKey"] for r in d if r.get("executionStatus") == "STATUS_FAIL" and r.get("historyEntryId") and not r.get("workerProjectKey")][0]')
fail_id=$(pick '[r["historyEntryId"] for r in d if r.get("executionStatus") == "STATUS_FAIL" and r.get("historyEntryId") and not r.get("workerProjectKey")][0]')

mode() { stat -c %a "$1"; }
# entry FILE EXPR: EXPR over the entry of this server (e), in FILE.
entry() { jq_py "$1" "(lambda e: $2)(d['$SIM_URL'])"; }

# ---- ~/.cache/wrun when XDG_CACHE_HOME is unset
check "no cache before a rerun" test ! -e "$HOME/.cache"
expect_run "rerun" 0 rerun "$w" "$id"
F=$HOME/.cache/wrun/limits.json
check "the limits are saved in ~/.cache/wrun/limits.json" test -f "$F"
is 600 "$(mode "$F")" "the file's mode is 0600"
is 700 "$(mode "$HOME/.cache/wrun")" "the folder's mode is 0700"
is 700 "$(mode "$HOME/.cache")" "a folder made on the way is 0700 too"
is "limits.json" "$(ls -A "$HOME/.cache/wrun")" "no temporary file stays"
is "[\"$SIM_URL\"]" "$(jq_py "$F" 'sorted(d)')" "one entry, keyed by the server's URL"
is '[1000, 125829120, 6000, 1768478400000]' \
	"$(entry "$F" '[e["maxCpuTimeMillis"], e["maxMemoryUsageBytes"], e["maxExecutionDurationMillis"], e["seenAt"]]')" \
	"the reported limits, seen at the tests' clock"
is '["maxCpuTimeMillis", "maxExecutionDurationMillis", "maxMemoryUsageBytes", "seenAt"]' \
	"$(entry "$F" 'sorted(e)')" "nothing but the limits and when they were seen"
check "the file holds no token" lacks "$F" "$WRUN_SIM_TOKEN"
check "names the limits' source as before" has "$T/out" "limits (reported by a rerun)"

# A failed rerun reports limits too; a token from a file is never written.
printf '%s\n' "$WRUN_SIM_TOKEN" >"$T/token"
chmod 600 "$T/token"
WRUN_NOW_MS=1768564800000 # a day later
expect_run "rerun of a failing run, token from a file" 1 rerun "$fail_w" "$fail_id" \
	--token-file "$T/token"
WRUN_NOW_MS=1768478400000
is 1768564800000 "$(entry "$F" 'e["seenAt"]')" "a newer rerun replaces the entry"
check "still no token" lacks "$F" "$WRUN_SIM_TOKEN"
is 600 "$(mode "$F")" "still mode 0600"

# ---- $XDG_CACHE_HOME/wrun, beside other servers' entries
XDG_CACHE_HOME=$T/xdg
export XDG_CACHE_HOME
mkdir -p "$T/xdg/wrun"
cat >"$T/xdg/wrun/limits.json" <<'JSON'
{"https://other.example.test": {"maxCpuTimeMillis": 5, "seenAt": 7}}
JSON
expect_run "rerun with XDG_CACHE_HOME" 0 rerun "$w" "$id"
X=$T/xdg/wrun/limits.json
is "[\"$SIM_URL\", \"https://other.example.test\"]" "$(jq_py "$X" 'sorted(d)')" \
	"saved under \$XDG_CACHE_HOME/wrun, beside another server's entry"
is '{"maxCpuTimeMillis": 5, "seenAt": 7}' "$(jq_py "$X" 'd["https://other.example.test"]')" \
	"the other server's entry is kept as it was"
is 600 "$(mode "$X")" "mode 0600 there too"

# A JF_URL with a trailing slash is the same server.
JF_URL=$SIM_URL/
expect_run "rerun through the URL with a slash" 0 rerun "$w" "$id"
JF_URL=$SIM_URL
is 2 "$(jq_py "$X" 'len(d)')" "the normalized URL is the key: no second entry"

# ---- a corrupt file is replaced
printf 'not json {' >"$X"
expect_run "rerun over a corrupt file" 0 rerun "$w" "$id"
is "[\"$SIM_URL\"]" "$(jq_py "$X" 'sorted(d)')" "the corrupt file is replaced"
is 600 "$(mode "$X")" "by a file of mode 0600"

# ---- a file that cannot be written: a warning, the rerun's answer as usual
rm -f "$X"
mkdir "$X"
expect_run "rerun when the file cannot be written" 0 rerun "$w" "$id"
check "warns that the limits were not saved" has "$T/err" "warning: the limits the rerun reported were not saved"
check "the warning names the file" has "$T/err" "limits.json"
check "still prints the result" has "$T/out" "Execution ID:"
is "limits.json" "$(ls -A "$T/xdg/wrun")" "no temporary file stays after a failed save"
rmdir "$X"

# A relative XDG_CACHE_HOME is ignored (the XDG rule): ~/.cache/wrun.
rm -rf "$HOME/.cache"
XDG_CACHE_HOME=relative
expect_run "rerun with a relative XDG_CACHE_HOME" 0 rerun "$w" "$id"
XDG_CACHE_HOME=$T/xdg
check "a relative XDG_CACHE_HOME falls back to ~/.cache" test -f "$HOME/.cache/wrun/limits.json"
check "and makes no relative folder" test ! -e relative

# ---- --json output saves too; other subcommands write nothing
rm -rf "$T/xdg"
expect_run "rerun --json" 0 rerun "$w" "$id" --json
check "rerun --json saves the limits" test -f "$X"
rm -rf "$T/xdg"
expect_run "history" 0 history
expect_run "workers" 0 workers
check "history and workers save nothing" test ! -e "$T/xdg"
done_testing
