import CRdKafka
import Foundation

/// librdkafka's mock cluster in this process, reachable over loopback TCP.
///
/// The mock needs an `rd_kafka_t` for bookkeeping: a dedicated producer handle owns it, and the mock
/// cluster is destroyed before that handle. The 2.0.2 mock does not answer CreateTopics, DeleteTopics
/// or DescribeConfigs (those requests time out); create topics with `createTopic`.
public final class EmbeddedCluster: @unchecked Sendable { // unchecked: the mock's calls are thread-safe; `createdTopics` is reached only under `created`
    private let owner: KafkaHandle
    private let cluster: OpaquePointer
    public let brokerCount: Int
    public let bootstrapServers: String
    /// False with librdkafka 2.0.2, whose mock reports controller 0, none of its brokers (1...N).
    public let hasController: Bool
    /// False with librdkafka before 2.3: a new group's first rebalance then waits the mock's 3 s
    /// (`initialRebalanceDelayMs` otherwise).
    public let rebalancesAtOnce: Bool
    private let created = NSLock()
    private var createdTopics = Set<String>()

    /// Not 0: a member joining a group that already formed makes the mock wait session.timeout.ms
    /// minus 1 s (3 s here) for the others to rejoin, so the members a step starts together must all be
    /// in the first join; they send their JoinGroup within a few ms of each other.
    static let initialRebalanceDelayMs: Int32 = 250

    public init(brokers: Int) throws {
        guard brokers >= 1 else {
            throw KafkaError.invalidArgument("an embedded cluster needs at least 1 broker, got \(brokers)")
        }
        let owner = try KafkaHandle(RD_KAFKA_PRODUCER, role: "embedded cluster", properties: [:], defaults: ClientDefaults.Embedded.clusterOwner)
        // On a throw the owner handle is destroyed as it is released.
        cluster = try owner.use { owner in
            guard let cluster = rd_kafka_mock_cluster_new(owner, Int32(clamping: brokers)) else {
                throw KafkaError.invalidArgument("librdkafka could not start a mock cluster with \(brokers) brokers")
            }
            return cluster
        }
        self.owner = owner
        brokerCount = brokers
        bootstrapServers = rd_kafka_mock_cluster_bootstraps(cluster).map { String(cString: $0) } ?? ""
        Self.disableNagle(onListenersOf: bootstrapServers)
        hasController = MockExtensions.setControllerID(cluster, 1)
        rebalancesAtOnce = MockExtensions.setInitialRebalanceDelay(cluster, milliseconds: Self.initialRebalanceDelayMs)
    }

    /// The mock's broker sockets keep Nagle's algorithm on: a response written in more than one
    /// piece then waits for the client's delayed ACK (40 ms on Linux), so a fetch or a produce
    /// acknowledgement took 4-45 ms at random. Accepted sockets inherit TCP_NODELAY from their
    /// listening socket, and the mock's listeners are sockets of this process: set it on them.
    private static func disableNagle(onListenersOf bootstrapServers: String) {
        let ports = Set(bootstrapServers.split(separator: ",").compactMap { $0.split(separator: ":").last.flatMap { UInt16($0) } })
        guard let fds = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
        for fd in fds.compactMap({ Int32($0) }) {
            var address = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let named = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            guard named == 0, address.sin_family == sa_family_t(AF_INET), ports.contains(UInt16(bigEndian: address.sin_port))
            else { continue }
            var listening: Int32 = 0
            var size = socklen_t(MemoryLayout<Int32>.size)
            guard getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &size) == 0, listening == 1 else { continue }
            var on: Int32 = 1
            _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        }
    }

    deinit {
        owner.close { _ in rd_kafka_mock_cluster_destroy(cluster) }
    }

    /// Through `rd_kafka_mock_topic_create` (the mock does not answer CreateTopics).
    public func createTopic(_ topic: NewTopic) throws {
        guard topic.partitions >= 1, topic.replicationFactor >= 1 else {
            throw KafkaError.invalidArgument(
                "topic \(topic.name): partitions and replication factor must be at least 1")
        }
        try check(rd_kafka_mock_topic_create(cluster, topic.name, Int32(clamping: topic.partitions),
                                             Int32(clamping: topic.replicationFactor)),
                  "create topic \(topic.name)")
        created.withLock { _ = createdTopics.insert(topic.name) }
    }

    /// True for a topic `createTopic` made. The mock cannot delete topics, so it still exists; and
    /// the mock creates any topic a Metadata request names, so only such a topic may be asked about
    /// by name (`AdminClient.metadata(ofExistingTopic:)`) rather than in a list of all topics.
    public func created(_ topic: String) -> Bool {
        created.withLock { createdTopics.contains(topic) }
    }

    public func setBrokerDown(_ broker: Int32) throws {
        try check(rd_kafka_mock_broker_set_down(cluster, broker), "set broker \(broker) down")
    }

    public func setBrokerUp(_ broker: Int32) throws {
        try check(rd_kafka_mock_broker_set_up(cluster, broker), "set broker \(broker) up")
        Self.disableNagle(onListenersOf: bootstrapServers) // the mock opens a new listener
    }

    public func setRoundTripTime(broker: Int32, milliseconds: Int) throws {
        try check(rd_kafka_mock_broker_set_rtt(cluster, broker, Int32(clamping: milliseconds)),
                  "set round-trip time of broker \(broker)")
    }

    /// `api` is a Kafka API name (Produce, Fetch, Metadata, ...); `errors` librdkafka error names.
    /// The next `errors.count` requests of that API fail with those errors, in order.
    public func pushRequestErrors(api: String, errors: [String]) throws {
        guard let key = KafkaAPI.key(named: api) else {
            throw KafkaError.invalidArgument("unknown Kafka API '\(api)'; known: \(KafkaAPI.names)")
        }
        let codes = try errors.map { name -> rd_kafka_resp_err_t in
            guard let code = KafkaError.code(named: name) else {
                throw KafkaError.invalidArgument("unknown librdkafka error name '\(name)' (e.g. TRANSPORT, "
                    + "NOT_LEADER_FOR_PARTITION, REQUEST_TIMED_OUT, COORDINATOR_NOT_AVAILABLE)")
            }
            return rd_kafka_resp_err_t(rawValue: code)
        }
        guard !codes.isEmpty else { return }
        rd_kafka_mock_push_request_errors_array(cluster, key, codes.count, codes)
    }

    /// Makes Metadata answers for `topic` carry `error` (a librdkafka error name; NO_ERROR clears it).
    public func setTopicError(topic: String, error: String) throws {
        guard let code = KafkaError.code(named: error) else {
            throw KafkaError.invalidArgument("unknown librdkafka error name '\(error)'")
        }
        rd_kafka_mock_topic_set_error(cluster, topic, rd_kafka_resp_err_t(rawValue: code))
    }

    /// Forgets errors pushed for `api` and not yet consumed.
    public func clearRequestErrors(api: String) throws {
        guard let key = KafkaAPI.key(named: api) else {
            throw KafkaError.invalidArgument("unknown Kafka API '\(api)'; known: \(KafkaAPI.names)")
        }
        rd_kafka_mock_clear_request_errors(cluster, key)
    }

    private func check(_ err: rd_kafka_resp_err_t, _ action: String) throws {
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(err, context: action) }
    }
}
