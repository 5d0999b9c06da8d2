// The engine's deadlines are KafkaClient's; re-exported so every engine file (and its tests) can say `Deadline`.
@_exported import struct KafkaClient.Deadline
