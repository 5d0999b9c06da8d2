"""Runs a command N times as a whole process, as a user waits for it, and prints
`<median wall> <min wall> <max wall> <median CPU>` in seconds (CPU: user + system of the process).
Usage: time_runs.py N command args..."""
import os
import statistics
import subprocess
import sys
import time

runs = int(sys.argv[1])
walls, cpus = [], []
for _ in range(runs):
    start = time.monotonic()
    process = subprocess.Popen(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    walls.append(time.monotonic() - start)
    cpus.append(usage.ru_utime + usage.ru_stime)
    if os.waitstatus_to_exitcode(status) != 0:
        print(f"exit {os.waitstatus_to_exitcode(status)}: {' '.join(sys.argv[2:])}", file=sys.stderr)
print(f"{statistics.median(walls):.3f} {min(walls):.3f} {max(walls):.3f} {statistics.median(cpus):.3f}")
