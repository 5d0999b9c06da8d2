"""Shared fixtures: the broker address comes from KAFKA_BOOTSTRAP_SERVERS (bench.sh starts Tansu)."""
import os
import uuid

import pytest

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9093")


@pytest.fixture(scope="session")
def bootstrap():
    return BOOTSTRAP


@pytest.fixture(scope="session")
def run_id():
    # Like the original suite on a fresh broker: topic names unique to this run.
    return uuid.uuid4().hex[:8]
