#!/bin/sh
# Batch rerun (X): of the list shown, or of the marked runs (Space); the
# confirmation counts what goes and what is skipped for having no ID; runs
# go one at a time, a refusal by the call limit is waited out and sent
# again, and no run is sent twice; progress and a summary on the status
# line; Esc stops what was not sent and says that a sent rerun runs on.
. "$top_srcdir/tests/screen/tui-lib.sh"
tui_start

# Every list has its count: 5 with an ID, 1 without; n sends nothing.
vt 40 160 <<'VT'
wait "History: all workers (6 runs) 1/6"
key X
wait " Rerun 5 runs? "
wait "5 listed runs will be rerun, one at a time"
wait "1 skipped: no history entry ID"
wait "y: rerun them   any other key: cancel"
key n
wait "batch canceled: nothing was sent"
# marks: Space marks and moves down; X takes the marked ones only
key Tab Space Space
wait "History: all workers (6 runs) 3/6  2 marked"
key Up Space
wait "History: all workers (6 runs) 3/6  1 marked"
key X
wait " Rerun 1 run? "
wait "1 marked run will be rerun"
wait "0 skipped: no history entry ID"
key Esc
wait "batch canceled: nothing was sent"
key q
expect_exit 0
VT
posts >"$T/posts"
check "a canceled batch sends nothing" [ ! -s "$T/posts" ]

# The failed view's three runs, against a server that refuses every third
# rerun with 400 "Call limit exceeded": the third is sent again once the
# wait is over, after the first two went, and none is sent twice.
sim_fault "rerun=status:400:Call limit exceeded%3"
vt 40 160 <<'VT'
wait "History: all workers (6 runs) 1/6"
key F X
wait " Rerun 3 runs? "
wait "3 listed runs will be rerun, one at a time (the failed view)"
wait "0 skipped: no history entry ID"
key y
wait "refused: HTTP 400: Call limit exceeded"
wait "sending it again in 1s"
timeout 15
wait "batch done: 0 succeeded, 3 failed, 0 skipped (no ID)"
key v
wait "Ledger: reruns of this session (3) 1/3"
wait_row 8 "TIMEOUT"
wait_row 9 "FAIL"
wait_row 10 "FAIL"
key q
expect_exit 0
VT
posts_are "one at a time; the refused one again, none twice" <<EOF
/worker/api/v1/rerun/license-gate forceRecord=false {"historyEntryId": "$ID_FAIL_CPU"}
/worker/api/v1/rerun/proj-scan forceRecord=false&projectKey=acme {"historyEntryId": "$ID_PROJECT"}
/worker/api/v1/rerun/audit-log forceRecord=false {"historyEntryId": "$ID_OTHER"}
/worker/api/v1/rerun/audit-log forceRecord=false {"historyEntryId": "$ID_OTHER"}
EOF
refused=$("$PYTHON3" - "$SIM_LOG" <<'PY'
import json, sys
print(sum(1 for l in open(sys.argv[1]) if json.loads(l).get("status") == 400))
PY
)
check "exactly one was refused" [ "$refused" -eq 1 ]
sim_stop
tui_start
: >"$SIM_LOG"

# Esc during a batch: the rerun in flight was sent and runs on the server
# (the simulator holds it), the two after it are never sent.
sim_fault "rerun=hang@1"
vt 40 160 <<'VT'
wait "History: all workers (6 runs) 1/6"
key F X
wait " Rerun 3 runs? "
key y
wait "rerun 1/3 (Esc stops the rest)"
wait "rerun in flight"
key Esc
wait "stopped: 1 rerun was already sent: it runs on the server; only the wait for its answer stopped; 2 reruns not sent"
wait_attr "stopped: 1 rerun was already sent" fg=1
wait_gone "rerun 1/3"
key v
wait "Ledger: reruns of this session (3)"
wait_row 8 "stopped"
wait_row 9 "stopped"
wait_row 10 "sent"
key Down Down Enter
wait "sent, then no longer awaited (Esc): it ran on the server"
key q
expect_exit 0
VT
posts_are "Esc: nothing more is sent" <<EOF
/worker/api/v1/rerun/license-gate forceRecord=false {"historyEntryId": "$ID_FAIL_CPU"}
EOF
done_testing
