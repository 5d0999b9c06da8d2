#!/usr/bin/env bash
# Regenerates the sample reports in reports/ from scenarios/seed on the embedded broker:
# junit.xml, results.json, report.md (English) and report.ko.md (Korean, from the same run).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build --product kafka-scenario >/dev/null
bin=.build/debug/kafka-scenario
"$bin" run scenarios/seed --report-dir reports --quiet
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
"$bin" report reports/results.json --lang ko --markdown reports/report.ko.md --junit "$scratch/junit.xml" --json "$scratch/results.json" >/dev/null
echo "sample reports written to reports/"
