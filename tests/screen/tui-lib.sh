# tests/screen/tui-lib.sh - shared by the interface's screen tests (sourced).
#
# Starts the simulator on a small scenario made for these tests (written
# here, so each test states the data it relies on), and runs wrun under
# vtdrive (a pty and libvterm), folding vtdrive's TAP into this test's.

. "$top_srcdir/tests/lib.sh"

VTDRIVE="$top_builddir/tests/screen/vtdrive"
[ -x "$VTDRIVE" ] || { echo "1..0 # SKIP vtdrive not built"; exit 0; }

# The tests' clock is WRUN_NOW_MS (lib.sh): 2026-01-15 12:00:00 UTC.
NOW=$WRUN_NOW_MS

# Run IDs of the scenario, newest first.
ID_TEST=77777777-7777-4777-8777-777777777777       # audit-log, a test run: listed only with --test-runs
ID_FAIL_CPU=11111111-1111-4111-8111-111111111111   # license-gate, FAIL, CPU over the sample limit
ID_OK=22222222-2222-4222-8222-222222222222         # license-gate, SUCCESS
ID_PROJECT=33333333-3333-4333-8333-333333333333    # proj-scan (project "acme"), FAIL, memory at 83%
#                                                  # legacy-hook, SUCCESS, no historyEntryId
ID_ESCAPES=55555555-5555-4555-8555-555555555555    # audit-log, SUCCESS, escape sequences in logs
ID_OTHER=66666666-6666-4666-8666-666666666666      # audit-log, STATUS_TIMEOUT (another status), by "zoë"

tui_scenario() {
	cat >"$T/tui.json" <<JSON
{
  "user": "admin",
  "now": $NOW,
  "limits": {"maxCpuTimeMillis": 2000, "maxMemoryUsageBytes": 268435456,
             "maxExecutionDurationMillis": 10000},
  "workers": [
    {"key": "license-gate", "action": "BEFORE_DOWNLOAD", "enabled": true, "debug": false,
     "description": "blocks downloads of unlicensed artifacts"},
    {"key": "audit-log", "action": "GENERIC_EVENT", "enabled": true},
    {"key": "proj-scan", "action": "AFTER_CREATE", "enabled": true, "projectKey": "acme"},
    {"key": "legacy-hook", "action": "AFTER_DOWNLOAD", "enabled": false}
  ],
  "history": [
    {"historyEntryId": "$ID_TEST", "workerKey": "audit-log", "workerType": "GENERIC_EVENT",
     "workerProjectKey": "", "executionStatus": "STATUS_SUCCESS",
     "executionPayload": {"test": true},
     "executionResult": {"result": null, "logs": "[info ] - a test run\n",
       "workerStats": {"cpuTimeMillis": 3, "topMemoryUsageBytes": 1048576,
                       "executionDurationMillis": 4}},
     "startTimeMillis": $((NOW - 30000)), "endTimeMillis": $((NOW - 29996)),
     "triggeredBy": "admin", "testRun": true, "executedVersion": "v7"},
    {"historyEntryId": "$ID_OTHER", "workerKey": "audit-log", "workerType": "GENERIC_EVENT",
     "workerProjectKey": "", "executionStatus": "STATUS_TIMEOUT",
     "executionPayload": null,
     "executionResult": {"result": null, "logs": "[warn ] - slow\n",
       "workerStats": {"cpuTimeMillis": 10, "topMemoryUsageBytes": 1048576,
                       "executionDurationMillis": 6100}},
     "startTimeMillis": $((NOW - 360000)), "endTimeMillis": $((NOW - 353900)),
     "triggeredBy": "zoë", "testRun": false, "executedVersion": "v6"},
    {"historyEntryId": "$ID_ESCAPES", "workerKey": "audit-log", "workerType": "GENERIC_EVENT",
     "workerProjectKey": "", "executionStatus": "STATUS_SUCCESS",
     "executionPayload": {"event": "x"},
     "executionResult": {"result": {"ok": true},
       "logs": "[info ] - start\n[info ] - title \u001b]0;PWNED\u0007 here\n[info ] - clear \u001b[2J\u001b[H now\n[info ] - colour \u001b[31mRED\u001b[0m done\n",
       "workerStats": {"cpuTimeMillis": 20, "topMemoryUsageBytes": 2097152,
                       "executionDurationMillis": 30}},
     "startTimeMillis": $((NOW - 300000)), "endTimeMillis": $((NOW - 299970)),
     "triggeredBy": "alice", "testRun": false, "executedVersion": "v5"},
    {"workerKey": "legacy-hook", "workerType": "AFTER_DOWNLOAD",
     "workerProjectKey": "", "executionStatus": "STATUS_SUCCESS",
     "executionResult": {"result": {"status": 4}, "logs": "[info ] - old server\n",
       "workerStats": {"cpuTimeMillis": 5, "topMemoryUsageBytes": 1048576,
                       "executionDurationMillis": 12}},
     "startTimeMillis": $((NOW - 240000)), "endTimeMillis": $((NOW - 239988)),
     "triggeredBy": "artifactory"},
    {"historyEntryId": "$ID_PROJECT", "workerKey": "proj-scan", "workerType": "AFTER_CREATE",
     "workerProjectKey": "acme", "executionStatus": "STATUS_FAIL",
     "executionPayload": {"repo": "acme-local"},
     "executionResult": {"result": {"status": 2}, "logs": "[error] - scan failed\n",
       "workerStats": {"cpuTimeMillis": 400, "topMemoryUsageBytes": 104857600,
                       "executionDurationMillis": 700}},
     "startTimeMillis": $((NOW - 180000)), "endTimeMillis": $((NOW - 179300)),
     "triggeredBy": "artifactory", "testRun": false, "executedVersion": "v3"},
    {"historyEntryId": "$ID_OK", "workerKey": "license-gate", "workerType": "BEFORE_DOWNLOAD",
     "workerProjectKey": "", "executionStatus": "STATUS_SUCCESS",
     "executionPayload": {"repo": "libs-release"},
     "executionResult": {"result": {"status": 4, "message": "licensed"},
       "logs": "[info ] - checked 3 licenses\n[info ] - ok\n",
       "workerStats": {"cpuTimeMillis": 300, "topMemoryUsageBytes": 31457280,
                       "executionDurationMillis": 400}},
     "startTimeMillis": $((NOW - 120000)), "endTimeMillis": $((NOW - 119600)),
     "triggeredBy": "artifactory", "testRun": false, "executedVersion": "v2"},
    {"historyEntryId": "$ID_FAIL_CPU", "workerKey": "license-gate",
     "workerType": "BEFORE_DOWNLOAD", "workerProjectKey": "",
     "executionStatus": "STATUS_FAIL",
     "executionPayload": {"repo": "libs-release", "path": "org/acme/app-1.0.jar"},
     "executionResult": {"result": {"status": 2, "message": "Worker used too much cpu time"},
       "logs": "[info ] - log line 1\n[info ] - log line 2\n[error] - Worker used too much cpu time\n",
       "workerStats": {"cpuTimeMillis": 1200, "topMemoryUsageBytes": 52428800,
                       "executionDurationMillis": 850}},
     "startTimeMillis": $((NOW - 60000)), "endTimeMillis": $((NOW - 59150)),
     "triggeredBy": "artifactory", "testRun": false, "executedVersion": "v1"}
  ]
}
JSON
}

