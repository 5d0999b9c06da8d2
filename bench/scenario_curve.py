"""The cost curve of one-message scenarios on the embedded broker (issue 26): for each N, N scenarios
in 100 files (fewer when N < 100), one topic per file, each producing one message and expecting it;
one whole-process run per N, default options. Prints "N wall cpu ms-per-scenario passed" lines.
Usage: scenario_curve.py BIN WORKDIR N..."""
import json, os, resource, subprocess, sys, time

bin_path, work, sizes = sys.argv[1], sys.argv[2], [int(n) for n in sys.argv[3:]]
one = """  - name: one message {i}
    steps:
      - produce: {{ topic: small, key: k{i}, value: {{ n: {i} }} }}
      - expect: {{ topic: small, within: 5s, messages: [{{ key: k{i} }}] }}
"""
for n in sizes:
    folder = f"{work}/curve-{n}"
    os.makedirs(folder, exist_ok=True)
    files = min(100, n)
    for f in range(files):
        count = n // files + (1 if f < n % files else 0)
        with open(f"{folder}/{f:03d}.yaml", "w") as out:
            out.write(f"suite: Curve {f}\ntopics: [{{ name: small }}]\nscenarios:\n" + "".join(one.format(i=i) for i in range(count)))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    subprocess.run([bin_path, "run", folder, "--quiet", "--report-dir", f"{folder}-reports"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=900)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    results = json.load(open(f"{folder}-reports/results.json"))
    passed = sum(s["status"] == "passed" for su in results["suites"] for s in su["scenarios"])
    print(f"{n} {wall:.2f} {cpu:.2f} {wall / n * 1000:.2f} {passed}")
