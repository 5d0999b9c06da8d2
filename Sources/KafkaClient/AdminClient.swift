import CRdKafka
import Foundation

/// Cluster metadata, topic administration and watermarks. Every call is bounded by its `timeout`.
public final class AdminClient: Sendable {
    let handle: KafkaHandle
    private let errors: BrokerErrorLog

    public init(properties: [String: String]) throws {
        let errors = BrokerErrorLog()
        handle = try KafkaHandle(RD_KAFKA_PRODUCER, role: "admin client", properties: properties,
                                 callbacks: HandleCallbacks(errors: errors))
        self.errors = errors
    }

    /// The latest error librdkafka reported about the connection to the brokers, e.g.
    /// "127.0.0.1:9092/bootstrap: Connect to ipv4#127.0.0.1:9092 failed: Connection refused".
    public var latestBrokerError: String? { try? handle.use { errors.latest(serving: $0) } }

    /// Destroys the handle once the calls in flight have returned; later calls throw `__DESTROY`.
    /// Also done when the client is released. Idempotent.
    public func close() { handle.close() }

    /// `topics`: nil for all topics. A requested topic the cluster does not have is listed with
    /// an UNKNOWN_TOPIC_OR_PART error (asking for all topics avoids auto-creating it).
    public func metadata(topics: [String]?, timeout: Double) throws -> ClusterMetadata {
        try handle.use("metadata") { try metadata(handle: $0, topics: topics, timeout: timeout) }
    }

    private func metadata(handle: OpaquePointer, topics: [String]?, timeout: Double) throws -> ClusterMetadata {
        let deadline = Deadline(seconds: timeout)
        var raw: UnsafePointer<rd_kafka_metadata>?
        let err = rd_kafka_metadata(handle, 1, nil, &raw, deadline.remainingMs)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let raw else {
            throw KafkaError(err, context: "metadata request failed within \(String(format: "%.1f", timeout))s")
        }
        defer { rd_kafka_metadata_destroy(raw) }
        let all = Self.topics(raw.pointee, only: topics.map(Set.init))
        var result = ClusterMetadata(brokers: Self.brokers(raw.pointee), controllerID: nil, clusterID: nil,
                                     topics: all)
        if let topics {
            result.topics = topics.map { name in
                all.first { $0.name == name }
                    ?? TopicMetadata(name: name, partitions: [],
                                     error: KafkaError(RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, context: name))
            }
        }
        let controller = rd_kafka_controllerid(handle, deadline.remainingMs)
        result.controllerID = controller >= 0 ? controller : nil
        if let id = rd_kafka_clusterid(handle, deadline.remainingMs) {
            result.clusterID = String(cString: id)
            rd_kafka_mem_free(handle, id)
        }
        return result
    }

    /// Metadata of `topic` alone, without listing every topic of the cluster. A cluster that creates
    /// topics on demand (the embedded broker always does) creates it when asked: only for topics
    /// known to exist.
    public func metadata(ofExistingTopic topic: String, timeout: Double) throws -> TopicMetadata {
        try handle.use("metadata") { try metadata(handle: $0, ofExistingTopic: topic, timeout: timeout) }
    }

    private func metadata(handle: OpaquePointer, ofExistingTopic topic: String, timeout: Double) throws -> TopicMetadata {
        guard let rkt = rd_kafka_topic_new(handle, topic, nil) else {
            throw KafkaError(rd_kafka_last_error(), context: "metadata for \(topic)")
        }
        defer { rd_kafka_topic_destroy(rkt) }
        var raw: UnsafePointer<rd_kafka_metadata>?
        let err = rd_kafka_metadata(handle, 0, rkt, &raw, Clock.milliseconds(timeout))
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let raw else {
            throw KafkaError(err, context: "metadata request failed within \(timeout)s")
        }
        defer { rd_kafka_metadata_destroy(raw) }
        return Self.topics(raw.pointee, only: [topic]).first
            ?? TopicMetadata(name: topic, partitions: [], error: KafkaError(RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, context: topic))
    }

    private static func brokers(_ metadata: rd_kafka_metadata) -> [BrokerInfo] {
        (0..<Int(metadata.broker_cnt)).map { index in
            let broker = metadata.brokers[index]
            return BrokerInfo(id: broker.id, host: broker.host.map { String(cString: $0) } ?? "", port: broker.port)
        }
    }

    /// `wanted`: nil for every topic; else only those are converted (the answer lists every topic of
    /// the cluster, and a run on the embedded broker creates one per scenario).
    private static func topics(_ metadata: rd_kafka_metadata, only wanted: Set<String>?) -> [TopicMetadata] {
        (0..<Int(metadata.topic_cnt)).compactMap { index in
            let topic = metadata.topics[index]
            let name = topic.topic.map { String(cString: $0) } ?? ""
            if let wanted, !wanted.contains(name) { return nil }
            let partitions = (0..<Int(topic.partition_cnt)).map { p in
                let partition = topic.partitions[p]
                return PartitionInfo(id: partition.id, leader: partition.leader,
                                     replicas: Array(UnsafeBufferPointer(start: partition.replicas,
                                                                         count: Int(partition.replica_cnt))),
                                     isrs: Array(UnsafeBufferPointer(start: partition.isrs,
                                                                     count: Int(partition.isr_cnt))))
            }
            let error = topic.err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaError(topic.err, context: name)
            return TopicMetadata(name: name, partitions: partitions.sorted { $0.id < $1.id }, error: error)
        }.sorted { $0.name < $1.name }
    }

    public func watermarks(_ partition: TopicPartition, timeout: Double) throws -> (low: Int64, high: Int64) {
        var low: Int64 = -1
        var high: Int64 = -1
        let err = try handle.use("watermarks") {
            rd_kafka_query_watermark_offsets($0, partition.topic, partition.partition, &low, &high, Clock.milliseconds(timeout))
        }
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(err, context: "watermarks of \(partition.topic)[\(partition.partition)]")
        }
        return (low, high)
    }
}
