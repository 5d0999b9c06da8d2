import Foundation
import KafkaClient
import ScenarioSpec

/// Reads one topic for a step: by partition assignment from a start position (no group join),
/// or as a member of a consumer group.
final class TopicReader {
    let topic: (declared: String, real: String)
    private let consumer: any TopicConsumer
    private let ctx: ScenarioContext

    /// Waits until `deadline` for the topic to exist, or until `keepWaiting` turns false.
    /// `properties`: consumer properties over the session's defaults (the user's still win).
    /// `partitions`: only these, known to exist (without a group); nil: every partition.
    init(_ ctx: ScenarioContext, topic: (declared: String, real: String), from: StartPosition, group: String?,
         deadline: Deadline, properties: [String: String] = [:], partitions only: [Int32]? = nil,
         keepWaiting: () -> Bool = { true }) throws {
        self.ctx = ctx
        self.topic = topic
        consumer = try StepError.fromKafka { try ctx.session.makeConsumer(group: group, properties: properties) }
        if group != nil {
            try StepError.fromKafka { try consumer.subscribe([topic.real]) }
            return
        }
        let partitions = try only ?? Self.partitions(ctx, topic: topic, deadline: deadline, keepWaiting: keepWaiting)
        let current = (from == .end || from == .now) ? try StepError.fromKafka { try ctx.session.endOffsets(of: topic.real, timeout: deadline.remaining) } : [:]
        let start = ctx.offsets.startOffsets(of: topic.real) ?? [:]
        let assignment: [(TopicPartition, Offset)] = partitions.map { p in
            let tp = TopicPartition(topic: topic.real, partition: p)
            switch from {
            case .beginning: return (tp, .beginning)
            case .end, .now: return (tp, current[p].map { .exact($0) } ?? .beginning)
            case .scenarioStart: return (tp, start[p].map { .exact($0) } ?? .beginning)
            }
        }
        try StepError.fromKafka { try consumer.assign(assignment) }
    }

    /// The next message, or nil when none arrived before the deadline (or a short slice of it).
    /// Throws once every broker is down: an empty read then proves nothing.
    func next(until deadline: Deadline, slice: Double = 0.05) throws -> Message? {
        try ctx.cancellation.check()
        try ctx.processors.check()
        let wait = min(deadline.remaining, slice)
        let message = try StepError.fromKafka { try consumer.next(timeout: wait) }
        if message == nil, let reason = consumer.takeAllBrokersDown() {
            try Self.confirmBrokerAnswers(ctx, reading: topic.declared, reason: reason)
        }
        // Another scenario's or attempt's message (its traceparent) is not this one's: left out, counted (§1.7).
        return message.flatMap { ctx.trace.admit($0, topic: topic.declared) }
    }

    /// Lends the messages waiting (up to `max`), or else the first to arrive within the slice, to
    /// `body` without copying them (`Consumer.pollBatch`); 0 when none arrived. Throws as `next` does.
    func nextBatch(until deadline: Deadline, slice: Double = 0.05, max: Int, _ body: (BorrowedMessage) -> Void) throws -> Int {
        try ctx.cancellation.check()
        try ctx.processors.check()
        let wait = min(deadline.remaining, slice)
        let count = try StepError.fromKafka { try consumer.nextBatch(timeout: wait, max: max, body) }
        if count == 0, let reason = consumer.takeAllBrokersDown() {
            try Self.confirmBrokerAnswers(ctx, reading: topic.declared, reason: reason)
        }
        return count
    }

    /// For a step that ends by waiting out its window: it read everything only if the broker still answers.
    func confirmBrokerAnswers() throws {
        try Self.confirmBrokerAnswers(ctx, reading: topic.declared, reason: consumer.takeAllBrokersDown())
    }

    /// Throws `brokerLost` unless the cluster answers a metadata request now (an outage that is
    /// over lost nothing: the reader resumes where it was).
    static func confirmBrokerAnswers(_ ctx: ScenarioContext, reading topic: String, reason: String?) throws {
        do {
            _ = try ctx.session.metadata(topics: nil, timeout: probeTimeout)
        } catch let error as KafkaError {
            throw StepError.lostBroker(ctx.session, reading: topic, reason: reason ?? error.description)
        }
    }

    static let probeTimeout = 1.0

    /// The partitions the consumer holds now (a group member's assignment).
    var assignment: [TopicPartition] { consumer.assignment() }

    func close() { consumer.close() }

    deinit { consumer.close() }

    /// The topic's partitions, once it exists: waits until `deadline`, or until `keepWaiting` turns false.
    static func partitions(_ ctx: ScenarioContext, topic: (declared: String, real: String),
                           deadline: Deadline, keepWaiting: () -> Bool = { true }) throws -> [Int32] {
        while true {
            let found: [Int32]?
            do {
                found = try ctx.session.partitions(of: topic.real, timeout: max(0.1, min(deadline.remaining, 5)))
            } catch let error as KafkaError {
                // A metadata request for the whole cluster went unanswered: the broker is gone.
                throw StepError.lostBroker(ctx.session, reading: topic.declared, reason: error.description)
            }
            if let parts = found { return parts }
            if deadline.hasPassed || !keepWaiting() {
                throw StepError.kafka(name: "UNKNOWN_TOPIC_OR_PART", message: "topic '\(topic.declared)' does not exist")
            }
            try ctx.cancellation.check()
            Thread.sleep(forTimeInterval: min(0.05, deadline.remaining))
        }
    }
}
