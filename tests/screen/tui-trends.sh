#!/bin/sh
# Trends: each row of the workers pane has the success rate over the loaded
# runs and a strip of the last runs' outcomes (oldest left); with a worker
# selected and the focus on the workers pane, the detail pane shows the
# worker: its fields, runs, failures by status, p50 and p95, and sparklines
# of duration and peak memory against the limits. The run comes back when
# the focus goes to a list.
#
# tui-lib.sh's scenario, oldest first (the test run is not listed):
#   audit-log    TIMEOUT 6.10 s 10 ms 1 MiB, SUCCESS 30 ms 20 ms 2 MiB   50%
#   legacy-hook  SUCCESS 12 ms                                           100%
#   proj-scan    FAIL 700 ms 400 ms 100 MiB                               0%
#   license-gate SUCCESS 400 ms 300 ms 30 MiB, FAIL 850 ms 1.20 s 50 MiB   50%
# against the documented sample limits (6.00 s, 1.00 s, 120 MiB).
. "$top_srcdir/tests/screen/tui-lib.sh"

# license-gate changed a day ago, by admin, and is not shared.
tui_scenario
"$PYTHON3" - "$T/tui.json" "$NOW" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
w = [w for w in d["workers"] if w["key"] == "license-gate"][0]
w["currentVersion"] = {"modifiedAt": int(sys.argv[2]) - 26 * 3600 * 1000, "modifiedBy": "admin"}
w["shared"] = False
json.dump(d, open(sys.argv[1], "w"))
PY
sim_start --scenario "$T/tui.json"

# 1. The rows at 40x160: the rate, then the strip (right-aligned: the
# newest run in the same column on every row), then the failed count; "All
# workers" over every run. Success green, FAIL red, another status yellow.
vt 40 160 <<'VT'
wait "History: all workers (6 runs)"
wait "Workers (4)"
wait_row 2 "All workers"
wait_row 2 " 50%     █▁▁█▁█ 3 failed│"
wait_row 3 "audit-log    GENERIC_EVENT    enabled "
wait_row 3 " 50%         █▁ 1 failed│"
wait_row 4 "legacy-hook  AFTER_DOWNLOAD   disabled"
wait_row 4 "100%          ▁         │"
wait_row 5 "license-gate BEFORE_DOWNLOAD  enabled "
wait_row 5 " 50%         ▁█ 1 failed│"
wait_row 6 "proj-scan    AFTER_CREATE     enabled "
wait_row 6 "  0%          █ 1 failed│"
wait_attr "▁" fg=2
wait_attr "█" fg=3
# "All workers" keeps the selected run in the detail pane
wait_row 1 "Run 11111111"
key q
expect_exit 0
VT

# 2. --ascii: "." for a run that succeeded, "x" for one that did not.
vt 40 160 --ascii <<'VT'
wait "History: all workers (6 runs)"
wait "Workers (4)"
wait_row 2 " 50%     x..x.x 3 failed|"
wait_row 3 " 50%         x. 1 failed|"
wait_row 4 "100%          .         |"
wait_row 5 " 50%         .x 1 failed|"
wait_row 6 "  0%          x 1 failed|"
expect_not "▁"
key q
expect_exit 0
VT

