#!/usr/bin/env python3
"""Writes Confluent-framed values with confluent-kafka's own serializers (AvroSerializer over fastavro,
JSONSerializer over jsonschema), registering through the registry at argv[1]; for the SchemaCodecs tests.

argv: REGISTRY_URL USER:PASSWORD avro|json TOPIC SCHEMA_FILE VALUE_JSON
Prints the framed bytes as hex on stdout.
"""
import json
import sys

from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroSerializer
from confluent_kafka.schema_registry.json_schema import JSONSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

url, auth, kind, topic, schema_file, value_json = sys.argv[1:7]
client = SchemaRegistryClient({"url": url, "basic.auth.user.info": auth})
with open(schema_file) as f:
    schema = f.read()
serializer = (AvroSerializer if kind == "avro" else JSONSerializer)(schema_str=schema, schema_registry_client=client)
value = json.loads(value_json)
framed = serializer(value, SerializationContext(topic, MessageField.VALUE))
print(framed.hex())
