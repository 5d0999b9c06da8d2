import KafkaClient

extension BrokerSession {
    func send(topic: String, partition: Int32?, key: [UInt8]?, value: [UInt8]?, headers: [Header],
              deadline: Deadline, check: () throws -> Void, completion: @escaping @Sendable (DeliveryReport) -> Void) throws {
        try producer.send(topic: topic, partition: partition, key: key, value: value, headers: headers, deadline: deadline,
                          check: check, completion: completion)
    }

    func prepareProducer(topic: String, timeout: Double) throws { try producer.prepare(topic: topic, timeout: timeout) }

    func metadata(topics: [String]?, timeout: Double) throws -> ClusterMetadata {
        try admin.metadata(topics: topics, timeout: timeout)
    }

    func topicConfig(_ topic: String, timeout: Double) throws -> [String: String] {
        try admin.topicConfig(topic, timeout: timeout)
    }
}
