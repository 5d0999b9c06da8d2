/// Kafka protocol API names and keys, for request error injection on the embedded cluster.
enum KafkaAPI {
    static let keys: [(name: String, key: Int16)] = [
        ("Produce", 0), ("Fetch", 1), ("ListOffsets", 2), ("Metadata", 3), ("OffsetCommit", 8),
        ("OffsetFetch", 9), ("FindCoordinator", 10), ("JoinGroup", 11), ("Heartbeat", 12),
        ("LeaveGroup", 13), ("SyncGroup", 14), ("DescribeGroups", 15), ("ListGroups", 16),
        ("SaslHandshake", 17), ("ApiVersions", 18), ("CreateTopics", 19), ("DeleteTopics", 20),
        ("DeleteRecords", 21), ("InitProducerId", 22), ("OffsetForLeaderEpoch", 23),
        ("AddPartitionsToTxn", 24), ("AddOffsetsToTxn", 25), ("EndTxn", 26), ("TxnOffsetCommit", 28),
        ("DescribeConfigs", 32), ("AlterConfigs", 33), ("SaslAuthenticate", 36), ("CreatePartitions", 37),
    ]

    /// The key of `name` (case-insensitive, with or without a "Request" suffix).
    static func key(named name: String) -> Int16? {
        var wanted = name.lowercased()
        if wanted.hasSuffix("request") { wanted.removeLast("request".count) }
        return keys.first { $0.name.lowercased() == wanted }?.key
    }

    static var names: String { keys.map(\.name).joined(separator: ", ") }
}
