/// What a step verified, as data: a kind and its values, never a finished sentence. Each report words
/// it in its language (Reports/FactWording.swift). Encoded in results.json as `{"produced": {"topic": …}}`.
public enum Fact: Codable, Sendable, Equatable, ExpressibleByStringLiteral {
    /// A sentence as a step wrote it: for step kinds that record no structured fact yet, and for
    /// results.json files written before facts existed. Shown as written in every language.
    case text(sentence: String)
    case connected(brokers: Int, controller: Int?, clusterID: String?)
    /// `topic` found with its partition count and, when the step checked them, its configs.
    case topicExists(topic: String, partitions: Int, config: [KeyValue])
    case topicAbsent(topic: String)
    case topicsCreated(topics: [String])
    case topicsDeleted(topics: [String])
    case produced(topic: String, count: Int)
    /// `expected` expected messages were found on `topic`.
    case received(topic: String, expected: Int)
    /// An `expect` without expected messages: `count` messages were read.
    case receivedCount(topic: String, count: Int)
    /// Nothing (nothing matching, when `matching`) arrived on `topic` for `duration` (as written, e.g. "500ms").
    case nothingArrived(topic: String, matching: Bool, duration: String)
    case groupsReceived(topic: String, groups: Int, members: Int)
    /// An `expect_error` that happened: the librdkafka error name.
    case errorAsExpected(name: String)
    case flow(from: String, processor: String, to: String, count: Int)
    case faultInjected(fault: FaultFact, duration: String?)
    case loadReadBack(topic: String, produced: Int, received: Int, lost: Int, duplicates: Int)
    /// Under `--shard I/N`: this shard sent `count` of the load's `messages`; its thresholds wait for `report`.
    case loadShareSent(topic: String, shard: String, count: Int, messages: Int)
    /// In a merged report: the load's figures and thresholds are those of `shards` shards' results merged.
    case loadMerged(topic: String, shards: Int, messages: Int)
    /// An `http` step's request (method and URL, secrets masked) and the status it was answered with.
    case httpAnswered(request: String, status: Int)
    /// An `exec` step's command line and how it ended: its exit code, or the signal that ended it.
    case commandEnded(command: String, exitCode: Int?, signal: Int?)
    /// `settle:`: `group` had committed past everything written to its input topics and stayed quiet,
    /// `afterMs` into the step's window, which then ended.
    case settled(group: String, afterMs: Int)
    /// `settle:` but the window ran out first: the group never committed, or these partitions
    /// (`topic[p] committed/end`) were behind; the step was judged on its whole window.
    case notSettled(group: String, neverCommitted: Bool, behind: [String])
    /// Messages on `topic` that carried the `traceparent` of another scenario (or attempt) of the run: left out of matching.
    case otherScenarioMessagesIgnored(topic: String, scenario: String, attempt: Int, count: Int)

    public init(stringLiteral value: String) { self = .text(sentence: value) }
}

public enum FaultFact: Codable, Sendable, Equatable {
    case brokerDown(broker: Int)
    case brokerUp(broker: Int)
    case roundTrip(broker: Int, delay: String)
    case requestErrors(api: String, errors: [String])
}

/// `verified` in results.json: facts; a plain string (files written before facts) reads as `.text`.
@propertyWrapper
public struct FactList: Codable, Sendable {
    public var wrappedValue: [Fact]
    public init(wrappedValue: [Fact]) { self.wrappedValue = wrappedValue }

    public init(from decoder: Decoder) throws {
        var container = try decoder.unkeyedContainer()
        var facts: [Fact] = []
        while !container.isAtEnd {
            if let sentence = try? container.decode(String.self) {
                facts.append(.text(sentence: sentence))
            } else {
                facts.append(try container.decode(Fact.self))
            }
        }
        wrappedValue = facts
    }

    public func encode(to encoder: Encoder) throws {
        try wrappedValue.encode(to: encoder)
    }
}
