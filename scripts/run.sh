#!/usr/bin/env bash
# The main job: run scenarios/ on the embedded broker and write reports/ (extra arguments go to `run`).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product kafka-scenario >/dev/null
exec .build/release/kafka-scenario run scenarios "$@"
