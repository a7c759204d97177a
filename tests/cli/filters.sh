#!/bin/sh
# wrun history's filters (--since, --until, --status, --trigger, --grep,
# --limit), --csv, and write errors on standard output.
. "$top_srcdir/tests/lib.sh"
# The tests' clock: 2026-01-15 12:00:00 UTC (TZ=UTC).
sim_start --scenario "$SCENARIOS/basic.json"

"$WRUN" history --json >"$T/all.json" || { echo "Bail out! history failed"; exit 1; }
# ids EXPR: the IDs (last two digits; "-" for none) of the runs in $T/out
# (--json) or of those of all.json that pass the Python condition EXPR on r.
ids() { jq_py "$T/out" '" ".join((r.get("historyEntryId") or "-")[-2:] for r in d)'; }
want() { jq_py "$T/all.json" '" ".join((r.get("historyEntryId") or "-")[-2:] for r in d if '"$1"')'; }
HOUR=3600000
NOW=$WRUN_NOW_MS

# ---- time windows ----------------------------------------------------------
expect_run "--since 24h" 0 history --since 24h --json
is "$(want "r['startTimeMillis'] >= $NOW - 24 * $HOUR")" "$(ids)" "--since 24h: the runs of the last 24 hours"
is "21 12 11 14 20 19 18 17 16 10 09" "$(ids)" "--since 24h: the 11 runs, newest first"
expect_run "--since 90m" 0 history --since 90m --json
is "[]" "$(jq_py "$T/out" 'd')" "--since 90m: none since 10:30"
expect_run "--since 2h" 0 history --since 2h --json
is "21" "$(ids)" "--since 2h: the run of 10:00, the bound included"
expect_run "--since 2h50m" 0 history --since 2h50m --json
is "21 12" "$(ids)" "--since 2h50m: from 09:10"
expect_run "--since 7d" 0 history --since 7d --json
is "$(want "r['startTimeMillis'] >= $NOW - 7 * 24 * $HOUR")" "$(ids)" "--since 7d"
is 20 "$(jq_py "$T/out" 'len(d)')" "--since 7d: not the two runs of the 8th"
expect_run "a date alone, both ends" 0 history --since 2026-01-14 --until 2026-01-14 --json
is "20 19 18 17 16 10 09 02 01 13" "$(ids)" "--since D --until D: the whole day"
expect_run "date and time, Z and local" 0 history --since 2026-01-14T10:00:00Z --until 2026-01-14T15:00 --json
is "16 10 09 02" "$(ids)" "--since ...Z --until ...T15:00: both ends included"
expect_run "an offset" 0 history --since 2026-01-15T11:00:00+02:00 --json
is "21 12" "$(ids)" "--since 11:00+02:00 is 09:00 UTC: not the run of 08:45"
expect_run "fractions of a second" 0 history --since 2026-01-15T09:10:00.001Z --json
is "21" "$(ids)" "--since 09:10:00.001Z leaves out the run of 09:10:00.000"
expect_run "a space for the T" 0 history --since "2026-01-15 09:10" --json
is "21 12" "$(ids)" "--since '2026-01-15 09:10'"
expect_run "--until a duration" 0 history --until 5d --json
is "$(want "r['startTimeMillis'] <= $NOW - 5 * 24 * $HOUR")" "$(ids)" "--until 5d: the older runs"
expect_run "--since later than --until" 2 history --since 1h --until 2h
check "says why" has "$T/err" "--since is later than --until"
for bad in yesterday 24 7x 2026-13-01 2026-02-30 2026-01-15T25:00 2026-01-15T10:00Q ""; do
	expect_run "--since '$bad' refused" 2 history --since "$bad"
	check "--since '$bad': says what WHEN is" has "$T/err" "takes a duration before now (90m, 24h, 7d) or an ISO 8601"
done

# ---- statuses, triggers, logs, limit ------------------------------------------
expect_run "--status timeout" 0 history --status timeout --json
is "05" "$(ids)" "--status timeout: STATUS_TIMEOUT only"
expect_run "--status STATUS_TIMEOUT" 0 history --status STATUS_TIMEOUT --json
is "05" "$(ids)" "an exact API status"
expect_run "--status FAIL (any case)" 0 history --status FAIL --json
is "$(want "r.get('executionStatus') == 'STATUS_FAIL'")" "$(ids)" "--status fail: STATUS_FAIL only"
expect_run "--status repeated" 0 history --status fail --status timeout --json
is "$(want "r.get('executionStatus') != 'STATUS_SUCCESS'")" "$(ids)" "--status fail --status timeout: either"
expect_run "--status success" 0 history --status success --json
is "$(want "r.get('executionStatus') == 'STATUS_SUCCESS'")" "$(ids)" "--status success"
expect_run "--status no-such" 0 history --status STATUS_NOPE
check "no match: says so" has "$T/out" "No matching runs."
expect_run "--status empty" 2 history --status ""
expect_run "--trigger SCHED (any case, a part)" 0 history --trigger SCHED --json
is "14 13 15" "$(ids)" "--trigger: the scheduler's runs"
expect_run "--trigger mallory" 0 history --trigger mallory --json
is "03" "$(ids)" "--trigger mallory"
expect_run "--grep 'TOO MUCH'" 0 history --grep 'TOO MUCH' --json
is "$(want "'too much' in ((r.get('executionResult') or {}).get('logs') or '').lower()")" "$(ids)" \
	"--grep: the runs whose logs say it, in any case"
