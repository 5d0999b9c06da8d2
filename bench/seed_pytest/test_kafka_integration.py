"""The 12 tests of the seed document, written the way its Python suite was: pytest + kafka-python,
KafkaProducer with a JSON value serializer, KafkaConsumer with auto_offset_reset='earliest',
enable_auto_commit=True and consumer_timeout_ms=5000, one consumer per check. It is the reference
bench.sh times kafka-scenario against; it is not part of the product's tests."""
import json
import threading
import time

import pytest
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer
from kafka.admin import ConfigResource, ConfigResourceType, NewTopic
from kafka.errors import KafkaError

TOPICS = ["test_kafka_integration", "user_actions", "game_events", "notifications", "analytics", "real_time_feedback"]
PARTITIONS = {"game_events": 3, "user_actions": 3, "analytics": 2}


def producer(bootstrap):
    return KafkaProducer(bootstrap_servers=bootstrap, value_serializer=lambda v: json.dumps(v).encode("utf-8"),
                         key_serializer=lambda k: k.encode("utf-8") if k else None)


def consumer(bootstrap, topic, group, **extra):
    # Tansu needs a short session timeout for a group to form quickly (DESIGN.md section 3).
    options = dict(bootstrap_servers=bootstrap, auto_offset_reset="earliest", enable_auto_commit=True,
                   group_id=group, consumer_timeout_ms=5000, session_timeout_ms=6000, heartbeat_interval_ms=300,
                   value_deserializer=lambda m: json.loads(m.decode("utf-8")))
    options.update(extra)
    return KafkaConsumer(topic, **options)


@pytest.fixture(scope="module")
def topics(bootstrap, run_id):
    names = {t: f"{t}_{run_id}" for t in TOPICS}
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    admin.create_topics([NewTopic(names[t], PARTITIONS.get(t, 1), 1) for t in TOPICS])
    yield names
    try:
        admin.delete_topics(list(names.values()))
    except KafkaError:
        pass
    admin.close()


def spin(user="user_12345"):
    return {"event_type": "user_action", "user_id": user, "timestamp": time.time(),
            "data": {"action": "SLOT_SPIN", "bet_amount": 50}}


class TestKafkaConnectivity:
    def test_kafka_connection(self, bootstrap):
        start = time.time()
        c = KafkaConsumer(bootstrap_servers=bootstrap)
        assert c.topics() is not None
        c.close()
        assert time.time() - start < 5

    def test_kafka_cluster_info(self, bootstrap):
        admin = KafkaAdminClient(bootstrap_servers=bootstrap)
        cluster = admin.describe_cluster()
        assert len(cluster["brokers"]) >= 1
        admin.close()


class TestKafkaTopicManagement:
    def test_topic_creation(self, bootstrap, topics):
        c = KafkaConsumer(bootstrap_servers=bootstrap)
        existing = c.topics()
        c.close()
        for name in topics.values():
            assert name in existing

    def test_topic_configuration(self, bootstrap, topics):
        admin = KafkaAdminClient(bootstrap_servers=bootstrap)
        configs = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topics["game_events"])])
        assert configs
        admin.close()


class TestKafkaProducerConsumer:
    def test_basic_produce_consume(self, bootstrap, topics, run_id):
        topic = topics["test_kafka_integration"]
        p = producer(bootstrap)
        p.send(topic, key="user_12345", value=spin(), headers=[("source", b"qa")]).get(timeout=10)
        p.close()
        c = consumer(bootstrap, topic, f"basic-{run_id}")
        received = [m for m in c]
        c.close()
        assert any(m.value["user_id"] == "user_12345" for m in received)

    def test_multiple_consumers_same_group(self, bootstrap, topics, run_id):
        topic = topics["game_events"]
        p = producer(bootstrap)
        for i in range(10):
            p.send(topic, key=f"k{i}", value={"event_type": "game_event", "seq": i})
        p.flush()
        p.close()
        group = f"same-{run_id}"
        results = [[], []]

        def consume(index):
            c = consumer(bootstrap, topic, group)
            results[index] = [m.value["seq"] for m in c]
            c.close()

        threads = [threading.Thread(target=consume, args=(i,)) for i in range(2)]
        [t.start() for t in threads]
        [t.join() for t in threads]
        assert sorted(set(results[0]) | set(results[1])) == list(range(10))

    def test_multiple_consumers_different_groups(self, bootstrap, topics, run_id):
        topic = topics["game_events"]
        seen = []
        for g in range(2):
            c = consumer(bootstrap, topic, f"diff-{run_id}-{g}")
            seen.append({m.value["seq"] for m in c})
            c.close()
        assert seen[0] == seen[1] and len(seen[0]) >= 10