# tui_start [SIM ARGS...]: the simulator on this scenario.
tui_start() {
	tui_scenario
	sim_start --scenario "$T/tui.json" "$@"
}

# Every time limit is longer under valgrind, which starts slowly.
VT_FACTOR=1
[ -n "${WRUN_VALGRIND:-}" ] && VT_FACTOR=6

# vt ROWS COLS [WRUN ARGS...] < SCRIPT: runs wrun under vtdrive with the
# script on stdin; each vtdrive test point becomes one of this test's. The
# screen at the end is in $T/screen, wrun's stderr in $T/vt.err.
vt() {
	_rows=$1 _cols=$2
	shift 2
	cat >"$T/script"
	_rc=0
	"$VTDRIVE" -r "$_rows" -c "$_cols" -t 60 -f "$VT_FACTOR" -e "$T/vt.err" -d "$T/screen" \
		-s "$T/script" -- ${WRUN_VALGRIND:-} "$WRUN" "$@" >"$T/vt.out" 2>&1 || _rc=$?
	while IFS= read -r _line; do
		case $_line in
		"ok "*) ok "${_line#ok * - }" ;;
		"not ok "*) not_ok "${_line#not ok * - }" ;;
		"Bail out!"*) not_ok "vtdrive: $_line" ;;
		"1.."*) ;;
		*) echo "$_line" ;;
		esac
	done <"$T/vt.out"
	if [ "$_rc" -ne 0 ]; then
		not_ok "vtdrive exited $_rc"
		diag <"$T/vt.err"
	fi
}

# posts: the POST requests the simulator saw, one "PATH QUERY BODY" a line.
posts() {
	"$PYTHON3" - "$SIM_LOG" <<'PY'
import json, sys
try:
    lines = open(sys.argv[1]).read().splitlines()
except FileNotFoundError:
    lines = []
for line in lines:
    r = json.loads(line)
    if r.get("method") == "POST":
        q = "&".join("%s=%s" % (k, v) for k, v in sorted(r.get("query", {}).items()))
        print(r["path"], q or "-", json.dumps(r.get("body"), sort_keys=True))
PY
}

# posts_are NAME < WANT: the POSTs the simulator saw (posts) are exactly the
# lines on stdin; one test point.
posts_are() {
	cat >"$T/want"
	posts >"$T/posts"
	if cmp -s "$T/posts" "$T/want"; then ok "$1"
	else not_ok "$1"; diag <"$T/posts"; fi
}
