"""A small slot-game backend, the system under test of ../backend.yaml.

POST /spin {"user_id": "...", "bet": 50} publishes a user action to ACTIONS_TOPIC and answers
{"accepted": true, "spin_id": "..."}; a bad request gets 400. Its own consumer group reads ACTIONS_TOPIC:
SLOT_SPIN actions become reward notifications on NOTIFICATIONS_TOPIC, malformed actions go to DLQ_TOPIC
with an `error` header. GET /health answers 200 once the consumer holds its partitions.
Standard library plus confluent-kafka (librdkafka: it works with kafka-scenario's embedded broker too);
configured by environment variables only.
"""
import json
import os
import signal
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from confluent_kafka import Consumer, Producer

BOOTSTRAP = os.environ["KAFKA_BOOTSTRAP_SERVERS"]
ACTIONS = os.environ["ACTIONS_TOPIC"]
NOTIFICATIONS = os.environ["NOTIFICATIONS_TOPIC"]
DLQ = os.environ["DLQ_TOPIC"]
GROUP = os.environ.get("GROUP_ID", "slot-backend")
PORT = int(os.environ["PORT"])

producer = Producer({"bootstrap.servers": BOOTSTRAP, "acks": "all"})
stopping = threading.Event()
consumer_ready = threading.Event()


def log(*parts):
    print(*parts, flush=True)


def malformed(raw):
    """The reason an action cannot be processed, or None; and the action."""
    try:
        action = json.loads(raw)
    except (ValueError, TypeError) as error:
        return "not JSON: %s" % error, None
    if not isinstance(action, dict):
        return "not a JSON object", None
    if not isinstance(action.get("user_id"), str) or not action["user_id"]:
        return "missing user_id", None
    data = action.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("action"), str):
        return "missing data.action", None
    if data["action"] == "SLOT_SPIN" and not isinstance(data.get("bet_amount"), (int, float)):
        return "SLOT_SPIN without a numeric data.bet_amount", None
    return None, action


def consume():
    consumer = Consumer({"bootstrap.servers": BOOTSTRAP, "group.id": GROUP,
                         "auto.offset.reset": "earliest", "enable.auto.commit": False})

    def assigned(consumer, partitions):
        if partitions and not consumer_ready.is_set():
            consumer_ready.set()
            log("consumer joined group", GROUP, "with", sorted(p.partition for p in partitions))

    consumer.subscribe([ACTIONS], on_assign=assigned)
    while not stopping.is_set():
        record = consumer.poll(0.2)
        if record is None:
            continue
        if record.error():
            log("consumer error:", record.error())
            continue
        handle(record)
        # Consume, produce, commit: the commit says the answers were sent (what `settle:` relies on).
        producer.flush(10)
        consumer.commit(message=record, asynchronous=False)
    consumer.close()


def handle(record):
    error, action = malformed(record.value())
    if error:
        log("to DLQ:", error)
        producer.produce(DLQ, key=record.key(), value=record.value(),
                         headers=[("error", error.encode()), ("source_topic", ACTIONS.encode())])
        producer.poll(0)
        return
    data = action["data"]
    if data["action"] != "SLOT_SPIN":
        log("ignored action", data["action"], "of", action["user_id"])
        return
    reward = {
        "event_type": "reward_notification",
        "user_id": action["user_id"],
        "spin_id": action.get("spin_id"),
        "reward": data["bet_amount"] * 2,
    }
    log("reward", reward["reward"], "for", action["user_id"])
    producer.produce(NOTIFICATIONS, key=action["user_id"].encode(), value=json.dumps(reward).encode())
    producer.poll(0)


class Handler(BaseHTTPRequestHandler):
    def answer(self, status, body):
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self):
        if self.path == "/health":
            ready = consumer_ready.is_set()
            self.answer(200 if ready else 503, {"consumer": "ready" if ready else "joining"})
        else:
            self.answer(404, {"error": "not found"})

    def do_POST(self):
        if self.path != "/spin":
            return self.answer(404, {"error": "not found"})
        try:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"null")
        except ValueError:
            return self.answer(400, {"error": "the body is not JSON"})
        if not isinstance(body, dict) or not isinstance(body.get("user_id"), str) \
                or not isinstance(body.get("bet"), (int, float)) or body["bet"] <= 0:
            return self.answer(400, {"error": "expected {\"user_id\": string, \"bet\": positive number}"})
        spin_id = str(uuid.uuid4())
        action = {"event_type": "user_action", "user_id": body["user_id"], "spin_id": spin_id,
                  "data": {"action": "SLOT_SPIN", "bet_amount": body["bet"]}}
        producer.produce(ACTIONS, key=body["user_id"].encode(), value=json.dumps(action).encode())
        if producer.flush(10) > 0:
            return self.answer(503, {"error": "the action was not acknowledged within 10s"})
        log("spin", spin_id, "by", body["user_id"])
        self.answer(200, {"accepted": True, "spin_id": spin_id})

    def log_message(self, format, *args):
        log("http", format % args)


def main():
    server = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
    worker = threading.Thread(target=consume, daemon=True)
    worker.start()

    def stop(signum, frame):
        log("stopping on signal", signum)
        stopping.set()
        threading.Thread(target=server.shutdown).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log("listening on", PORT, "actions", ACTIONS, "notifications", NOTIFICATIONS, "dlq", DLQ)
    server.serve_forever()
    worker.join(timeout=3)
    producer.flush(3)
    log("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
