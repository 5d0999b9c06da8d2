#!/usr/bin/env bash
# The main job: run scenarios/ on the embedded broker and write reports/ (extra arguments go to `run`).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product kafka-scenario >/dev/null
# The example service (scenarios/examples/service) runs `python3` with confluent-kafka: the venv install-deps.sh filled.
export PATH="${KAFKA_SCENARIO_CACHE:-$HOME/.cache/kafka-scenario}/venv/bin:$PATH"
exec .build/release/kafka-scenario run scenarios "$@"
