import KafkaClient

extension BrokerSession {
    func describeGroup(_ name: String, timeout: Double) throws -> GroupDescription? {
        try admin.describeGroup(name, timeout: timeout)
    }
}

/// Sessions and consumers that cannot answer group questions (test doubles) say so.
extension KafkaSession {
    func describeGroup(_ name: String, timeout: Double) throws -> GroupDescription? {
        throw KafkaError(code: -1, name: "UNSUPPORTED_FEATURE", message: "this session cannot describe groups")
    }
}

extension TopicConsumer {
    func assignment() -> [TopicPartition] { [] }

    func committed(_ partitions: [TopicPartition], timeout: Double) throws -> [TopicPartition: Int64] {
        throw KafkaError(code: -1, name: "UNSUPPORTED_FEATURE", message: "this consumer cannot fetch committed offsets")
    }
}