class TestKafkaErrorHandling:
    def test_invalid_topic_error_handling(self, bootstrap):
        p = producer(bootstrap)
        with pytest.raises(Exception):
            p.send("invalid topic!", value={"x": 1}).get(timeout=5)
        p.close()

    def test_consumer_timeout_handling(self, bootstrap, run_id):
        c = consumer(bootstrap, f"empty_topic_{run_id}", f"timeout-{run_id}", consumer_timeout_ms=2000)
        start = time.time()
        received = [m for m in c]
        c.close()
        assert received == []
        assert time.time() - start >= 2


class TestKafkaPerformanceBasic:
    def test_batch_message_throughput(self, bootstrap, topics, run_id):
        topic = topics["analytics"]
        p = producer(bootstrap)
        start = time.time()
        for i in range(100):
            p.send(topic, key=f"batch_{i}", value={"event_type": "batch_test", "seq": i, "timestamp": time.time()})
        p.flush()
        send_rate = 100 / (time.time() - start)
        p.close()
        c = consumer(bootstrap, topic, f"perf-{run_id}")
        start = time.time()
        count = sum(1 for m in c if m.value.get("event_type") == "batch_test")
        consume_rate = count / (time.time() - start)
        c.close()
        assert count == 100
        assert send_rate > 10 and consume_rate > 10


class TestKafkaIntegrationScenarios:
    def test_user_action_pipeline(self, bootstrap, topics, run_id):
        p = producer(bootstrap)
        p.send(topics["user_actions"], key="user_12345", value=spin()).get(timeout=10)
        # The action processor: user_actions -> notifications.
        c = consumer(bootstrap, topics["user_actions"], f"action-processor-{run_id}")
        for m in c:
            if m.value.get("data", {}).get("action") == "SLOT_SPIN":
                p.send(topics["notifications"], key=m.value["user_id"],
                       value={"event_type": "reward_notification", "user_id": m.value["user_id"],
                              "reward": m.value["data"]["bet_amount"] * 2})
        c.close()
        p.flush()
        p.close()
        n = consumer(bootstrap, topics["notifications"], f"notifications-{run_id}")
        rewards = [m.value for m in n if m.value["event_type"] == "reward_notification"]
        n.close()
        assert rewards and rewards[0]["reward"] >= 100

    def test_real_time_analytics_flow(self, bootstrap, topics, run_id):
        p = producer(bootstrap)
        p.send(topics["analytics"], key="user_12345",
               value={"event_type": "game_completed", "user_id": "user_12345", "score": 1500}).get(timeout=10)
        c = consumer(bootstrap, topics["analytics"], f"analytics-processor-{run_id}")
        for m in c:
            if m.value.get("event_type") == "game_completed":
                p.send(topics["real_time_feedback"], key=m.value["user_id"],
                       value={"event_type": "dopamine_trigger", "user_id": m.value["user_id"], "score": m.value["score"]})
        c.close()
        p.flush()
        p.close()
        f = consumer(bootstrap, topics["real_time_feedback"], f"feedback-{run_id}")
        triggers = [m.value for m in f if m.value["event_type"] == "dopamine_trigger"]
        f.close()
        assert triggers
