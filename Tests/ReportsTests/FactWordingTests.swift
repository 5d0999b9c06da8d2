import Foundation
import XCTest
import ScenarioResults
@testable import Reports

/// Every fact and failure kind has Korean words: the only Latin letters left are the values it carries.
final class FactWordingTests: XCTestCase {
    static let facts: [Fact] = [
        .connected(brokers: 3, controller: 0, clusterID: "mockCluster1"),
        .topicExists(topic: "orders", partitions: 3, config: [KeyValue("retention.ms", "60000")]),
        .topicAbsent(topic: "orders"), .topicsCreated(topics: ["orders", "audit"]), .topicsDeleted(topics: ["orders"]),
        .produced(topic: "orders", count: 1), .produced(topic: "orders", count: 30),
        .received(topic: "orders", expected: 1), .received(topic: "orders", expected: 2),
        .receivedCount(topic: "orders", count: 100),
        .nothingArrived(topic: "orders", matching: true, duration: "200ms"),
        .groupsReceived(topic: "orders", groups: 2, members: 2), .groupsReceived(topic: "orders", groups: 1, members: 2),
        .errorAsExpected(name: "TOPIC_EXCEPTION"),
        .flow(from: "orders", processor: "enricher", to: "audit", count: 1),
        .faultInjected(fault: .brokerDown(broker: 1), duration: "2s"), .faultInjected(fault: .brokerUp(broker: 1), duration: nil),
        .faultInjected(fault: .roundTrip(broker: 1, delay: "200ms"), duration: nil),
        .faultInjected(fault: .requestErrors(api: "Produce", errors: ["NOT_LEADER_OR_FOLLOWER"]), duration: nil),
        .loadReadBack(topic: "orders", produced: 1000, received: 1000, lost: 0, duplicates: 0),
        .httpAnswered(request: "POST http://127.0.0.1:8000/spin", status: 200),
        .commandEnded(command: "./load-fixtures.sh r1", exitCode: 0, signal: nil),
        .commandEnded(command: "./load-fixtures.sh r1", exitCode: nil, signal: 9),
        .loadShareSent(topic: "orders", shard: "2/4", count: 250, messages: 1000), .loadMerged(topic: "orders", shards: 4, messages: 1000),
        .settled(group: "enricher", afterMs: 240), .notSettled(group: "enricher", neverCommitted: true, behind: []),
        .notSettled(group: "enricher", neverCommitted: false, behind: ["orders[0] 3/5"]),
        .otherScenarioMessagesIgnored(topic: "orders", scenario: "A-1", attempt: 1, count: 2),
        .otherScenarioMessagesIgnored(topic: "orders", scenario: "A-1", attempt: 2, count: 1),
    ]

