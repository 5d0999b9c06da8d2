#!/usr/bin/env python3
"""Writes a Confluent-framed Protobuf value with confluent-kafka's own ProtobufSerializer, from classes that
grpcio-tools' protoc generates for the .proto, registering through the registry at argv[1]; for the tests.

argv: REGISTRY_URL USER:PASSWORD TOPIC PROTO_DIR PROTO_FILE MESSAGE VALUE_JSON [topic|record|topic_record]
Prints the framed bytes as hex on stdout.
"""
import importlib
import os
import sys
import tempfile

from grpc_tools import protoc
from google.protobuf import json_format
from confluent_kafka.schema_registry import SchemaRegistryClient, record_subject_name_strategy, \
    topic_record_subject_name_strategy, topic_subject_name_strategy
from confluent_kafka.schema_registry.protobuf import ProtobufSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

url, auth, topic, proto_dir, proto_file, message, value_json = sys.argv[1:8]
strategy = sys.argv[8] if len(sys.argv) > 8 else "topic"
out = tempfile.mkdtemp()
include = protoc.__file__.rsplit("/", 1)[0] + "/_proto"
# Every .proto beside it (its imports among them); one that does not compile is left out.
for name in sorted(os.listdir(proto_dir)):
    if name.endswith(".proto"):
        status = protoc.main(["protoc", "-I" + proto_dir, "-I" + include, "--python_out=" + out, name])
        if status != 0 and name == proto_file:
            sys.exit("protoc failed on " + name)
sys.path.insert(0, out)
module = importlib.import_module(proto_file[:-len(".proto")].replace("/", ".") + "_pb2")
cls = module
for part in message.split(".")[len(module.DESCRIPTOR.package.split(".")) if module.DESCRIPTOR.package else 0:]:
    cls = getattr(cls, part)
client = SchemaRegistryClient({"url": url, "basic.auth.user.info": auth})
strategies = {"topic": topic_subject_name_strategy, "record": record_subject_name_strategy,
              "topic_record": topic_record_subject_name_strategy}
serializer = ProtobufSerializer(cls, client, {"use.deprecated.format": False,
                                              "subject.name.strategy": strategies[strategy]})
value = json_format.Parse(value_json, cls())
print(serializer(value, SerializationContext(topic, MessageField.VALUE)).hex())
