"""A service under test: every message on INPUT_TOPIC comes back on OUTPUT_TOPIC after DELAY seconds, headers kept
(so a W3C traceparent propagates, as an instrumented service's would). confluent-kafka: works on the embedded broker."""
import os, sys, threading, time
from confluent_kafka import Consumer, Producer, TopicPartition, OFFSET_BEGINNING

bootstrap = os.environ["KAFKA_BOOTSTRAP_SERVERS"]
delay = float(os.environ.get("DELAY", "2"))
producer = Producer({"bootstrap.servers": bootstrap})
consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "relay", "enable.auto.commit": False})
consumer.assign([TopicPartition(os.environ["INPUT_TOPIC"], 0, OFFSET_BEGINNING)])
consumer.poll(0.1)
print("ready", flush=True)

def relay(value, headers):
    time.sleep(delay)
    producer.produce(os.environ["OUTPUT_TOPIC"], value=value, headers=headers)
    producer.flush(5)
    print("relayed", value, flush=True)

while True:
    message = consumer.poll(0.2)
    if message is None or message.error():
        continue
    threading.Thread(target=relay, args=(message.value(), message.headers() or []), daemon=True).start()
