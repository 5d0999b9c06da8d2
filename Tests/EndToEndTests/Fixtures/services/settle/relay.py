"""A small service for the settle and miss tests: reads IN_TOPIC as group GROUP_ID and, for each message,
consumes, produces, then commits. "emit" sends "unwanted" to OUT_TOPIC; "slow" sends "late" there after
SLOW_DELAY seconds; "emit-slow" sends "unwanted" after 0.6 s; "bad" goes to DLQ_TOPIC with an error header;
anything else goes nowhere. IN_TOPIC may name several topics, comma-separated."""
import os
import sys
import time

from confluent_kafka import Consumer, Producer

bootstrap = os.environ["KAFKA_BOOTSTRAP_SERVERS"]
delay = float(os.environ.get("PROCESS_DELAY", "0"))
consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": os.environ["GROUP_ID"],
                     "auto.offset.reset": "earliest", "enable.auto.commit": False,
                     "fetch.wait.max.ms": 20})
producer = Producer({"bootstrap.servers": bootstrap})


def assigned(_consumer, partitions):
    print("assigned", sorted(p.partition for p in partitions), flush=True)


consumer.subscribe(os.environ["IN_TOPIC"].split(","), on_assign=assigned)
try:
    while True:
        message = consumer.poll(0.1)
        if message is None:
            continue
        if message.error():
            print("error", message.error(), file=sys.stderr, flush=True)
            continue
        time.sleep(delay)
        if message.value() == b"emit":
            producer.produce(os.environ["OUT_TOPIC"], key=message.key(), value=b"unwanted")
        elif message.value() == b"emit-slow":
            time.sleep(0.6)
            producer.produce(os.environ["OUT_TOPIC"], key=message.key(), value=b"unwanted")
        elif message.value() == b"slow":
            time.sleep(float(os.environ.get("SLOW_DELAY", "1")))
            producer.produce(os.environ["OUT_TOPIC"], key=message.key(), value=b"late")
        elif message.value() == b"bad" and os.environ.get("DLQ_TOPIC"):
            producer.produce(os.environ["DLQ_TOPIC"], key=message.key(), value=b"bad",
                             headers=[("error", b"not JSON")])
        producer.flush(5)
        consumer.commit(message=message, asynchronous=False)
        print("processed", message.partition(), message.offset(), flush=True)
except KeyboardInterrupt:
    pass
finally:
    consumer.close()
