"""The load step against kcat, each on a fresh Tansu (its in-memory engine slows as it fills), in
alternated pairs (runner, kcat, runner, kcat, ...), timed as whole processes the way a user waits.
One more pair runs first and is not counted: it pays for cold caches after a build, for both tools.
kcat produces N messages of 100 bytes, then consumes them; the runner's load step does both at once.
Prints `<median ratio> <min ratio> <max ratio> <median runner s> <median kcat s> <max runner RSS MB>
<median runner CPU s> <median kcat CPU s> <median broker CPU s under the runner> <... under kcat>` (CPU: user +
system of the client processes; the broker's apart: the two share the machine's cores).
Run it with the cache venv's python (confluent-kafka creates kcat's topic).
Usage: load_vs_kcat.py PAIRS TANSU_BIN LIBRDKAFKA_DIR RUNNER LOAD_YAML WORK_DIR MESSAGES"""
import os
import socket
import statistics
import subprocess
import sys
import time

from confluent_kafka.admin import AdminClient, NewTopic

pairs, tansu, libdir, runner, load_yaml, work, messages = sys.argv[1:8]
pairs, messages = int(pairs), int(messages)
env = dict(os.environ, LD_LIBRARY_PATH=libdir)


def fresh_tansu():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"tcp://127.0.0.1:{port}"
    process = subprocess.Popen([tansu, "broker", "--listener-url", url, "--advertised-listener-url", url,
                                "--storage-engine", "memory://tansu/"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return process, f"127.0.0.1:{port}"
        except OSError:
            time.sleep(0.05)
    process.kill()
    sys.exit("Tansu did not start")


def broker_cpu(process):
    """User + system seconds the broker process has used so far."""
    with open(f"/proc/{process.pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(command, **kwargs):
    start = time.monotonic()
    process = subprocess.Popen(command, env=env, **kwargs)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        print(f"exit {os.waitstatus_to_exitcode(status)}: {' '.join(command)}", file=sys.stderr)
    return time.monotonic() - start, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


payload = os.path.join(work, "kcat_payload.txt")
# Written in chunks: a child's peak RSS (ru_maxrss) starts from this process's at fork time, so
# holding the whole payload here once made every runner look like 120 MB.
with open(payload, "wb") as f:
    for start in range(0, messages, 10_000):
        f.write((b"x" * 100 + b"\n") * min(10_000, messages - start))


def run_runner():
    process, bootstrap = fresh_tansu()
    try:
        return timed([runner, "run", load_yaml, "--quiet", "--bootstrap-servers", bootstrap,
                      "--report-dir", os.path.join(work, "r-load")], stdout=subprocess.DEVNULL) + (broker_cpu(process),)
    finally:
        process.kill()
        process.wait()


def run_kcat():
    process, bootstrap = fresh_tansu()
    try:
        # The topic as the runner's: 4 partitions, created before the clock starts.
        admin = AdminClient({"bootstrap.servers": bootstrap, "log_level": 0})
        for future in admin.create_topics([NewTopic("kcat_bench", 4, 1)]).values():
            future.result(10)
        start = time.monotonic()
        with open(payload, "rb") as source:
            _, _, produce_cpu = timed(["kcat", "-P", "-b", bootstrap, "-t", "kcat_bench", "-X", "linger.ms=5"], stdin=source)
        _, _, consume_cpu = timed(["kcat", "-C", "-b", bootstrap, "-t", "kcat_bench", "-o", "beginning", "-c", str(messages),
                            "-e", "-q"], stdout=subprocess.DEVNULL)
        return time.monotonic() - start, produce_cpu + consume_cpu, broker_cpu(process)
    finally:
        process.kill()
        process.wait()


warm_runner, warm_kcat = run_runner(), run_kcat()
print(f"warm-up pair, not counted: runner {warm_runner[0]:.2f} s, kcat {warm_kcat[0]:.2f} s", file=sys.stderr)
ratios, runner_walls, kcat_walls, rss, runner_cpus, kcat_cpus, runner_brokers, kcat_brokers = [], [], [], [], [], [], [], []
for _ in range(pairs):
    wall, peak, cpu, runner_broker = run_runner()
    kcat_wall, kcat_cpu, kcat_broker = run_kcat()
    runner_brokers.append(runner_broker)
    kcat_brokers.append(kcat_broker)
    runner_cpus.append(cpu)
    kcat_cpus.append(kcat_cpu)
    runner_walls.append(wall)
    kcat_walls.append(kcat_wall)
    rss.append(peak)
    ratios.append(wall / kcat_wall)
    print(f"pair: runner {wall:.2f} s (CPU {cpu:.2f} s, {peak:.0f} MB, broker {runner_broker:.2f} s), "
          f"kcat {kcat_wall:.2f} s (CPU {kcat_cpu:.2f} s, broker {kcat_broker:.2f} s)", file=sys.stderr)
print(f"{statistics.median(ratios):.2f} {min(ratios):.2f} {max(ratios):.2f} "
      f"{statistics.median(runner_walls):.2f} {statistics.median(kcat_walls):.2f} {max(rss):.0f} "
      f"{statistics.median(runner_cpus):.2f} {statistics.median(kcat_cpus):.2f} "
      f"{statistics.median(runner_brokers):.2f} {statistics.median(kcat_brokers):.2f}")