    static let difference = Difference(path: "value.amount", expected: ">= 100", actual: "50")
    static let reasons: [FailureReason] = [
        .messagesNotFound(topic: "orders", missing: 1, expected: 2, seen: 3, within: "5.00s", closest: [difference],
                          unmet: [UnmetMessage(index: 1, line: 12, closest: "{}", differences: [difference])], moreUnmet: 0),
        .threshold(metric: "expect.count", topic: "orders", group: nil, expected: "3", actual: "2"),
        .threshold(metric: "consumer_group.per_group", topic: "orders", group: 1, expected: ">= 5", actual: "2"),
        .threshold(metric: "expect.latency.p95", topic: "orders", group: nil, expected: "< 1s", actual: "1.20s"),
        .all([.threshold(metric: "load.lost", topic: "orders", group: nil, expected: "0", actual: "3")]),
        .deliveryTimeout(topic: "orders", acknowledged: 10, count: 100, within: "1.00s", unsent: 90),
        .slowAcknowledgement(slowest: "2.00s", within: "1s"),
        .topicMissing(topic: "orders"), .topicUnexpected(topic: "orders"),
        .topicConfigDiffers(topic: "orders", differences: [ConfigDifference(key: "retention.ms", expected: "1000", actual: nil)]),
        .controller(expected: true, actual: nil), .controller(expected: false, actual: 1),
        .unexpectedMessage(topic: "orders", matching: false), .unmatchedMessage, .orderBroken(expected: 2, arrivedBefore: 1),
        .groupMissedMessages(group: 1, groups: 2, received: 3, produced: 5, topic: "orders", within: "5.00s"),
        .memberCount(member: 2, group: 1, received: 0, expected: ">= 1", perMember: [4, 0]),
        .captureMissing(name: "total", path: "value.total"),
        .uniqueMissing(path: "value.id", topic: "orders", at: MessagePosition(partition: "0", offset: "3")),
        .duplicate(path: "value.id", value: "\"A-1\"", topic: "orders", first: MessagePosition(partition: "0", offset: "0"),
                   second: MessagePosition(partition: "0", offset: "2")),
        .windowDoesNotFit(duration: "10s", remaining: "2.00s"), .nothingProducedBefore(topic: "orders"),
        .unreadableValueFile(path: "orders.json"),
        .noLatency(topic: "orders"), .expectedErrorMissing(expected: nil), .expectedErrorMissing(expected: "TOPIC_EXCEPTION"),
        .wrongError(expected: "TOPIC_EXCEPTION", actual: "UNKNOWN_TOPIC_OR_PART", message: "Broker: Unknown topic or partition"),
        .unexpectedPass(reason: "이유"), .embeddedCannot(.replication), .embeddedCannot(.describeConfigs),
        .embeddedCannot(.deleteTopics), .embeddedCannot(.controller), .groupForming(holding: [[0, 1]], slowMock: true, then: nil), .filteredByTags(tags: ["smoke"]), .filteredBySkipTag(tag: "slow"),
        .filteredByName(filter: "orders"), .stoppedByFailFast, .interrupted(why: "SIGINT"),
        .faultNeedsEmbedded(bootstrapServers: "localhost:9092"), .processorFailed(processor: "enricher", problem: "문제"),
        .lostWhileReading(embedded: true, bootstrapServers: "127.0.0.1:1", topic: "orders", detail: "1/1 brokers are down"),
        .notRunBrokerLost(bootstrapServers: "localhost:9092", detail: "1/1 brokers are down"),
        .brokerStoppedAnswering(bootstrapServers: "localhost:9092", detail: "1/1 brokers are down",
                                then: .topicMissing(topic: "orders"), thenMessage: "topic 'orders' does not exist"),
        .wrongSchema(schema: "reward", expectedID: 2, writtenID: 1, topic: "orders", at: MessagePosition(partition: "0", offset: "3")),
        .wrongSchema(schema: "reward", expectedID: 2, writtenID: nil, topic: "orders", at: MessagePosition(partition: "0", offset: "3")),
        .schemaMisfit(role: "value", schema: "reward", problem: "value.amount"),
        .wrongMessage(schema: "reward", id: 2, expectedMessage: "game.Reward", writtenMessage: "game.Spin", topic: "orders",
                      at: MessagePosition(partition: "0", offset: "3")),
        .regexOverBudget(pattern: "(.*.*)*=", budget: "500ms"), .windowCutShort(window: "5s", available: "1.00s"),
        .captureWithoutMessage(name: "total"), .windowInterrupted(window: "30s", after: "1.00s", why: "SIGINT"),
        .serviceFailedOnStop(service: "backend", exitCode: 3, signal: nil),
        .serviceFailedOnStop(service: "backend", exitCode: nil, signal: 11),
        .settleGroupUnknown(group: "enricher"), .settleNeedsServiceGroup(services: []), .settleNeedsServiceGroup(services: ["backend", "audit"]),
    ]

    /// The values above, Kafka names and units: what may stay in Latin letters.
    static let values: Set<String> = [
        "mockCluster1", "game.Reward", "game.Spin", "orders", "audit", "retention.ms", "ms", "s", "TOPIC_EXCEPTION", "enricher", "Produce",
        "NOT_LEADER_OR_FOLLOWER", "value.amount", "value.total", "total", "value.id", "A-1", "UNKNOWN_TOPIC_OR_PART",
        "Broker", "Unknown topic or partition", "librdkafka mock cluster", "DescribeConfigs", "DeleteTopics", "ID", "smoke",
        "slow", "SIGINT", "localhost", "brokers are down", "unique", "capture", "exact", "true", "fail-fast", "fault", "min", "p95",
        "expect_none", "for", "timeout", "per_group", "all", "value_file", "orders.json",
        "POST", "http", "spin", "load-fixtures.sh", "r1", "reward", "id", "value_schema", "settle", "service", "ready.group", "group", "regex", "backend",
    ]

