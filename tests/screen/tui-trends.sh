#!/bin/sh
# Trends: each row of the workers pane has the success rate over the loaded
# runs and a strip of the last runs' outcomes (oldest left).
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

done_testing