# 3. The worker in the detail pane (40x160). p50 and p95 by nearest rank
# over two runs: the smaller, then the larger. Sparklines scaled to the
# limit (or to the highest value over it), in eighths: license-gate's
# durations 400 ms and 850 ms of 6.00 s are 1/8 and 2/8 (rounded up), its
# memory 30 and 50 MiB of 120 MiB 2/8 and 4/8.
vt 40 160 <<'VT'
wait "History: all workers (6 runs)"
wait "Workers (4)"
key j j j
wait "History: license-gate (2 runs)"
wait_row 1 "Worker license-gate"
wait_attr "Workers (4)" reverse
wait_row 2 "│Worker       license-gate"
wait_row 3 "│Description  blocks downloads of unlicensed artifacts"
wait_row 4 "│Action       BEFORE_DOWNLOAD"
wait_row 5 "│Project      none (a global worker)"
wait_row 6 "│State        enabled"
wait_row 7 "│Modified     2026-01-14 10:00:00 by admin (1d ago)"
wait_row 8 "│Debug        off"
wait_row 9 "│Shared       no"
wait_row 11 "│Runs         2 loaded, 1 succeeded (50%)"
wait_row 12 "│Failures     FAIL 1"
wait_row 13 "│             p50        p95"
wait_row 14 "│Duration     400 ms     850 ms"
wait_row 15 "│CPU          300 ms     1.20 s"
wait_row 16 "│Memory       30.0 MiB   50.0 MiB"
wait_row 18 "│Over time, oldest first (limits: documented sample)"
wait_row 19 "│Duration     ▁▂ ┊ limit 6.00 s  max 850 ms"
wait_row 20 "│Memory       ▂▄ ┊ limit 120 MiB  max 50.0 MiB"
expect_not "Status     STATUS_FAIL"
# Tab: the focus on the history, the run is back
key Tab
wait_attr "History: license-gate (2 runs) 1/2" reverse
wait_row 1 "Run 11111111"
wait "Status     STATUS_FAIL"
expect_not "Description  blocks"
# back on the workers pane: the worker again
key S-Tab
wait_attr "Workers (4)" reverse
wait_row 1 "Worker license-gate"
# from there straight to the detail pane (Shift-Tab): the worker stays,
# to be scrolled; Tab (round to the workers) keeps it, l (the history)
# brings the run back
key S-Tab
wait_attr "Worker license-gate" reverse
wait "Runs         2 loaded, 1 succeeded (50%)"
key Tab
wait_attr "Workers (4)" reverse
wait_row 1 "Worker license-gate"
key l
wait_row 1 "Run 11111111"
# another worker: audit-log failed once with another status; its
# TIMEOUT run went over the duration limit, so the scale's top is that run
# (6.10 s: a full block, in the over colour) and the other is 1/8
key h
wait_row 1 "Worker license-gate"
key k k
wait_row 1 "Worker audit-log"
wait_row 3 "│Description  (none)"
wait_row 8 "│Runs         2 loaded, 1 succeeded (50%)"
wait_row 9 "│Failures     TIMEOUT 1"
wait_row 11 "│Duration     30 ms      6.10 s"
wait_row 12 "│CPU          10 ms      20 ms"
wait_row 13 "│Memory       1.00 MiB   2.00 MiB"
wait_row 16 "│Duration     █▁ ┊ limit 6.00 s  max 6.10 s  1 over"
wait_row 17 "│Memory       ▁▁ ┊ limit 120 MiB  max 2.00 MiB"
wait_attr "1 over" fg=1 bold
# proj-scan: one run, a project; memory at 83% of the limit: 7/8, yellow
key j j j
wait_row 1 "Worker proj-scan"
wait_row 5 "│Project      acme"
wait "Runs         1 loaded, 0 succeeded (0%)"
wait "Failures     FAIL 1"
wait "Duration     700 ms     700 ms"
wait "Memory       ▇ ┊ limit 120 MiB  max 100 MiB"
wait_attr "▇" fg=3
# All workers: the selected run
key Home
wait_row 1 "Run 11111111"
# Enter opens the worker's runs: the run of the history
key End
wait_row 1 "Worker proj-scan"
key Enter
wait_row 1 "Run 33333333"
key q
expect_exit 0
VT

# 4. --ascii: the sparkline's levels in ASCII ("#" the top), the limit's
# mark "|", the cell over the limit in the over colour.
vt 40 160 --ascii <<'VT'
wait "History: all workers (6 runs)"
wait "Workers (4)"
key j
wait_row 1 "Worker audit-log"
wait_row 16 "|Duration     #_ | limit 6.00 s  max 6.10 s  1 over"
wait_attr "#" fg=1 bold
key q
expect_exit 0
VT

# 5. Narrow panes: stacked at 24x80, the worker's document is longer than
# its pane, and Tab would bring the run back: the marker says Shift-Tab.
# At 40 columns the action and the state go first, the rate and the
# strip stay; the sparklines keep the limit and drop the highest value.
vt 24 80 <<'VT'
wait "History: all workers (6 runs)"
wait "Workers (4)"
key j j j
wait "Worker license-gate"
wait "more lines (Shift-Tab here to scroll)"
key S-Tab
wait_attr "Worker license-gate" reverse
key G
wait "Memory       ▂▄ ┊ limit 120 MiB  max 50.0 MiB"
resize 24 40
wait_row 2 "  All workers    50%     █▁▁█▁█ 3 failed"
wait_row 3 "  audit-log      50%         █▁ 1 failed"
expect_not "GENERIC_EVENT"
expect_not "enabled"
# the sparklines keep the limit, without the highest value
wait_row 20 "Duration     ▁▂ ┊ limit 6.00 s"
wait_row 21 "Memory       ▂▄ ┊ limit 120 MiB"
expect_not "max 850 ms"
key q
expect_exit 0
VT

done_testing
