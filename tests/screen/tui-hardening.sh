#!/bin/sh
# Against hostile servers: a worker key that would not be sent as shown (a
# NUL shown as U+FFFD, an escape shown as ^[) is refused for rerun with the
# reason on the status line and nothing sent; the token going in cleartext
# to a host that is not loopback is warned about on the status line.
. "$top_srcdir/tests/screen/tui-lib.sh"

cat >"$T/keys.json" <<JSON
{
  "now": $NOW,
  "workers": [
    {"key": "nul\u0000key", "action": "GENERIC_EVENT", "enabled": true},
    {"key": "esc\u001b[2Jkey", "action": "GENERIC_EVENT", "enabled": true},
    {"key": "fine", "action": "GENERIC_EVENT", "enabled": true}
  ],
  "history": [
    {"historyEntryId": "aaaaaaaa-0000-4000-8000-000000000001", "workerKey": "fine",
     "executionStatus": "STATUS_FAIL", "startTimeMillis": $((NOW - 300000))},
    {"historyEntryId": "aaaaaaaa-0000-4000-8000-000000000002", "workerKey": "esc\u001b[2Jkey",
     "executionStatus": "STATUS_FAIL", "startTimeMillis": $((NOW - 200000))},
    {"historyEntryId": "aaaaaaaa-0000-4000-8000-000000000003", "workerKey": "nul\u0000key",
     "executionStatus": "STATUS_FAIL", "startTimeMillis": $((NOW - 100000))}
  ]
}
JSON
sim_start --scenario "$T/keys.json"

# The newest run is selected: its key has a NUL. Then the next: an escape.
# Then X over the three: one is queued, two skipped.
vt 30 160 <<'VT'
wait "History: all workers (3 runs)"
key r
wait "cannot rerun: the server sent this run's worker key, ID or project key with a NUL byte"
expect_not "Rerun?"
key R
wait "cannot rerun: the server sent this run's worker key"
key Tab
key j
key r
wait "cannot rerun: this run's worker key holds bytes that are shown escaped"
expect_not "Rerun?"
key X
wait "Rerun 1 run?"
wait "2 skipped: no history entry ID, or keys not sent as shown"
key n
wait_gone "Rerun 1 run?"
key q
expect_exit 0
VT
posts >"$T/posts"
check "no key that is not shown as sent was rerun" [ ! -s "$T/posts" ]
sim_stop

# Cleartext: the simulator on every address, reached at 0.0.0.0 (this
# host, not a loopback address).
tui_scenario
sim_start --scenario "$T/tui.json" --bind 0.0.0.0
if "$WRUN" workers --url "http://0.0.0.0:$SIM_PORT" >/dev/null 2>&1; then
	vt 24 100 --url "http://0.0.0.0:$SIM_PORT" <<'VT'
wait "History: all workers (6 runs)"
wait "warning: the token goes in cleartext (http://) to 0.0.0.0"
key q
expect_exit 0
VT
	check "cleartext: nothing on stderr under the interface" lacks "$T/vt.err" "cleartext"
else
	ok "# SKIP 0.0.0.0 does not reach this host"
fi
# Loopback: no warning.
vt 24 100 <<'VT'
wait "History: all workers (6 runs)"
wait "Workers (4)"
idle_ms 200
expect_not "cleartext"
key q
expect_exit 0
VT
done_testing
