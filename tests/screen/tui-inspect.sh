#!/bin/sh
# Inspecting a run: the full-screen log viewer (L, or Enter on the detail
# pane): wrap and sideways scrolling with a marker on cut lines, search
# with n and N, e to the first error, $PAGER, saving to a file; escape
# sequences stay visible text. Copy (c, C) by OSC 52, the payload decoded;
# the list written as JSON (w), read back.
. "$top_srcdir/tests/screen/tui-lib.sh"
tui_scenario
# a long line in the successful license-gate run's logs
"$PYTHON3" - "$T/tui.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for e in d["history"]:
    if e.get("historyEntryId", "").startswith("2222"):
        e["executionResult"]["logs"] += "[info ] - " + "x" * 120 + " END-OF-LONG-LINE\n"
json.dump(d, open(sys.argv[1], "w"))
PY
sim_start --scenario "$T/tui.json"
cd "$T" || exit 1

vt 24 80 <<'VT'
wait "History: all workers (6 runs) 1/6"
key L
wait_row 0 "Logs of 11111111, license-gate  (3 lines)  wrap"
wait_row 1 "[info ] - log line 1"
wait_row 3 "[error] - Worker used too much cpu time"
wait_row 23 "Esc back"
key e
wait "first error: line 3"
key / L I N E Enter
wait "match 1/2"
wait_attr "[info ]" noreverse
wait_attr "line" reverse
key n
wait "match 2/2"
key n
wait "match 1/2"
key N
wait "match 2/2"
key Esc
wait_gone "Logs of 11111111"
wait "Workers (4)"
# Enter on the detail pane opens it too
key Tab Tab Enter
wait_row 0 "Logs of 11111111, license-gate"
key q
wait_gone "Logs of 11111111"
wait "History: all workers (6 runs)"
key q
expect_exit 0
VT

# Wrap, and cut lines with sideways scrolling.
vt 24 80 <<'VT'
wait "History: all workers (6 runs) 1/6"
key Tab Down L
wait_row 0 "Logs of 22222222, license-gate  (3 lines)  wrap"
wait "END-OF-LONG-LINE"
key w
wait "long lines are cut (Left, Right)"
wait_gone "END-OF-LONG-LINE"
wait_row 3 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…"
key Right Right Right Right Right
wait "END-OF-LONG-LINE"
wait_row 0 ">>"
key Left Left Left Left Left
wait_gone "END-OF-LONG-LINE"
key w
wait "long lines wrap"
wait "END-OF-LONG-LINE"
key Esc q
expect_exit 0
VT

# Escape sequences in logs are shown as text; $PAGER gets them made safe;
# s saves them, and asks before overwriting.
PAGER="cat > '$T/paged'"
export PAGER
vt 24 80 <<VT
wait "History: all workers (6 runs) 1/6"
key Tab Down Down Down Down L
wait_row 0 "Logs of 55555555, audit-log"
wait "[info ] - title ^[]0;PWNED^G here"
key o
wait_row 0 "Logs of 55555555, audit-log"
wait "[info ] - colour ^[[31mRED^[[0m done"
key s
wait "save to: audit-log-55555555.log"
key Enter
wait "saved 4 lines to audit-log-55555555.log"
key s Enter
wait " The file exists: overwrite it? "
key n
wait "not saved: the file is left as it was"
key s Enter y
wait "saved 4 lines to audit-log-55555555.log"
key Esc q
expect_exit 0
VT
unset PAGER
check "the pager got the logs" has "$T/paged" "[info ] - clear ^[[2J^[[H now"
check "the pager got no escape character" sh -c "! grep -q \"\$(printf '\\033')\" '$T/paged'"
check "the saved file is what the viewer showed" cmp -s "$T/paged" "$T/audit-log-55555555.log"

# Copy: c the full ID, C a ready command (with the project's key).
vt 24 80 <<VT
wait "History: all workers (6 runs) 1/6"
key c
wait_clipboard $ID_FAIL_CPU
wait "copied the run ID 11111111... (36 characters) to the clipboard"
key Tab Down Down C
wait_clipboard wrun rerun proj-scan $ID_PROJECT --project acme
wait "copied: wrun rerun proj-scan 33333333-3333-4333"
key Down c
wait "nothing to copy: this run has no history entry ID"
key q
expect_exit 0
VT

# w writes what the list shows, as history --json prints it.
vt 24 80 <<'VT'
wait "History: all workers (6 runs) 1/6"
key F w
wait "write the listed runs to: wrun-failed-2026-01-15.json"
key Enter
wait "wrote 3 runs to wrun-failed-2026-01-15.json"
key w Enter
wait " The file exists: overwrite it? "
key y
wait "wrote 3 runs to wrun-failed-2026-01-15.json"
key q
expect_exit 0
VT
run_wrun history --failed --json
check "the file is what history --failed --json prints" cmp -s "$T/out" "$T/wrun-failed-2026-01-15.json"
done_testing
