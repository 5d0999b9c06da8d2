import CRdKafka

extension AdminClient {
    public func createTopics(_ topics: [NewTopic], timeout: Double) throws {
        var specs = [OpaquePointer?]()
        defer { specs.forEach { rd_kafka_NewTopic_destroy($0) } }
        for topic in topics {
            // -1 asks for the broker's default; librdkafka itself lets 0 through.
            guard topic.partitions >= 1 || topic.partitions == -1,
                  topic.replicationFactor >= 1 || topic.replicationFactor == -1 else {
                throw KafkaError.invalidArgument(
                    "topic \(topic.name): partitions and replication factor must be at least 1 (or -1 for the broker default)")
            }
            var errstr = [CChar](repeating: 0, count: 512)
            guard let spec = rd_kafka_NewTopic_new(topic.name, Int32(clamping: topic.partitions),
                                                   Int32(clamping: topic.replicationFactor), &errstr, errstr.count)
            else { throw KafkaError.invalidArgument("topic \(topic.name): \(String(errorBuffer: errstr))") }
            specs.append(spec)
            for (key, value) in topic.config {
                let err = rd_kafka_NewTopic_set_config(spec, key, value)
                if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(err, context: "topic \(topic.name) config \(key)") }
            }
        }
        try AdminRequest(handle: handle, timeout: timeout, what: "CreateTopics").run(
            send: { rd_kafka_CreateTopics($0, &specs, specs.count, $1, $2) },
            read: { event in
                var count = 0
                let results = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), &count)
                try Self.throwFirstError(results, count, action: "create topic")
            })
    }

    public func deleteTopics(_ topics: [String], timeout: Double) throws {
        var specs = topics.map { rd_kafka_DeleteTopic_new($0) }
        defer { specs.forEach { rd_kafka_DeleteTopic_destroy($0) } }
        try AdminRequest(handle: handle, timeout: timeout, what: "DeleteTopics").run(
            send: { rd_kafka_DeleteTopics($0, &specs, specs.count, $1, $2) },
            read: { event in
                var count = 0
                let results = rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(event), &count)
                try Self.throwFirstError(results, count, action: "delete topic")
            })
    }

    /// DescribeConfigs on a topic.
    public func topicConfig(_ topic: String, timeout: Double) throws -> [String: String] {
        var resources: [OpaquePointer?] = [rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic)]
        defer { resources.forEach { rd_kafka_ConfigResource_destroy($0) } }
        var config = [String: String]()
        try AdminRequest(handle: handle, timeout: timeout, what: "DescribeConfigs").run(
            send: { rd_kafka_DescribeConfigs($0, &resources, resources.count, $1, $2) },
            read: { event in
                var count = 0
                guard let results = rd_kafka_DescribeConfigs_result_resources(
                    rd_kafka_event_DescribeConfigs_result(event), &count) else { return }
                for index in 0..<count {
                    let resource = results[index]
                    let err = rd_kafka_ConfigResource_error(resource)
                    if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                        let text = rd_kafka_ConfigResource_error_string(resource).map { String(cString: $0) }
                        var error = KafkaError(err, context: "describe config of \(topic)")
                        if let text, !text.isEmpty { error.message = "describe config of \(topic): \(text)" }
                        throw error
                    }
                    var entryCount = 0
                    guard let entries = rd_kafka_ConfigResource_configs(resource, &entryCount) else { continue }
                    for entry in UnsafeBufferPointer(start: entries, count: entryCount) {
                        guard let name = rd_kafka_ConfigEntry_name(entry) else { continue }
                        config[String(cString: name)] = rd_kafka_ConfigEntry_value(entry).map { String(cString: $0) }
                    }
                }
            })
        return config
    }

    private static func throwFirstError(_ results: UnsafeMutablePointer<OpaquePointer?>?, _ count: Int,
                                        action: String) throws {
        guard let results else { return }
        for result in UnsafeBufferPointer(start: results, count: count) {
            let err = rd_kafka_topic_result_error(result)
            guard err != RD_KAFKA_RESP_ERR_NO_ERROR else { continue }
            let name = rd_kafka_topic_result_name(result).map { String(cString: $0) } ?? "?"
            var error = KafkaError(err, context: "\(action) \(name)")
            if let text = rd_kafka_topic_result_error_string(result).map({ String(cString: $0) }), !text.isEmpty {
                error.message = "\(action) \(name): \(text)"
            }
            throw error
        }
    }
}