check "--grep found some" test -n "$(ids)"
expect_run "--limit 3" 0 history --limit 3 --json
is "21 12 11" "$(ids)" "--limit 3: the newest three"
expect_run "--limit after the filters" 0 history --failed --limit 2 --json
is "14 17" "$(ids)" "--failed --limit 2: the newest two failures"
expect_run "--limit 0" 2 history --limit 0
expect_run "filters together" 0 history block-snapshots --since 3d --status fail --grep memory --json
is "02" "$(ids)" "a worker, a window, a status and a text"
expect_run "the table filtered" 0 history --status timeout
is 2 "$(wc -l <"$T/out" | tr -d ' ')" "the table: the header and one run"
check "the table's row" has "$T/out" "TIMEOUT"

# ---- misplaced ------------------------------------------------------------------
expect_run "--since with workers" 2 workers --since 1d
check "says where it goes" has "$T/err" "--since goes with history or rerun --failed, not 'workers'"
expect_run "--csv with rerun" 2 rerun w ba51c000-0000-4000-8000-000000000001 --csv
check "--csv goes with history" has "$T/err" "--csv goes with history"
expect_run "--csv and --json" 2 history --csv --json
expect_run "--status with the interface" 2 --status fail
check "goes with a subcommand" has "$T/err" "--status goes with a subcommand"

# ---- CSV ------------------------------------------------------------------------
expect_run "--csv" 0 history --csv
is "Worker Key,Worker Type,Project Key,Status,Started At,Ended At,Triggered By,Test Run,Executed Version,Trace ID" \
	"$(head -n 1 "$T/out" | tr -d '\r')" "the columns of jf worker execution-history"
is 23 "$(wc -l <"$T/out" | tr -d ' ')" "a line a run, and the header"
is 23 "$(grep -c "$(printf '\r')\$" "$T/out")" "lines end with CRLF (RFC 4180)"
"$PYTHON3" - "$T/out" "$T/all.json" >"$T/csvcheck" <<'PY'
import csv, json, sys, datetime
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
runs = json.load(open(sys.argv[2]))
def t(ms):
    return datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
bad = []
for row, r in zip(rows[1:], runs):
    want = [r["workerKey"], r.get("workerType", ""), r.get("workerProjectKey", ""), r["executionStatus"],
            t(r["startTimeMillis"]), t(r["endTimeMillis"]), r.get("triggeredBy", ""),
            {True: "true", False: "false"}.get(r.get("testRun"), ""), r.get("executedVersion", ""),
            r.get("traceId", "")]
    if row != want:
        bad.append((row, want))
print("ok" if not bad and len(rows) == len(runs) + 1 else repr(bad[:2]))
PY
is ok "$(cat "$T/csvcheck")" "every field as the API says, times in RFC 3339 UTC"
expect_run "--csv --status timeout" 0 history --csv --status timeout
is 2 "$(wc -l <"$T/out" | tr -d ' ')" "--csv takes the filters"
expect_run "--csv with nothing" 0 history --csv --status STATUS_NOPE
is 1 "$(wc -l <"$T/out" | tr -d ' ')" "--csv with no run: the header alone"

# Quoting (RFC 4180) and terminal safety: a trigger with a comma, quotes and
# an escape sequence.
sim_stop
"$PYTHON3" - "$SCENARIOS/basic.json" "$T/quoted.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for r in d["history"]:
    if r.get("historyEntryId", "").endswith("21"):
        r["triggeredBy"] = 'ops, "night" team\x1b[31m'
json.dump(d, open(sys.argv[2], "w"))
PY
sim_start --scenario "$T/quoted.json"
expect_run "--csv quoting" 0 history --csv --limit 1
is 'proj1-webhook,GENERIC_EVENT,proj1,STATUS_SUCCESS,2026-01-15T10:00:00Z,2026-01-15T10:00:00Z,"ops, ""night"" team^[[31m",false,1768035600000-admin,' \
	"$(sed -n 2p "$T/out" | tr -d '\r')" "a field with a comma and quotes is quoted, quotes doubled, ESC visible"
check "no raw ESC in the CSV" sh -c "! grep -q \"$(printf '\033')\" '$T/out'"

# ---- write errors -----------------------------------------------------------------
if [ -w /dev/full ]; then
	for args in "history --json" "history" "history --csv" "workers" "workers --json" \
	            "rerun block-snapshots ba51c000-0000-4000-8000-000000000001"; do
		RC=0
		# shellcheck disable=SC2086
		"$WRUN" $args >/dev/full 2>"$T/err" || RC=$?
		is 3 "$RC" "$args > /dev/full: exit 3"
		is "wrun: write error: No space left on device" "$(cat "$T/err")" "$args > /dev/full: says so"
	done
else
	ok "# SKIP no /dev/full"
fi
check "the token appears in no output" lacks "$T/transcript" "$WRUN_SIM_TOKEN"
done_testing
