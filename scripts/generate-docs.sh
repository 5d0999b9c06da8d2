#!/usr/bin/env bash
# Regenerates the files made from the format tables (Sources/ScenarioSpec/FormatSpec.swift):
#   schema/scenario.schema.json   (kafka-scenario schema)
#   docs/scenario-reference.md    (kafka-scenario schema --reference)
# Run it after changing a key; tests fail while the committed files differ from the generators' output.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch="${SCRATCH_PATH:-.build}"
swift build --scratch-path "$scratch" --product kafka-scenario >/dev/null
bin="$scratch/debug/kafka-scenario"
mkdir -p schema docs
"$bin" schema > schema/scenario.schema.json.tmp && mv schema/scenario.schema.json.tmp schema/scenario.schema.json
"$bin" schema --reference > docs/scenario-reference.md.tmp && mv docs/scenario-reference.md.tmp docs/scenario-reference.md
echo "wrote schema/scenario.schema.json and docs/scenario-reference.md"
