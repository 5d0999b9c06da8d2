// STUB: the public surface of KafkaClient, fixed so the engine can be written against it.
// Implementation (over librdkafka, C only in this module) to be written; split into files per type.
import Foundation

/// A librdkafka error: `name` is librdkafka's name without the `RD_KAFKA_RESP_ERR_` prefix and
/// without a leading underscore (TOPIC_EXCEPTION, UNKNOWN_TOPIC_OR_PART, TIMED_OUT, TRANSPORT, ...).
public struct KafkaError: Error, Equatable, Sendable, CustomStringConvertible {
    public var code: Int32
    public var name: String
    public var message: String
    public init(code: Int32, name: String, message: String) {
        self.code = code
        self.name = name
        self.message = message
    }
    public var description: String { "\(name): \(message)" }
}

public struct TopicPartition: Hashable, Sendable {
    public var topic: String
    public var partition: Int32
    public init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }
}

public struct Header: Equatable, Sendable {
    public var name: String
    public var value: [UInt8]?
    public init(name: String, value: [UInt8]?) {
        self.name = name
        self.value = value
    }
}

public struct Message: Sendable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var key: [UInt8]?
    public var value: [UInt8]?
    public var headers: [Header]
    /// Message timestamp (ms since epoch, create time as set by the producer), nil if absent.
    public var timestampMs: Int64?
    /// When this process received it (ms since epoch).
    public var receivedAtMs: Int64
}

public struct DeliveryReport: Sendable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var error: KafkaError?
    /// Opaque value passed to `send`, handed back here.
    public var tag: Int
}

public enum Offset: Sendable, Equatable {
    case beginning
    case end
    case exact(Int64)
}

public struct BrokerInfo: Sendable, Equatable {
    public var id: Int32
    public var host: String
    public var port: Int32
}

public struct PartitionInfo: Sendable, Equatable {
    public var id: Int32
    public var leader: Int32
    public var replicas: [Int32]
    public var isrs: [Int32]
}

public struct TopicMetadata: Sendable, Equatable {
    public var name: String
    public var partitions: [PartitionInfo]
    public var error: KafkaError?
}

public struct ClusterMetadata: Sendable {
    public var brokers: [BrokerInfo]
    public var controllerID: Int32?
    public var clusterID: String?
    public var topics: [TopicMetadata]
}

public struct NewTopic: Sendable {
    public var name: String
    public var partitions: Int
    public var replicationFactor: Int
    public var config: [(key: String, value: String)]
    public init(name: String, partitions: Int, replicationFactor: Int, config: [(key: String, value: String)] = []) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.config = config
    }
}

public enum Librdkafka {
    /// `rd_kafka_version_str()`, e.g. "2.0.2".
    public static var version: String { fatalError("TODO") }
}

/// librdkafka's mock cluster in this process, reachable over loopback TCP.
public final class EmbeddedCluster: @unchecked Sendable {
    public init(brokers: Int) throws { fatalError("TODO") }
    public var bootstrapServers: String { fatalError("TODO") }
    public var brokerCount: Int { fatalError("TODO") }
    /// Through `rd_kafka_mock_topic_create` (the mock does not answer CreateTopics).
    public func createTopic(_ topic: NewTopic) throws { fatalError("TODO") }
    public func setBrokerDown(_ broker: Int32) throws { fatalError("TODO") }
    public func setBrokerUp(_ broker: Int32) throws { fatalError("TODO") }
    public func setRoundTripTime(broker: Int32, milliseconds: Int) throws { fatalError("TODO") }
    /// `api` is a Kafka API name (Produce, Fetch, Metadata, ...); `errors` librdkafka error names.
    public func pushRequestErrors(api: String, errors: [String]) throws { fatalError("TODO") }
}

/// A producer with its own poll thread; delivery reports arrive on that thread.
public final class Producer: @unchecked Sendable {
    /// `properties`: any librdkafka properties (bootstrap.servers included).
    public init(properties: [String: String], onDelivery: @escaping @Sendable (DeliveryReport) -> Void) throws { fatalError("TODO") }
    /// Enqueues one message (waits while the local queue is full). `timestampMs` nil: now.
    public func send(topic: String, partition: Int32?, key: [UInt8]?, value: [UInt8]?, headers: [Header],
                     timestampMs: Int64? = nil, tag: Int) throws { fatalError("TODO") }
    /// Waits until every enqueued message has a delivery report; false on timeout.
    public func flush(timeout: Double) -> Bool { fatalError("TODO") }
}

/// A consumer: by assignment (no group protocol) or by subscription (group).
public final class Consumer: @unchecked Sendable {
    public init(properties: [String: String]) throws { fatalError("TODO") }
    public func assign(_ assignment: [(TopicPartition, Offset)]) throws { fatalError("TODO") }
    public func subscribe(_ topics: [String]) throws { fatalError("TODO") }
    /// Blocks at most `timeout` seconds; nil when nothing arrived. Partition EOF is not an error.
    /// Errors the consumer reports (unknown topic, transport) are thrown.
    public func poll(timeout: Double) throws -> Message? { fatalError("TODO") }
    /// Current assignment (for group members).
    public func assignment() -> [TopicPartition] { fatalError("TODO") }
    /// Leaves the group and closes; also done by deinit.
    public func close() { fatalError("TODO") }
}

public final class AdminClient: @unchecked Sendable {
    public init(properties: [String: String]) throws { fatalError("TODO") }
    /// `topics`: nil for all topics.
    public func metadata(topics: [String]?, timeout: Double) throws -> ClusterMetadata { fatalError("TODO") }
    public func createTopics(_ topics: [NewTopic], timeout: Double) throws { fatalError("TODO") }
    public func deleteTopics(_ topics: [String], timeout: Double) throws { fatalError("TODO") }
    /// DescribeConfigs on a topic.
    public func topicConfig(_ topic: String, timeout: Double) throws -> [String: String] { fatalError("TODO") }
    public func watermarks(_ partition: TopicPartition, timeout: Double) throws -> (low: Int64, high: Int64) { fatalError("TODO") }
}
