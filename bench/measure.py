#!/usr/bin/env python3
"""measure.py - run a shell command N times; print median wall time, median
CPU time (user + system) and peak RSS.

Usage: measure.py [--save FILE] [--own FILE] [--tap FILE] LABEL N COMMAND
(the options may come anywhere)

Without --own the figures are the whole command's: wall time around it, the
CPU of all its processes and the peak RSS of the largest one (RUSAGE_CHILDREN
of a fresh interpreter per run), so a pipeline reports its hungriest member.
--own FILE: COMMAND runs one program under bench/own.py writing to FILE; the
  figures are that program's own (not the pty driver's, not the wrapper's),
  and with two marks or more (SIGUSR1 to own.py), SPAN is its CPU between
  the first and the last mark.
--tap FILE: COMMAND leaves the pty driver's TAP in FILE; a "not ok" or
  "Bail out!" line there fails the measurement (the driver exits 0 anyway).
--save FILE: appends LABEL, median wall, median CPU, peak RSS (KiB), median
  SPAN (or -) and N to FILE, tab-separated, for bench/report.py.
"""
import statistics
import subprocess
import sys

opts, args, rest = {}, [], sys.argv[1:]
while rest:
    if rest[0] in ("--save", "--own", "--tap") and len(rest) > 1:
        opts[rest[0]] = rest[1]
        rest = rest[2:]
    else:
        args.append(rest.pop(0))
if len(args) != 3:
    sys.exit(__doc__.split("\n\n")[1])
label, runs, cmd = args[0], int(args[1]), args[2]
walls, rss, cpus, spans = [], [], [], []
for _ in range(runs):
    if "--own" in opts:
        open(opts["--own"], "w").close()
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
    if "--tap" in opts:
        with open(opts["--tap"]) as f:
            tap = f.read()
        if any(line.startswith(("not ok", "Bail out!")) for line in tap.splitlines()):
            sys.exit(f"{label}: the screen script failed:\n{tap}")
    if "--own" in opts:
        with open(opts["--own"]) as f:
            lines = f.read().split("\n")
        if not lines[0]:
            sys.exit(f"{label}: {opts['--own']} is empty: did the command run under own.py?")
        fields = lines[0].split()
        w, c, m = fields[0], fields[1], fields[2]
        if fields[3] != "0":
            sys.exit(f"{label}: the program exited with {fields[3]}: {cmd}")
        marks = [float(x) for x in fields[4:]]
        if len(marks) >= 2:
            spans.append(marks[-1] - marks[0])
    walls.append(float(w))
    rss.append(int(m))
    cpus.append(float(c))
wall, cpu, peak = statistics.median(walls), statistics.median(cpus), max(rss)
span = statistics.median(spans) if spans else None
line = f"{label:<40} {wall * 1000:7.0f} ms wall {cpu * 1000:7.0f} ms CPU {peak / 1024:7.1f} MiB peak RSS"
if span is not None:
    line += f" {span * 1000:9.3f} ms CPU between marks"
print(line, flush=True)
if "--save" in opts:
    with open(opts["--save"], "a") as f:
        f.write("\t".join([label, repr(wall), repr(cpu), str(peak), repr(span) if span is not None else "-",
                           str(runs)]) + "\n")
