#!/bin/sh
# Hostile use: a long random script, from a fixed seed, of every bound key
# and random printable characters (r then y now and then, so that reruns
# really go out), resizes to random sizes from 1 x 1 to 60 x 200, while the
# simulator slows, fails, resets and hangs some of the requests. At checkpoints the
# terminal goes back to 24 x 80 and the interface must be whole again: the
# title bar, both list headings, the key hints. It ends with q, exit 0 and a
# restored terminal.
#
# WRUN_STRESS_SEED picks another script (a seed loop hunts for bugs);
# WRUN_STRESS_STEPS makes it longer or shorter.
. "$top_srcdir/tests/screen/tui-lib.sh"

SEED=${WRUN_STRESS_SEED:-20261128}
STEPS=${WRUN_STRESS_STEPS:-3000}

# The faults come in order, each after some requests of its endpoint went
# through (delay:0 is a pass): the Nth load of the run meets them.
FAULTS=$("$PYTHON3" - "$SEED" <<'PY'
import random, sys
rnd = random.Random("faults:" + sys.argv[1])
out = []
for ep, kinds in (("history", ["slow:2", "hang", "status:500", "truncated", "malformed",
                               "delay:1", "reset", "html:502"]),
                  ("rerun", ["status:400:Call limit exceeded", "hang", "delay:1",
                             "status:500", "malformed"]),
                  ("workers", ["hang", "slow:1", "status:403", "delay:1"])):
    rnd.shuffle(kinds)
    # The first load of each list succeeds: the checkpoints look for it.
    first = True
    for k in kinds[:rnd.randint(2, len(kinds))]:
        n = rnd.randint(1 if first else 0, 3)
        first = False
        if n:
            out.append("%s=delay:0@%d" % (ep, n))
        out.append("%s=%s@1" % (ep, k))
print("\n".join(out))
PY
)
set --
# one fault a line: a message may have blanks
_ifs=$IFS
IFS='
'
for f in $FAULTS; do set -- "$@" --fault "$f"; done
IFS=$_ifs
tui_start "$@"
# o hands the terminal to $PAGER, s and w write files: here, harmlessly
PAGER="cat >/dev/null"
export PAGER
cd "$T" || exit 1

# The script: random keys in bursts, resizes between them, checkpoints.
"$PYTHON3" - "$SEED" "$STEPS" >"$T/stress" <<'PY'
import random, sys
seed, steps = sys.argv[1], int(sys.argv[2])
rnd = random.Random("keys:" + seed)
KEYS = ("Up Down PgUp PgDn Home End g G j k h l Tab S-Tab Left Right Enter "
        "r R y n Esc ? C-r F5 C-u C-d F / ] [ s S t z Space X v a L w e o c C d").split()
# printable characters, but not q (quit) and not a blank (Space is a key)
PRINT = [chr(c) for c in range(0x21, 0x7f) if chr(c) != "q"]
SIZES = [(1, 1), (2, 2), (3, 10), (1, 80), (24, 1), (9, 39), (10, 40), (10, 39),
         (9, 40), (12, 99), (12, 100), (60, 200), (24, 80), (40, 160)]

def checkpoint(n):
    print("# checkpoint %d" % n)
    print("resize 24 80")
    # Esc closes the help, a prompt or a question, cancels the loads, then
    # steps back out of a rerun result, the zoom, the ledger, a filter and
    # the failed view, one at a time
    print("key Esc Esc Esc Esc Esc Esc Esc")
    print("wait_gone Help: keys of wrun")
    print("wait_gone any other key: cancel")
    print("wait_row 0 \" wrun  http://127.0.0.1:\"")
    print("wait Workers (")
    print("wait History: ")
    print("wait_row 23 \"q quit  ? help\"")
    print("expect_not terminal too small")
    # the next burst of keys meets loads in flight
    print("key C-r")

def probe():
    # the interface answers keys now: the help opens and closes
    print("key Esc")
    print("wait_gone Help: keys of wrun")
    print("wait_gone any other key: cancel")
    print("key ?")
    print("wait Help: keys of wrun")
    print("key ?")
    print("wait_gone Help: keys of wrun")

print("timeout 10")
print("wait Workers (4)")
print("wait History: all workers (6 runs)")
n = 0
size = (24, 80)
for step in range(steps):
    x = rnd.random()
    if x < 0.06:
        if rnd.random() < 0.4:
            r, c = rnd.choice(SIZES)
        else:
            r, c = rnd.randint(1, 60), rnd.randint(1, 200)
        print("resize %d %d" % (r, c))
        size = (r, c)
        if r >= 16 and c >= 40:
            # the last row: no question covers it (a rerun's, with its
            # project and forceRecord lines, takes 14 rows)
            # (the panes' hints or the log viewer's)
            print("wait_row %d \"? help\"" % (r - 1))
    elif x < 0.10:
        print("key r y" if rnd.random() < 0.7 else "key R y")
    elif x < 0.20:
        print("key %s" % rnd.choice(PRINT))
    else:
        print("key %s" % " ".join(rnd.choice(KEYS) for _ in range(rnd.randint(1, 4))))
    if size[0] >= 10 and size[1] >= 40 and rnd.random() < 0.03:
        probe()
    if step % 400 == 399:
        n += 1
        checkpoint(n)
        size = (24, 80)
checkpoint(n + 1)
print("key Esc")
print("wait_gone loading")
print("key q")
print("expect_exit 0")
print("expect_restored")
PY

vt 24 80 <"$T/stress"
# What the simulator saw, for the record.
"$PYTHON3" - "$SIM_LOG" <<'PY' | diag
import collections, json, sys
n = collections.Counter()
for line in open(sys.argv[1]):
    r = json.loads(line)
    path = r["path"].split("?")[0]
    if "/rerun/" in path:
        path = path.split("/rerun/")[0] + "/rerun/KEY"
    n["%s %s%s" % (r["method"], path,
                   " (" + r["fault"] + ")" if r.get("fault") and "delay:0" not in r["fault"] else "")] += 1
for k, v in sorted(n.items()):
    print("%5d %s" % (v, k))
PY
posts >"$T/posts"
check "reruns were sent" [ -s "$T/posts" ]
if [ "$TAP_FAILED" -ne 0 ]; then
	echo "# seed $SEED, steps $STEPS, faults:"
	printf '%s\n' "$FAULTS" | diag
	diag <"$T/vt.err"
fi
done_testing
