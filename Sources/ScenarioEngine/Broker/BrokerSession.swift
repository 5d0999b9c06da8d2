import Foundation
import KafkaClient

/// The broker a run talks to: the embedded mock cluster or an external cluster, with the clients
/// shared by all scenarios.
final class BrokerSession: KafkaSession {
    let bootstrapServers: String
    /// Properties the user gave (-X, --client-config), applied to every client.
    let userProperties: [String: String]
    let admin: AdminClient
    let producer: SharedProducer
    /// Declared last: stored properties are released in order, so the clients go before the cluster.
    let embedded: EmbeddedCluster?
    /// Written by `connect` and by `cluster` steps of scenarios running side by side.
    private let facts = Locked<(metadata: ClusterMetadata?, connectSeconds: Double)>((nil, 0))

    init(bootstrapServers: String?, embeddedBrokers: Int, userProperties: [String: String]) throws {
        if let servers = bootstrapServers {
            embedded = nil
            self.bootstrapServers = servers
        } else {
            let cluster = try EmbeddedCluster(brokers: embeddedBrokers)
            embedded = cluster
            self.bootstrapServers = cluster.bootstrapServers
        }
        self.userProperties = userProperties
        admin = try AdminClient(properties: Self.merge(ClientDefaults.admin, userProperties, bootstrapServers: self.bootstrapServers))
        producer = try SharedProducer(properties: Self.merge(ClientDefaults.producer, userProperties,
                                                             bootstrapServers: self.bootstrapServers))
    }

    var isEmbedded: Bool { embedded != nil }
    /// A mock cluster, here or served by `kafka-scenario broker` in another process: it deletes no topics.
    var isMockCluster: Bool { isEmbedded || EmbeddedClusterControl.isMockCluster(metadata?.clusterID) }
    var metadata: ClusterMetadata? { facts.withLock { $0.metadata } }
    var connectSeconds: Double { facts.withLock { $0.connectSeconds } }

    /// Fetches cluster metadata within `timeout`; the first successful call is the connect time.
    /// Asks in short slices so a broker that can never answer (a `HandshakeFailure`: an untrusted
    /// certificate, a rejected login, a handshake this librdkafka cannot parse) is reported at once;
    /// the error then carries librdkafka's own reason.
    @discardableResult
    func connect(timeout: Double) throws -> ClusterMetadata {
        let start = Deadline.now()
        let deadline = Deadline.after(timeout)
        while true {
            do {
                let meta = try admin.metadata(topics: nil, timeout: min(Self.connectSlice, max(deadline.remaining, 0.001)))
                facts.withLock { $0 = (meta, Deadline.now() - start) }
                return meta
            } catch var error as KafkaError {
                let reason = admin.latestBrokerError
                if let reason { error.message = reason }
                if deadline.hasPassed || reason.flatMap(HandshakeFailure.init(reason:)) != nil { throw error }
            }
        }
    }

    private static let connectSlice = 0.25

    /// nil while the broker answers a metadata request within `timeout`; else librdkafka's reason.
    /// The embedded broker lives in this process and is always there.
    func unreachableReason(timeout: Double) -> String? {
        guard !isEmbedded else { return nil }
        do {
            _ = try admin.metadata(topics: nil, timeout: timeout)
            return nil
        } catch {
            return admin.latestBrokerError ?? "\(error)"
        }
    }

    func refreshMetadata(timeout: Double) throws -> ClusterMetadata {
        let meta = try admin.metadata(topics: nil, timeout: timeout)
        facts.withLock { $0.metadata = meta }
        return meta
    }

    func createTopic(_ topic: NewTopic, timeout: Double) throws {
        if let embedded {
            try embedded.createTopic(topic)
        } else if EmbeddedClusterControl.isMockCluster(metadata?.clusterID),
                  try EmbeddedClusterControl.createTopic(topic, bootstrapServers: bootstrapServers) {
            // `kafka-scenario broker` in another process: its mock answers no CreateTopics.
        } else {
            try admin.createTopics([topic], timeout: timeout)
        }
    }

    /// The mock cluster cannot delete topics; they vanish with the process.
    func deleteTopics(_ names: [String], timeout: Double) throws {
        guard !isEmbedded, !names.isEmpty else { return }
        try admin.deleteTopics(names, timeout: timeout)
    }

    /// Partition ids of a topic, or nil when it does not exist.
    func partitions(of topic: String, timeout: Double) throws -> [Int32]? {
        let t: TopicMetadata?
        if let embedded, embedded.created(topic) {
            t = try admin.metadata(ofExistingTopic: topic, timeout: timeout)
        } else {
            t = try admin.metadata(topics: [topic], timeout: timeout).topics.first { $0.name == topic }
        }
        guard let t, t.error == nil, !t.partitions.isEmpty else { return nil }
        return t.partitions.map(\.id).sorted()
    }

    /// The next offset of every partition of `topic` (empty when the topic does not exist yet).
    func endOffsets(of topic: String, timeout: Double) throws -> [Int32: Int64] {
        guard let parts = try partitions(of: topic, timeout: timeout) else { return [:] }
        var offsets: [Int32: Int64] = [:]
        for p in parts {
            offsets[p] = try admin.watermarks(TopicPartition(topic: topic, partition: p), timeout: timeout).high
        }
        return offsets
    }

    /// `properties`: over the defaults, under the user's properties.
    func makeConsumer(group: String?, properties: [String: String]) throws -> any TopicConsumer {
        var defaults = ClientDefaults.consumer.merging(properties) { $1 }
        if let group {
            defaults.merge(ClientDefaults.groupMember(embedded: isEmbedded)) { $1 }
            if embedded?.rebalancesAtOnce == true { defaults.merge(ClientDefaults.Embedded.groupWithoutJoinDelay) { $1 } }
            defaults["group.id"] = group
        } else {
            defaults["group.id"] = ClientDefaults.assignmentGroupID
        }
        return try Consumer(properties: Self.merge(defaults, userProperties, bootstrapServers: bootstrapServers))
    }

    /// Client properties as the reports show them (secrets redacted).
    var reportedProperties: [(String, String)] {
        userProperties.sorted { $0.key < $1.key }.map { ($0.key, Redaction.redact(key: $0.key, value: $0.value)) }
    }

    private static func merge(_ defaults: [String: String], _ user: [String: String], bootstrapServers: String) -> [String: String] {
        var props = defaults.merging(user) { $1 }
        props["bootstrap.servers"] = bootstrapServers
        return props
    }
}
