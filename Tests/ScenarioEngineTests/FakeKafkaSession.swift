import Foundation
import KafkaClient
@testable import ScenarioEngine

/// An in-memory broker for step runner tests: topics are lists of messages per partition, deliveries
/// are acknowledged at once, and each consumer group reads every message once, shared by its members.
final class FakeKafkaSession: KafkaSession, @unchecked Sendable {  // unchecked: its state is only touched under `lock`
    let bootstrapServers = "fake:9092"
    let isEmbedded = false
    let embedded: EmbeddedCluster? = nil
    let userProperties: [String: String] = [:]
    let connectSeconds = 0.0

    private let lock = NSLock()
    private var topics: [String: [[Message]]] = [:]
    private var nextPartition = 0
    /// Group offsets: the next position each group reads, per topic and partition.
    private var groupPositions: [String: [String: [Int: Int]]] = [:]
    private var refusal: KafkaError?
    private var hidden: [(groupSuffix: String, offsets: Set<Int64>)] = []

    func addTopic(_ name: String, partitions: Int = 1) {
        lock.withLock { topics[name] = Array(repeating: [], count: partitions) }
    }

    /// Every delivery from now on fails with `error`, as a broker that refuses the messages.
    func refuseDeliveries(_ error: KafkaError) { lock.withLock { refusal = error } }

    /// Groups whose name ends in `groupSuffix` never receive the messages at `offsets`.
    func hide(offsets: Set<Int64>, fromGroupsEndingIn groupSuffix: String) {
        lock.withLock { hidden.append((groupSuffix, offsets)) }
    }

    /// Puts a message on the topic as another producer would.
    func append(topic: String, key: String? = nil, value: String, partition: Int = 0) {
        lock.withLock {
            let offset = Int64(topics[topic]![partition].count)
            topics[topic]![partition].append(Message(topic: topic, partition: Int32(partition), offset: offset, key: key.map { Array($0.utf8) },
                                                     value: Array(value.utf8), headers: [], timestampMs: nil, receivedAtMs: 0))
        }
    }

    func messages(of topic: String) -> [Message] { lock.withLock { (topics[topic] ?? []).flatMap { $0 } } }

    func send(topic: String, partition: Int32?, key: [UInt8]?, value: [UInt8]?, headers: [Header],
              deadline: Deadline, check: () throws -> Void, completion: @escaping @Sendable (DeliveryReport) -> Void) throws {
        let report = lock.withLock { () -> DeliveryReport in
            if let refusal { return DeliveryReport(topic: topic, partition: -1, offset: -1, error: refusal, tag: 0) }
            guard var parts = topics[topic] else {
                return DeliveryReport(topic: topic, partition: -1, offset: -1, error: KafkaError(code: 3), tag: 0)
            }
            let p = partition.map(Int.init) ?? { defer { nextPartition += 1 }; return nextPartition % parts.count }()
            let offset = Int64(parts[p].count)
            parts[p].append(Message(topic: topic, partition: Int32(p), offset: offset, key: key, value: value, headers: headers,
                                    timestampMs: nil, receivedAtMs: 0))
            topics[topic] = parts
            return DeliveryReport(topic: topic, partition: Int32(p), offset: offset, error: nil, tag: 0)
        }
        // Reported from another thread, as librdkafka's delivery callbacks are.
        Thread { completion(report) }.start()
    }

    func prepareProducer(topic: String, timeout: Double) throws {}

    func makeConsumer(group: String?, properties: [String: String]) throws -> any TopicConsumer {
        FakeConsumer(session: self, group: group)
    }

    func partitions(of topic: String, timeout: Double) throws -> [Int32]? {
        lock.withLock { topics[topic].map { (0..<Int32($0.count)).map { $0 } } }
    }

    func endOffsets(of topic: String, timeout: Double) throws -> [Int32: Int64] {
        lock.withLock {
            var ends: [Int32: Int64] = [:]
            for (p, messages) in (topics[topic] ?? []).enumerated() { ends[Int32(p)] = Int64(messages.count) }
            return ends
        }
    }

