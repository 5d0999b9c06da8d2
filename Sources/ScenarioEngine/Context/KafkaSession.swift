import KafkaClient

/// What step runners ask of the broker. `BrokerSession` talks to a real cluster; tests use an in-memory one.
protocol KafkaSession: AnyObject, Sendable {
    var bootstrapServers: String { get }
    var isEmbedded: Bool { get }
    /// The embedded mock cluster, for steps that inject faults; nil on an external cluster.
    var embedded: EmbeddedCluster? { get }
    /// Properties the user gave (-X, --client-config), applied to every client.
    var userProperties: [String: String] { get }
    var connectSeconds: Double { get }

    // Producing
    /// Queues one message; `completion` gets its delivery report (on the producer's thread). While the
    /// producer's queue is full it waits until `deadline`, calling `check` (which may throw to give up).
    func send(topic: String, partition: Int32?, key: [UInt8]?, value: [UInt8]?, headers: [Header],
              deadline: Deadline, check: () throws -> Void, completion: @escaping @Sendable (DeliveryReport) -> Void) throws
    /// Fetches the topic's metadata into the producer, so its first send does not wait for it.
    func prepareProducer(topic: String, timeout: Double) throws

    // Reading
    /// A consumer over the session's defaults; `properties` over those, under the user's.
    func makeConsumer(group: String?, properties: [String: String]) throws -> any TopicConsumer
    /// Partition ids of a topic, or nil when it does not exist.
    func partitions(of topic: String, timeout: Double) throws -> [Int32]?
    /// The next offset of every partition of `topic` (empty when the topic does not exist yet).
    func endOffsets(of topic: String, timeout: Double) throws -> [Int32: Int64]

    // Metadata and topics
    func metadata(topics: [String]?, timeout: Double) throws -> ClusterMetadata
    func refreshMetadata(timeout: Double) throws -> ClusterMetadata
    func topicConfig(_ topic: String, timeout: Double) throws -> [String: String]
    func createTopic(_ topic: NewTopic, timeout: Double) throws
    func deleteTopics(_ names: [String], timeout: Double) throws
    /// A consumer group as its coordinator describes it; nil when unknown (`settle:`; GroupSettle.swift).
    func describeGroup(_ name: String, timeout: Double) throws -> GroupDescription?
}

extension KafkaSession {
    func makeConsumer(group: String?) throws -> any TopicConsumer { try makeConsumer(group: group, properties: [:]) }
}

/// A consumer as the readers use it: assigned from positions or subscribed as a group member.
protocol TopicConsumer: AnyObject, Sendable {
    func assign(_ assignment: [(TopicPartition, Offset)]) throws
    func subscribe(_ topics: [String]) throws
    func next(timeout: Double) throws -> Message?
    /// Lends up to `max` waiting messages to `body` without copying; returns how many.
    func nextBatch(timeout: Double, max: Int, _ body: (BorrowedMessage) -> Void) throws -> Int
    /// The reason once every broker is down (then cleared), else nil.
    func takeAllBrokersDown() -> String?
    /// Partitions the group assigned to this member now; nil when unknown.
    func assignedPartitionCount() -> Int?
    func close()
    /// The partitions a group member holds now (a miss's explanation; MissWitness.swift).
    func assignment() -> [TopicPartition]
    /// The offsets this consumer's group committed on `partitions` (`settle:`; GroupSettle.swift).
    func committed(_ partitions: [TopicPartition], timeout: Double) throws -> [TopicPartition: Int64]
}

extension TopicConsumer {
    func assignedPartitionCount() -> Int? { nil }
}

extension Consumer: TopicConsumer {
    func assignedPartitionCount() -> Int? { assignment().count }
    func next(timeout: Double) throws -> Message? { try poll(timeout: timeout) }
    func nextBatch(timeout: Double, max: Int, _ body: (BorrowedMessage) -> Void) throws -> Int {
        try pollBatch(timeout: timeout, max: max, body)
    }
}
