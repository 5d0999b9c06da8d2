/// Every client default in one place, by role. The engine's clients start from these, under the
/// user's properties (-X, --client-config); the embedded ones are the tuned values for the mock.
public enum ClientDefaults {
    /// Under every client of a run.
    public static let common: [String: String] = [
        "socket.nagle.disable": "true",
        "topic.metadata.refresh.interval.ms": "60000",
        "reconnect.backoff.ms": "10",
        "reconnect.backoff.max.ms": "1000",
        // Connection trouble surfaces as step errors; librdkafka's own log lines would only repeat it.
        "log_level": "2",
    ]

    public static let admin = common

    /// The run's shared producer.
    public static let producer = common.merging([
        "linger.ms": "1",
        "acks": "all",
        "message.timeout.ms": "30000",
    ]) { $1 }

    /// A consumer, by assignment or as a group member (then `groupMember` goes over it).
    public static let consumer = common.merging([
        "enable.auto.commit": "false",
        "enable.partition.eof": "false",
        "fetch.wait.max.ms": "10",
        "fetch.error.backoff.ms": "10",
        "auto.offset.reset": "earliest",
    ]) { $1 }

    /// The group id of consumers by assignment: librdkafka requires one even for assign(); it is never joined.
    public static let assignmentGroupID = "kafka-scenario-assign"

    /// Over `consumer` for a group member; on the embedded cluster its own session timing.
    public static func groupMember(embedded: Bool) -> [String: String] {
        (embedded ? Embedded.group : externalGroup).merging([
            "enable.auto.commit": "true",
            // Commit what was read every 100 ms (default 5 s): a member that joins late, or a rebalance
            // forced by a slow machine, then hands over committed offsets instead of re-reading the
            // partition from the start, which counted as duplicates inside the group.
            "auto.commit.interval.ms": "100",
        ]) { $1 }
    }

    private static let externalGroup: [String: String] = [
        "session.timeout.ms": "6000",
        "heartbeat.interval.ms": "300",
    ]

    /// Most messages and bytes in one of the load producer's batches (one partition's share of a
    /// request). The step sets `batch.num.messages` itself, from this and the message size.
    public static let loadBatchMessages = 10_000
    public static let loadBatchBytes = 1_000_000

    /// The load step's producer, tuned for throughput (batches filled for a few ms instead of the
    /// shared producer's 1 ms linger).
    public static let loadProducer: [String: String] = [
        "linger.ms": "5",
        "batch.size": String(loadBatchBytes),
        // Bounds the process's memory (each queued message is ~300 B): 200,000 peaked at 120 MB RSS.
        "queue.buffering.max.messages": "50000",
        "socket.nagle.disable": "true",
        "reconnect.backoff.ms": "10",
        "log_level": "2",
    ]

    /// Over `loadProducer` for a load without a rate. Its batches fill by count (a run of messages
    /// to one partition is one batch) and leave at once; the linger only has to outlast a run, or
    /// the batch leaves in two requests.
    public static let loadProducerFlatOut: [String: String] = ["linger.ms": "25"]

    /// Properties that keep latency low against the embedded cluster.
    ///
    /// Measured against the librdkafka 2.0.2 mock (see KafkaClientTests): produce → consume takes
    /// about fetch.wait.max.ms (the mock holds an empty fetch that long), so 10 ms gives ~10 ms round
    /// trips without a busy fetch loop. A group's first join always takes ~3 s (a delay hard-coded in
    /// the mock); each later rebalance takes about session.timeout.ms − 1 s, and a session timeout
    /// at or below 3 s never completes the first join, so 4000 is the floor that keeps both at ~3 s.
    public enum Embedded {
        public static let producer: [String: String] = [
            "linger.ms": "0",
        ]

        /// Consumers by assignment or in a group.
        public static let consumer: [String: String] = [
            "fetch.wait.max.ms": "10",
            "fetch.error.backoff.ms": "10",
            "reconnect.backoff.ms": "10",
        ]

        /// Extra properties for group members that keep joins and rebalances at ~3 s on the mock.
        public static let group: [String: String] = [
            "session.timeout.ms": "4000",
            "heartbeat.interval.ms": "100",
            "topic.metadata.refresh.interval.ms": "1000",
        ]

        /// Over `group` where the mock's first-rebalance delay could be cut (`EmbeddedCluster.rebalancesAtOnce`):
        /// a member that joins a group already formed (started late on a busy machine) makes the mock wait
        /// `session.timeout.ms` - 1 s for the others to rejoin, 1 s here instead of 3 s. Lower is safe only
        /// there: with 2.0.2 a member waits 3 s in its first join and a shorter session would expire.
        public static let groupWithoutJoinDelay: [String: String] = [
            "session.timeout.ms": "2000",
        ]

        /// The handle that owns the mock cluster.
        static let clusterOwner = ["log_level": "3"]
    }
}