    func metadata(topics names: [String]?, timeout: Double) throws -> ClusterMetadata {
        let known = lock.withLock { topics.filter { names?.contains($0.key) ?? true } }
        return ClusterMetadata(brokers: [BrokerInfo(id: 1, host: "fake", port: 9092)], controllerID: 1, clusterID: "fake",
                               topics: known.map { name, parts in
                                   TopicMetadata(name: name, partitions: parts.indices.map {
                                       PartitionInfo(id: Int32($0), leader: 1, replicas: [1], isrs: [1])
                                   })
                               })
    }

    func refreshMetadata(timeout: Double) throws -> ClusterMetadata { try metadata(topics: nil, timeout: timeout) }
    func topicConfig(_ topic: String, timeout: Double) throws -> [String: String] { [:] }
    func createTopic(_ topic: NewTopic, timeout: Double) throws { addTopic(topic.name, partitions: topic.partitions) }
    func deleteTopics(_ names: [String], timeout: Double) throws { lock.withLock { names.forEach { topics[$0] = nil } } }

    /// The message at `position` of `topic`, advancing it; nil when the reader is at the end.
    fileprivate func read(_ topic: String, partition: Int, at position: Int) -> Message? {
        lock.withLock {
            guard let parts = topics[topic], partition < parts.count, position < parts[partition].count else { return nil }
            return parts[partition][position]
        }
    }

    /// The next message for `group` on any of `topic`'s partitions (the group reads each once).
    fileprivate func readAsGroup(_ group: String, topic: String) -> Message? {
        lock.withLock {
            guard let parts = topics[topic] else { return nil }
            for p in parts.indices {
                var next = groupPositions[group, default: [:]][topic, default: [:]][p, default: 0]
                while next < parts[p].count {
                    let message = parts[p][next]
                    next += 1
                    groupPositions[group, default: [:]][topic, default: [:]][p] = next
                    let isHidden = hidden.contains { group.hasSuffix($0.groupSuffix) && $0.offsets.contains(message.offset) }
                    if !isHidden { return message }
                }
            }
            return nil
        }
    }
}

/// A consumer of `FakeKafkaSession`: assigned partitions read from their start positions; a group
/// member takes the group's next message.
final class FakeConsumer: TopicConsumer, @unchecked Sendable {  // unchecked: its state is only touched under `lock`
    private let session: FakeKafkaSession
    private let group: String?
    private let lock = NSLock()
    private var subscribed: [String] = []
    private var positions: [(topic: String, partition: Int, next: Int)] = []

    init(session: FakeKafkaSession, group: String?) {
        self.session = session
        self.group = group
    }

    func assign(_ assignment: [(TopicPartition, Offset)]) throws {
        let ends = try assignment.map { tp, _ in try session.endOffsets(of: tp.topic, timeout: 0) }
        lock.withLock {
            positions = zip(assignment, ends).map { entry, ends in
                let (tp, offset) = entry
                let start: Int64 = switch offset {
                case .beginning: 0
                case .end: ends[tp.partition] ?? 0
                case .exact(let o): o
                }
                return (tp.topic, Int(tp.partition), Int(start))
            }
        }
    }

    func subscribe(_ topics: [String]) throws { lock.withLock { subscribed = topics } }

    func next(timeout: Double) throws -> Message? {
        if let message = take() { return message }
        Thread.sleep(forTimeInterval: min(timeout, 0.005))
        return take()
    }

    private func take() -> Message? {
        lock.withLock {
            if let group {
                for topic in subscribed {
                    if let message = session.readAsGroup(group, topic: topic) { return message }
                }
                return nil
            }
            for i in positions.indices {
                if let message = session.read(positions[i].topic, partition: positions[i].partition, at: positions[i].next) {
                    positions[i].next += 1
                    return message
                }
            }
            return nil
        }
    }

    func nextBatch(timeout: Double, max: Int, _ body: (BorrowedMessage) -> Void) throws -> Int { 0 }
    func takeAllBrokersDown() -> String? { nil }
    func close() {}
}
