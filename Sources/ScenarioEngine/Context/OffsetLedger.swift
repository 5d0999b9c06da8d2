/// Where each topic stood when the scenario started, and every position the scenario produced to.
final class OffsetLedger: Sendable {
    private struct Entries {
        var start: [String: [Int32: Int64]] = [:]
        var produced: [String: [TopicPartitionOffset]] = [:]
        var sentByStep: [String: Set<TopicPartitionOffset>] = [:]
    }

    private let entries = Locked(Entries())

    func recordStartOffsets(_ topic: String, _ offsets: [Int32: Int64]) {
        entries.withLock { $0.start[topic] = offsets }
    }

    /// Where a reader `from: scenario_start` begins; nil partitions (topic unknown at start) read from the beginning.
    func startOffsets(of topic: String) -> [Int32: Int64]? {
        entries.withLock { $0.start[topic] }
    }

    /// The topics whose start offsets were recorded.
    var recordedTopics: [String] { entries.withLock { Array($0.start.keys) } }

    func recordProduced(_ topic: String, _ position: TopicPartitionOffset) {
        entries.withLock { $0.produced[topic, default: []].append(position) }
    }

    /// A `produce` step's message (not a processor's): a miss's explanation leaves these out.
    func recordSentByStep(_ topic: String, _ position: TopicPartitionOffset) {
        entries.withLock { _ = $0.sentByStep[topic, default: []].insert(position) }
    }

    func sentByStep(_ topic: String) -> Set<TopicPartitionOffset> {
        entries.withLock { $0.sentByStep[topic] ?? [] }
    }

    func producedPositions(_ topic: String) -> [TopicPartitionOffset] {
        entries.withLock { $0.produced[topic] ?? [] }
    }
}

struct TopicPartitionOffset: Hashable, Sendable {
    var partition: Int32
    var offset: Int64
}
