import Foundation

/// One shard's share of a `load` step (`run --shard I/N`, N > 1), with what `report` needs to merge
/// the shards exactly: counts add up, the latency histograms merge, and the thresholds are judged
/// on the merged figures (a shard judges none of them on its own share).
public struct LoadShare: Codable, Sendable, Equatable {
    /// The step's topic as declared.
    public var topic: String
    /// The shard that sent it, e.g. "2/4".
    public var shard: String
    /// The step's `messages`: every shard's shares together.
    public var messages: Int
    /// This shard's key space: sequence numbers `firstSequence ..< firstSequence + count`.
    public var firstSequence: Int
    public var count: Int
    public var acknowledged: Int
    public var received: Int
    public var duplicates: Int
    /// Wall-clock times in seconds since 1970-01-01 UTC (results.json's dates keep only whole
    /// seconds): the first send, the last acknowledgement, the last message read back.
    public var startedAt: Double
    public var producedAt: Double?
    public var lastArrival: Double?
    /// Send→receive latencies in microseconds, in HdrHistogram's compressed form (nil: none measured).
    public var latency: String?
    /// The step's thresholds, to be judged on the merged figures.
    public var thresholds: [LoadThreshold]

    public init(topic: String, shard: String, messages: Int, firstSequence: Int, count: Int, acknowledged: Int, received: Int,
                duplicates: Int, startedAt: Double, producedAt: Double?, lastArrival: Double?, latency: String?, thresholds: [LoadThreshold]) {
        self.topic = topic
        self.shard = shard
        self.messages = messages
        self.firstSequence = firstSequence
        self.count = count
        self.acknowledged = acknowledged
        self.received = received
        self.duplicates = duplicates
        self.startedAt = startedAt
        self.producedAt = producedAt
        self.lastArrival = lastArrival
        self.latency = latency
        self.thresholds = thresholds
    }
}

/// A load threshold as data: `metric` (e.g. "load.latency.p99") must compare to `bound` (seconds,
/// per second or a count) by `op` ("<", "<=", "==", "!=", ">", ">="); `written` is how the file said it.
public struct LoadThreshold: Codable, Sendable, Equatable {
    public var metric: String
    public var op: String
    public var bound: Double
    public var written: String

    public init(metric: String, op: String, bound: Double, written: String) {
        self.metric = metric
        self.op = op
        self.bound = bound
        self.written = written
    }

    public func holds(for value: Double) -> Bool {
        switch op {
        case "<": return value < bound
        case "<=": return value <= bound
        case "==": return value == bound
        case "!=": return value != bound
        case ">": return value > bound
        case ">=": return value >= bound
        default: return false
        }
    }
}
