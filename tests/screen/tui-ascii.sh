#!/bin/sh
# --ascii: line drawing and bars in plain ASCII, non-ASCII server text as
# "?"; the detail pane's limits: the documented sample, or a flag's (and
# the sample for the rest), each bar tagged with its limit's source.
. "$top_srcdir/tests/screen/tui-lib.sh"
tui_start

vt 40 160 --ascii <<'VT'
wait "History: all workers (6 runs)"
wait "Workers (4)"
wait "- Workers (4) 1/5 ---"
wait "1.20 s / 1.00 s     120% OVER"
wait "###"
wait "|- Run 11111111 ---"
expect_not "─"
expect_not "█"
wait zo?
expect_not zoë
key q
expect_exit 0
expect_restored
VT

# A locale that is not UTF-8: ASCII drawing without being asked
LC_ALL=C
vt 40 160 <<'VT'
wait "History: all workers (6 runs)"
wait "- Workers (4) 1/5 ---"
wait "###"
expect_not "─"
wait zo?
key q
expect_exit 0
VT
LC_ALL=C.UTF-8

vt 40 160 --cpu-limit 5000 <<'VT'
wait "History: all workers (6 runs)"
wait "Workers (4)"
wait "limits: --cpu-limit; the rest: documented sample"
wait "1.20 s / 5.00 s      24%       --cpu-limit"
wait "50.0 MiB / 120 MiB     42%       sample"
key q
expect_exit 0
VT
# A terminal that cannot address the cursor: a clear message, not garbage.
TERM=dumb
vt 24 80 <<'VT'
expect_exit 2
VT
TERM=xterm-256color
check "TERM=dumb: says why" has "$T/vt.err" "cannot move the cursor"
done_testing
