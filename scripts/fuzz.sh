#!/usr/bin/env bash
# Fuzzes the scenario file → model path (SpecLoader) with libFuzzer and AddressSanitizer.
#   scripts/fuzz.sh [SECONDS]          default 600; extra libFuzzer flags via FUZZ_FLAGS
# Builds Fuzz/ (a separate package, never part of the main build) into .build-fuzz, seeds a corpus from
# scenarios/ and the golden diagnostics files, and runs for the given time. Crashes land in
# .build-fuzz/artifacts/; turn each into a golden test under Tests/ScenarioSpecTests/Golden.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
scratch="$PWD/.build-fuzz"
swift build --package-path Fuzz --scratch-path "$scratch" -c debug \
    -Xswiftc -sanitize=fuzzer,address
corpus="$scratch/corpus" seeds="$scratch/seeds" artifacts="$scratch/artifacts"
mkdir -p "$corpus" "$artifacts"
rm -rf "$seeds" && mkdir -p "$seeds"
find scenarios Tests/ScenarioSpecTests/Golden Tests/EndToEndTests/Fixtures -name '*.yaml' -o -name '*.yml' |
    while read -r f; do cp "$f" "$seeds/$(echo "$f" | tr '/' '_')"; done
# The alias bomb seed is slow by design (it hits the node limit); keep the per-input timeout generous.
LSAN_OPTIONS="suppressions=$PWD/Fuzz/lsan.supp:print_suppressions=0" \
"$scratch/debug/SpecLoaderFuzzer" "$corpus" "$seeds" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=65536 \
    -dict=Fuzz/yaml.dict -artifact_prefix="$artifacts/" -print_final_stats=1 ${FUZZ_FLAGS:-}
