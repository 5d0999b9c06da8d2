#!/usr/bin/env bash
# Measures kafka-scenario beside its references in one invocation and prints figures and ratios:
# one trivial scenario and 1,000 of them on the embedded broker (median of whole-process runs, wall
# and CPU), seed suite vs pytest + kafka-python on the same Tansu, seed suite on the embedded broker,
# 1,000,000 and 10,000,000 x 100-byte loads vs kcat (produce then consume) on Tansu, peak memory, validate of
# 1,000 files, an expect of 100,000 messages, start-up to the first broker request.
# Every step is bounded by `timeout`; the whole run takes a few minutes (the 10,000,000-message pairs add about
# as much again; BENCH_LOAD_BIG_MESSAGES measures fewer). See docs/performance.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scratch="${BENCH_SCRATCH:-$root/.build-bench}"
work="$(mktemp -d /tmp/kafka-scenario-bench.XXXXXX)"
tansu_pid=""
cleanup() { [ -n "$tansu_pid" ] && kill "$tansu_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

echo "building release..." >&2
swift build -c release --scratch-path "$scratch" --product kafka-scenario >&2
bin="$scratch/release/kafka-scenario"
eval "$(scripts/install-brokers.sh)"
venv="${KAFKA_SCENARIO_CACHE:-$HOME/.cache/kafka-scenario}/venv"
"$venv/bin/pip" install -q --disable-pip-version-check kafka-python pytest >&2
new_lib="LD_LIBRARY_PATH=$LIBRDKAFKA_NEW_DIR"
command -v kcat >/dev/null || { echo "kcat is needed (apt-get install kcat)" >&2; exit 2; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$TANSU_BIN" broker --listener-url "tcp://127.0.0.1:$port" --advertised-listener-url "tcp://127.0.0.1:$port" \
  --storage-engine memory://tansu/ >"$work/tansu.log" 2>&1 &
tansu_pid=$!
for _ in $(seq 50); do (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
tansu="127.0.0.1:$port"

python3 bench/make_fixtures.py "$work" scenarios/seed
now() { date +%s.%N; }
elapsed() { python3 -c "print(f'{$2 - $1:.2f}')"; }
ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }

# 0. one trivial scenario (produce one message, expect it) and 1,000 of them (100 files x 10), embedded,
#    default options, timed as whole processes: "median min max cpu" in seconds
read -r one_wall one_min one_max one_cpu < <(timeout 120 python3 bench/time_runs.py 11 "$bin" run "$work/one.yaml" --quiet --report-dir "$work/r-one")
read -r small_wall small_min small_max small_cpu < <(timeout 600 python3 bench/time_runs.py 5 "$bin" run "$work/small" --quiet --report-dir "$work/r-small")
small_passed=$(python3 -c "
import json; d = json.load(open('$work/r-small/results.json'))
print(sum(s['status'] == 'passed' for su in d['suites'] for s in su['scenarios']))")

# 0b. the cost curve from 1 to 10,000 one-message scenarios (100 files), embedded, one run each
curve=$(timeout 1800 python3 bench/scenario_curve.py "$bin" "$work" 1 10 100 1000 3000 6000 10000)

# 1. seed suite: embedded, Tansu, pytest on Tansu
read -r seed_embedded seed_emin seed_emax seed_ecpu < <(timeout 300 python3 bench/time_runs.py 5 "$bin" run scenarios/seed --quiet --report-dir "$work/r-emb")
s=$(now); env "$new_lib" timeout 60 "$bin" run scenarios/seed --quiet --bootstrap-servers "$tansu" --report-dir "$work/r-tansu" >/dev/null || true; e=$(now)
seed_tansu=$(elapsed "$s" "$e")
s=$(now)
(cd bench/seed_pytest && KAFKA_BOOTSTRAP_SERVERS="$tansu" timeout 300 "$venv/bin/python" -m pytest -q -p no:cacheprovider -W ignore . >"$work/pytest.log" 2>&1) || echo "pytest: $(tail -1 "$work/pytest.log")" >&2
e=$(now); seed_pytest=$(elapsed "$s" "$e")

# 2. load 1M x 100 B vs kcat producing then consuming the same: each tool on a fresh Tansu, alternated pairs
#    (runner, kcat) x 5 after one uncounted pair, whole processes: "ratio-median ratio-min ratio-max runner-s kcat-s runner-RSS-MB runner-CPU kcat-CPU
#    broker-CPU-under-runner broker-CPU-under-kcat"
read -r load_ratio load_rmin load_rmax load_wall kcat_wall load_rss load_cpu kcat_cpu load_broker kcat_broker < <(timeout 600 "$venv/bin/python" \
  bench/load_vs_kcat.py 5 "$TANSU_BIN" "$LIBRDKAFKA_NEW_DIR" "$bin" "$work/load_1m.yaml" "$work" 1000000 2>"$work/load_pairs.txt")

# 2b. the same for a 10,000,000-message load (BENCH_LOAD_BIG_MESSAGES to measure fewer on a small machine;
#     BENCH_LOAD_BIG_PAIRS counted pairs, default 1, after the uncounted one): flat memory and the kcat ratio
big_messages="${BENCH_LOAD_BIG_MESSAGES:-10000000}"
sed "s/messages: 1000000,/messages: $big_messages,/; s/timeout: 300s/timeout: 3000s/; s/within: 280s/within: 2900s/; s/one million messages/$big_messages messages/" \
  "$work/load_1m.yaml" >"$work/load_big.yaml"
read -r big_ratio big_rmin big_rmax big_wall big_kcat_wall big_rss big_cpu big_kcat_cpu big_broker big_kcat_broker < <(timeout 7200 "$venv/bin/python" \
  bench/load_vs_kcat.py "${BENCH_LOAD_BIG_PAIRS:-1}" "$TANSU_BIN" "$LIBRDKAFKA_NEW_DIR" "$bin" "$work/load_big.yaml" "$work" "$big_messages" \
  2>"$work/load_big_pairs.txt")
big_label=$(python3 -c "print(f'{$big_messages:,}')")

# 3. validate 1,000 files; an expect of 100,000 messages (embedded); start-up to first request
read -r validate_wall validate_min validate_max validate_cpu < <(timeout 120 python3 bench/time_runs.py 5 "$bin" validate "$work/many")
timeout 200 "$bin" run "$work/expect_100k.yaml" --quiet --report-dir "$work/r-match" >/dev/null 2>&1 || echo "expect 100k failed" >&2
match_wall=$(python3 -c "
import json; d = json.load(open('$work/r-match/results.json'))
steps = d['suites'][0]['scenarios'][0]['steps']; print(f\"{steps[1]['duration']:.2f} (status {steps[1]['status']}; produce {steps[0]['duration']:.2f})\")")
startup_ms=$(timeout 30 python3 bench/first_request.py "$bin" run scenarios/seed/1_connectivity.yaml --bootstrap-servers 127.0.0.1:PORT --report-dir "$work/r-start")

cat <<REPORT
machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo); load average $(cut -d' ' -f1-3 /proc/loadavg)
librdkafka: 2.0.2 (embedded), 2.16 (Tansu); kcat $(kcat -V 2>/dev/null | awk '/^Version/ {print $2}')

| measurement | kafka-scenario | reference | ratio | target |
| --- | --- | --- | --- | --- |
| one trivial scenario, embedded, whole process (median of 11) | ${one_wall} s (${one_min}-${one_max}; CPU ${one_cpu} s) | | | <= 0.15 s |
| 1,000 one-message scenarios (100 files), embedded, default options (median of 5) | ${small_wall} s (${small_min}-${small_max}; CPU ${small_cpu} s; ${small_passed} passed) | | | <= 5 s |
| seed suite (12 tests), Tansu | ${seed_tansu} s | pytest + kafka-python ${seed_pytest} s | $(ratio "$seed_tansu" "$seed_pytest") | <= 0.10 |
| seed suite, embedded broker (median of 5) | ${seed_embedded} s (${seed_emin}-${seed_emax}) | | | <= 3.5 s |
| load 1,000,000 x 100 B, fresh Tansu per tool, whole process (median of 5 alternated pairs) | ${load_wall} s (CPU ${load_cpu} s; broker ${load_broker} s) | kcat produce, then consume ${kcat_wall} s (CPU ${kcat_cpu} s; broker ${kcat_broker} s) | ${load_ratio} (${load_rmin}-${load_rmax}) | <= 1.00 |
| peak memory of that load run | ${load_rss} MB | | | < 100 MB |
| load ${big_label} x 100 B, fresh Tansu per tool, whole process (median of ${BENCH_LOAD_BIG_PAIRS:-1} alternated pairs) | ${big_wall} s (CPU ${big_cpu} s; broker ${big_broker} s) | kcat produce, then consume ${big_kcat_wall} s (CPU ${big_kcat_cpu} s; broker ${big_kcat_broker} s) | ${big_ratio} (${big_rmin}-${big_rmax}) | <= 0.60 |
| peak memory of that load run | ${big_rss} MB | | | < 120 MB |
| validate 1,000 files (median of 5) | ${validate_wall} s (${validate_min}-${validate_max}) | | | < 1 s |
| expect of 100,000 messages (any order) | ${match_wall} s | | | < 1 s |
| start-up to first broker request | ${startup_ms} ms | | | < 100 ms |
REPORT
echo
echo "one-message scenarios (100 files, one topic each), embedded, default options, one whole-process run each:"
echo "| scenarios | wall | CPU | per scenario | passed |"
echo "| --- | --- | --- | --- | --- |"
echo "$curve" | while read -r n wall cpu per passed; do echo "| $n | $wall s | $cpu s | $per ms | $passed |"; done
echo
echo "load pairs:"
sed 's/^/  /' "$work/load_pairs.txt"
echo "load ${big_label} pairs:"
sed 's/^/  /' "$work/load_big_pairs.txt"
