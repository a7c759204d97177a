#!/bin/sh
# d: a rerun against its original (after the rerun, and from the ledger),
# and two runs marked with Space: status and IDs, metrics with both values
# and their change against the same limits, and a line diff of the logs
# whose first difference is on screen without scrolling.
. "$top_srcdir/tests/screen/tui-lib.sh"
tui_scenario
# The rerun of the CPU failure: other logs, far down a long log, and other
# metrics; the original gets 40 lines of the same first.
"$PYTHON3" - "$T/tui.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
same = "".join("[info ] - step %d\n" % i for i in range(40))
for e in d["history"]:
    if e.get("historyEntryId", "").startswith("1111"):
        e["executionResult"]["logs"] = same + "[error] - Worker used too much cpu time\n[info ] - done\n"
d["reruns"] = {"11111111-1111-4111-8111-111111111111": {
    "executionStatus": "STATUS_SUCCESS",
    "logs": same + "[info ] - cache warm: fast path\n[info ] - done\n",
    "executionMetrics": {"cpuTimeMillis": 140, "topMemoryUsageBytes": 39845888,
                         "executionDurationMillis": 2910},
    "data": {"ok": True}}}
json.dump(d, open(sys.argv[1], "w"))
PY
sim_start --scenario "$T/tui.json"

vt 24 100 <<'VT'
wait "History: all workers (6 runs) 1/6"
key d
wait "d compares a rerun with its original"
key r y
wait "Execution  e0000000-0000-4000-8000-000000000001"
key d
wait_row 0 "Compare: the rerun of a run of license-gate with its original"
wait_row 1 "Original"
wait_row 1 "Rerun"
wait "Status     STATUS_FAIL"
wait "STATUS_SUCCESS"
wait "11111111-1111-4111-8111-111111111111"
wait "e0000000-0000-4000-8000-000000000001"
wait "limits: reported by this rerun: CPU 2.00 s, memory 256 MiB, duration 10.0 s"
wait "CPU        1.20 s"
wait "140 ms"
wait "-1.06 s"
wait "50.0 MiB"
wait "38.0 MiB"
wait "-12.0 MiB"
wait "+2.06 s"
# the first difference is on screen, far down the logs
wait "Logs: 2 lines differ (- left only, + right only)"
wait "- [error] - Worker used too much cpu time"
wait "+ [info ] - cache warm: fast path"
wait_attr "[error] - Worker used" fg=1
wait_attr "[info ] - cache warm" fg=2
expect_not "step 1 "
key Home
wait "step 1"
wait_gone "cache warm"
key Esc
wait_gone "Compare:"
# from the ledger
key v Enter d
wait "Compare: the rerun of a run of license-gate with its original"
key q
wait_gone "Compare:"
key v
# a successful rerun is not recorded (the worker's debug is off)
wait "History: all workers (6 runs)"
key q
expect_exit 0
VT

# Two marked runs: the older on the left.
vt 24 100 <<'VT'
wait "History: all workers (6 runs) 1/6"
key Tab Space Space
wait "2 marked"
key d
wait "Compare: the two marked runs"
wait_row 1 "Older"
wait_row 1 "Newer"
wait "22222222-2222-4222-8222-222222222222"
wait "11111111-1111-4111-8111-111111111111"
# the limits the first session's rerun reported, saved for this start
wait "limits: reported by a rerun, 2026-01-15: CPU 2.00 s, memory 256 MiB"
wait "Logs: "
key q q
expect_exit 0
VT
done_testing
