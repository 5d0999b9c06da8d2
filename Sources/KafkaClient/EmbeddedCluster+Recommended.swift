extension EmbeddedCluster {
    // Measured against the librdkafka 2.0.2 mock (see KafkaClientTests): produce → consume takes
    // about fetch.wait.max.ms (the mock holds an empty fetch that long), so 10 ms gives ~10 ms round
    // trips without a busy fetch loop. A group's first join always takes ~3 s (a delay hard-coded in
    // the mock); each later rebalance takes about session.timeout.ms − 1 s, and a session timeout
    // at or below 3 s never completes the first join, so 4000 is the floor that keeps both at ~3 s.

    /// Producer properties that keep latency low against the embedded cluster.
    public static let recommendedProducerProperties: [String: String] = [
        "linger.ms": "0",
    ]

    /// Consumer properties (assignment or group) that keep latency low against the embedded cluster.
    public static let recommendedConsumerProperties: [String: String] = [
        "fetch.wait.max.ms": "10",
        "fetch.error.backoff.ms": "10",
        "reconnect.backoff.ms": "10",
    ]

    /// Extra properties for group members that keep joins and rebalances at ~3 s on the mock.
    public static let recommendedGroupProperties: [String: String] = [
        "session.timeout.ms": "4000",
        "heartbeat.interval.ms": "100",
        "topic.metadata.refresh.interval.ms": "1000",
    ]
}
