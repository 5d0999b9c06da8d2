#!/usr/bin/env bash
# Installs what building and testing kafka-scenario needs, skipping what is already there.
set -euo pipefail

need=()
for pkg in librdkafka-dev libyaml-dev libxml2-utils pkg-config kcat; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
