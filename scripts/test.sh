#!/usr/bin/env bash
# The whole test suite: unit tests of every module and end-to-end tests of the built binary.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build --build-tests
swift test --skip-build --disable-swift-testing "$@"
