#!/usr/bin/env python3
"""report.py - the figures that measure.py --save left, beside curl | jq's
from the same run and beside the body's size, with issue 9's targets.

Usage: report.py history|tui RESULTS RUNS BODY_BYTES [KEYS]

Prints a table (median wall, median CPU, peak RSS, wall as a fraction of
curl | jq's, peak RSS as a fraction of the body), then each target with
"meets" or "misses": a report, not a test (the exit status is 0 either way).
When $BENCH_MD names a file, appends the rows there as markdown table rows
(size, command, wall median, vs curl|jq, peak RSS, RSS/body), and the
verdicts to $BENCH_VERDICTS; bench/all.sh gathers them.
"""
import os
import sys

JQ = "curl | jq -c ."
JSON = "wrun history --json"
TABLE = "wrun history (table)"
PAINT = "interface: every run listed"
IDLE = "interface: idle 3 s"
KEY = "interface: Down key, one at a time"

# Issue 9's targets.
SPEEDUP_JSON = 6.0    # wrun history --json at least 6x faster than curl | jq
SPEEDUP_TABLE = 10.0  # wrun history (table) at least 10x faster
PAINT_OF_JQ = 0.25    # every run listed in at most 0.25x curl | jq's time
RSS_OF_BODY = 0.25    # peak RSS at most 1/4 of the body
IDLE_CPU_MS = 1.0     # idle: 0 CPU; up to 1 ms in 3 s is a timer's repaint, not polling
KEY_CPU_MS = 0.5      # at most 0.5 ms of CPU per key

mode, results, runs, body = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
keys = int(sys.argv[5]) if len(sys.argv) > 5 else 0
rows = []  # label, wall s, cpu s, rss KiB, span s or None
with open(results) as f:
    for line in f:
        label, wall, cpu, rss, span, _n = line.rstrip("\n").split("\t")
        rows.append((label, float(wall), float(cpu), int(rss), None if span == "-" else float(span)))
by = {r[0]: r for r in rows}
jq = by.get(JQ)
mib = body / 1048576
size = "{:,} ({:.0f} MiB)".format(runs, mib)


def ms(s):
    v = s * 1000
    return "%.0f ms" % v if v >= 100 else "%.1f ms" % v


def vs(r):
    return "%.2fx" % (r[1] / jq[1]) if jq else "n/a"


md, verdicts = [], []
print()
print("%-40s %9s %9s %11s %11s %9s" % ("%d runs, body %.1f MiB" % (runs, mib), "wall", "CPU", "peak RSS",
                                       "vs curl|jq", "RSS/body"))
print("(medians; vs curl|jq: the wall time as a fraction of curl | jq -c .'s; RSS/body: peak RSS / body size)")
for r in rows:
    if r[4] is not None:
        continue  # the sessions measured between marks: below
    if mode == "tui" and r[0] == JQ:
        print("%-40s %9s %9s %7.1f MiB %11s %9.2f" % (r[0], ms(r[1]), ms(r[2]), r[3] / 1024, vs(r),
                                                       r[3] * 1024 / body))
        continue  # the reference, already in bench/history.sh's rows
    print("%-40s %9s %9s %7.1f MiB %11s %9.2f" % (r[0], ms(r[1]), ms(r[2]), r[3] / 1024, vs(r), r[3] * 1024 / body))
    md.append("| %s | %s | %s | %s | %.1f MiB | %.2f |" % (size, r[0].replace("|", "\\|"), ms(r[1]), vs(r),
                                                             r[3] / 1024, r[3] * 1024 / body))
if not jq:
    print("(jq is not installed: no ratios to curl | jq; apt-get install jq)")

print()
print("issue 9's targets (a report, not a test):")


def verdict(what, target, now, ok):
    word = "n/a" if ok is None else ("meets" if ok else "misses")
    print("  %-34s %-38s now %-10s %s" % (what, target, now, word))
    verdicts.append("- %s runs: %s: %s; now %s: **%s**" % ("{:,}".format(runs), what, target, now, word))


def speed(label, want):
    r = by.get(label)
    if not r:
        return
    if not jq:
        verdict(label, "at least %gx faster than curl | jq" % want, "(no jq)", None)
        return
    verdict(label, "at least %gx faster than curl | jq" % want, "%.1fx" % (jq[1] / r[1]), jq[1] / r[1] >= want)


def memory(label):
    r = by.get(label)
    if r:
        frac = r[3] * 1024 / body
        verdict(label, "peak RSS at most 1/4 of the body", "%.2f" % frac, frac <= RSS_OF_BODY)


if mode == "history":
    speed(JSON, SPEEDUP_JSON)
    speed(TABLE, SPEEDUP_TABLE)
    memory(JSON)
    memory(TABLE)
else:
    r = by.get(PAINT)
    if r:
        if jq:
            verdict(PAINT, "in at most %gx curl | jq's time" % PAINT_OF_JQ, "%.2fx" % (r[1] / jq[1]),
                    r[1] / jq[1] <= PAINT_OF_JQ)
        else:
            verdict(PAINT, "in at most %gx curl | jq's time" % PAINT_OF_JQ, "(no jq)", None)
    memory(PAINT)
    r = by.get(IDLE)
    if r and r[4] is not None:
        v = r[4] * 1000
        verdict(IDLE, "no CPU (under %g ms in 3 s)" % IDLE_CPU_MS, "%.2f ms" % v, v < IDLE_CPU_MS)
        md.append("| %s | %s | CPU %.2f ms in 3 s | — | — | — |" % (size, IDLE, v))
    r = by.get(KEY)
    if r and r[4] is not None and keys:
        v = r[4] * 1000 / keys
        verdict(KEY, "at most %g ms of CPU per key" % KEY_CPU_MS, "%.3f ms" % v, v <= KEY_CPU_MS)
        md.append("| %s | %s | CPU %.3f ms per key | — | — | — |" % (size, KEY, v))

if os.environ.get("BENCH_MD"):
    with open(os.environ["BENCH_MD"], "a") as f:
        f.write("".join(x + "\n" for x in md))
if os.environ.get("BENCH_VERDICTS"):
    with open(os.environ["BENCH_VERDICTS"], "a") as f:
        f.write("".join(x + "\n" for x in verdicts))
