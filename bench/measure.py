#!/usr/bin/env python3
"""measure.py - run a shell command N times; print median wall time and peak RSS.

Usage: measure.py LABEL N COMMAND
Peak RSS is the largest of the command's processes (RUSAGE_CHILDREN of a
fresh interpreter per run), so a pipeline reports its hungriest member.
"""
import resource
import statistics
import subprocess
import sys
import time

label, runs, cmd = sys.argv[1], int(sys.argv[2]), sys.argv[3]
walls, rss = [], []
for _ in range(runs):
    probe = ("import resource, subprocess, sys, time\n"
             "t = time.monotonic()\n"
             "r = subprocess.run(['sh', '-c', sys.argv[1]])\n"
             "w = time.monotonic() - t\n"
             "m = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
             "print(w, m, r.returncode)\n")
    out = subprocess.run([sys.executable, "-c", probe, cmd], capture_output=True, text=True)
    if out.returncode != 0 or not out.stdout.strip():
        sys.exit(f"{label}: measurement failed: {out.stderr.strip()}")
    w, m, rc = out.stdout.split()
    if rc != "0":
        sys.exit(f"{label}: command failed with {rc}: {cmd}")
    walls.append(float(w))
    rss.append(int(m))
print(f"{label:<34} {statistics.median(walls) * 1000:9.0f} ms   {max(rss) / 1024:8.1f} MiB peak RSS")
