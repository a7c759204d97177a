#!/usr/bin/env python3
"""measure.py - run a shell command N times; print median wall time, median
CPU time (user + system, all its processes) and peak RSS.

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
walls, rss, cpus = [], [], []
for _ in range(runs):
    probe = ("import resource, subprocess, sys, time\n"
             "t = time.monotonic()\n"
             "r = subprocess.run(['sh', '-c', sys.argv[1]])\n"
             "w = time.monotonic() - t\n"
             "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
             "print(w, u.ru_maxrss, r.returncode, u.ru_utime + u.ru_stime)\n")
    out = subprocess.run([sys.executable, "-c", probe, cmd], capture_output=True, text=True)
    if out.returncode != 0 or not out.stdout.strip():
        sys.exit(f"{label}: measurement failed: {out.stderr.strip()}")
    w, m, rc, c = out.stdout.split()
    if rc != "0":
        sys.exit(f"{label}: command failed with {rc}: {cmd}")
    walls.append(float(w))
    rss.append(int(m))
    cpus.append(float(c))
print(f"{label:<36} {statistics.median(walls) * 1000:7.0f} ms wall {statistics.median(cpus) * 1000:7.0f} ms CPU"
      f" {max(rss) / 1024:7.1f} MiB peak RSS")