    private func latinRuns(_ text: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: "[A-Za-z][A-Za-z0-9_.-]*(?: [A-Za-z][A-Za-z0-9_.-]*)*")
        return pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range, in: text).map { String(text[$0]) }
        }
    }

    /// Latin runs that are neither a value nor made of values ("ID mockCluster1").
    private func foreign(_ text: String) -> [String] {
        latinRuns(text).filter { run in
            !Self.values.contains(run) && !run.split(separator: " ").allSatisfy { Self.values.contains(String($0)) }
        }
    }

    func testEveryFactKindHasKoreanWords() {
        for fact in Self.facts {
            let korean = FactWording.words(fact, .ko)
            XCTAssertEqual(foreign(korean), [], "\(fact): \(korean)")
            XCTAssertNotEqual(korean, FactWording.words(fact, .en))
        }
    }

    func testEveryFailureKindHasKoreanWords() {
        for reason in Self.reasons {
            let failure = Failure(message: "English message", type: "T", details: "English details", reason: reason)
            let korean = FailureWording.message(failure, .ko)
            XCTAssertEqual(foreign(korean), [], "\(reason): \(korean)")
            XCTAssertEqual(FailureWording.message(failure, .en), "English message")
        }
        let notFound = Failure(message: "m", type: "MessageNotFound", details: "English details", reason: Self.reasons[0])
        XCTAssertEqual(FailureWording.details(notFound, .ko),
                       "기대한 메시지 #1 (12행)을(를) 찾지 못함.\n  가장 가까운 메시지:\n    {}\n  차이:\n    value.amount: 기대값 >= 100, 실제값 50")
        XCTAssertEqual(FailureWording.details(notFound, .en), "English details")
    }

    /// A failure no step gave a reason (a librdkafka error, a step kind that records none) reads as written.
    /// The lists above hold every kind the results model declares, so every kind is worded in both languages and
    /// checked against schema/results.schema.json (ResultsSchemaFixtureTests) from the day it is added.
    func testTheListsHoldEveryKindOfFactAndReason() throws {
        func declared(_ file: String, enumNamed name: String, until end: String?) throws -> Set<String> {
            let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Sources/ScenarioResults/\(file)")
            var text = try String(contentsOf: sources, encoding: .utf8)
            text = String(text[try XCTUnwrap(text.range(of: "public enum \(name)")).lowerBound...])
            if let end, let cut = text.range(of: end) { text = String(text[..<cut.lowerBound]) }
            let pattern = try NSRegularExpression(pattern: #"^\s*(?:indirect )?case (\w+)"#, options: .anchorsMatchLines)
            return Set(pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
                Range($0.range(at: 1), in: text).map { String(text[$0]) }
            })
        }
        func listed(_ values: [Any]) -> Set<String> { Set(values.map { Mirror(reflecting: $0).children.first?.label ?? "\($0)" }) }
        let facts = try declared("Fact.swift", enumNamed: "Fact", until: "public enum FaultFact").subtracting(["text"])
        XCTAssertEqual(facts.subtracting(listed(Self.facts)), [], "facts missing from FactWordingTests.facts")
        let reasons = try declared("FailureReason.swift", enumNamed: "FailureReason", until: "\n}\n")
        XCTAssertEqual(reasons.subtracting(listed(Self.reasons)), [], "reasons missing from FactWordingTests.reasons")
    }

    func testAFailureWithoutReasonKeepsItsText() {
        let failure = Failure(message: "UNKNOWN_TOPIC_OR_PART: Broker: Unknown topic", type: "UNKNOWN_TOPIC_OR_PART", details: "d")
        XCTAssertEqual(FailureWording.message(failure, .ko), failure.message)
        XCTAssertEqual(FailureWording.details(failure, .ko), "d")
        XCTAssertEqual(FactWording.words(.text(sentence: "http GET /health answered 200"), .ko), "http GET /health answered 200")
    }

    func testMetricLabelsInKorean() {
        let metric = Metric(name: "expect.time", label: "time to receive (orders)", value: 1, unit: .seconds, threshold: "<= 5s")
        XCTAssertEqual(MetricWording.label(metric, .ko), "수신 시간 (orders)")
        XCTAssertEqual(MetricWording.label(metric, .en), "time to receive (orders)")
        let latency = Metric(name: "load.latency.p99", label: "p99 latency (orders)", value: 1, unit: .seconds)
        XCTAssertEqual(MetricWording.label(latency, .ko), "p99 지연 시간 (orders)")
        let unknown = Metric(name: "http.time", label: "response time (GET /health)", value: 1, unit: .seconds)
        XCTAssertEqual(MetricWording.label(unknown, .ko), "response time (GET /health)")
    }
}
