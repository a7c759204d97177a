#!/usr/bin/env python3
"""own.py - run one command and write its own figures, apart from whatever
runs it (the pty driver) and from this wrapper.

Usage: own.py OUT COMMAND [ARG...]

When COMMAND exits, writes one line to OUT:
    WALL CPU RSS CODE [MARK...]
WALL: seconds from its start to its exit; CPU: its user + system seconds
(wait4); RSS: its peak resident set in KiB; CODE: its exit status (128 +
the signal that killed it); each MARK: its CPU seconds so far at a SIGUSR1
sent to this wrapper (the pty driver's "signal USR1"), from the kernel's
scheduler accounting in nanoseconds, all its threads. Exits with CODE.
Two signals sent back to back may arrive as one (Linux merges a pending
signal): put something that waits between two marks.
"""
import os
import signal
import sys
import time

out, argv = sys.argv[1], sys.argv[2:]
if not argv:
    sys.exit("usage: own.py OUT COMMAND [ARG...]")
pid = 0
marks = []
tick = os.sysconf("SC_CLK_TCK")


def cpu_now(p):
    """p's CPU seconds so far: the sum of its threads' run time (ns), or
    where the kernel keeps no such figure, utime + stime in clock ticks."""
    total, found = 0, False
    try:
        tasks = os.listdir("/proc/%d/task" % p)
    except OSError:
        return float("nan")
    for t in tasks:
        try:
            with open("/proc/%d/task/%s/schedstat" % (p, t)) as f:
                total += int(f.read().split()[0])
                found = True
        except (OSError, ValueError, IndexError):
            pass
    if found:
        return total / 1e9
    with open("/proc/%d/stat" % p) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / tick


def on_mark(_sig, _frame):
    if pid:
        marks.append(cpu_now(pid))


signal.signal(signal.SIGUSR1, on_mark)
start = time.monotonic()
pid = os.fork()
if pid == 0:
    signal.signal(signal.SIGUSR1, signal.SIG_DFL)
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # Python ignores it
    try:
        os.execvp(argv[0], argv)
    except OSError as e:
        os.write(2, ("own.py: %s: %s\n" % (argv[0], e.strerror)).encode())
    os._exit(127)
_, status, ru = os.wait4(pid, 0)
wall = time.monotonic() - start
code = os.waitstatus_to_exitcode(status)
if code < 0:
    code = 128 - code
with open(out, "a") as f:
    f.write(" ".join(["%.6f" % wall, "%.6f" % (ru.ru_utime + ru.ru_stime), str(ru.ru_maxrss), str(code)]
                     + ["%.9f" % m for m in marks]) + "\n")
sys.exit(code)
