import KafkaClient
import ScenarioResults
import ScenarioSpec
import XCTest
@testable import ScenarioEngine

/// The produce, expect, expect_none and consumer_group runners against an in-memory broker:
/// each with an outcome that passes and one that must not.
final class StepRunnerTests: XCTestCase {
    private var kafka = FakeKafkaSession()

    override func setUp() {
        kafka = FakeKafkaSession()
        kafka.addTopic("orders")
    }

    // MARK: produce

    func testProduceDeliveredPasses() throws {
        let (outcomes, ctx) = try run("""
            - produce: { topic: orders, count: 3, key: "k{{ index }}", value: { n: "{{ index }}" } }
            """)
        assertPassed(outcomes)
        XCTAssertEqual(kafka.messages(of: "orders").map { String(decoding: $0.key ?? [], as: UTF8.self) }, ["k0", "k1", "k2"])
        XCTAssertEqual(Set(ctx.offsets.producedPositions("orders").map(\.offset)), [0, 1, 2])
        XCTAssertEqual(ctx.records.verified, [.produced(topic: "orders", count: 3)])
    }

    func testValueFileTravelsByteForByte() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("value-file-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let binary = folder.appendingPathComponent("binary.bin"), json = folder.appendingPathComponent("spaced.json")
        try Data([0x80, 0xFF, 0x00, 0x41]).write(to: binary)
        try Data("{ \"a\" :  1 }\n".utf8).write(to: json)
        let (outcomes, _) = try run("""
            - produce: { topic: orders, value_file: \(binary.path) }
            - produce: { topic: orders, value_file: \(json.path) }
            """)
        assertPassed(outcomes)
        XCTAssertEqual(kafka.messages(of: "orders").map(\.value), [[0x80, 0xFF, 0x00, 0x41], Array("{ \"a\" :  1 }\n".utf8)])
    }

    func testProduceRefusedByTheBrokerIsAnError() throws {
        kafka.refuseDeliveries(KafkaError(code: 10, name: "MSG_SIZE_TOO_LARGE", message: "Broker: Message size too large"))
        let (outcomes, ctx) = try run("""
            - produce: { topic: orders, count: 2, value: x }
            """)
        guard case .error(let failure) = outcomes.first else { return XCTFail("expected an error, got \(outcomes)") }
        XCTAssertEqual(failure.type, "MSG_SIZE_TOO_LARGE")
        XCTAssertTrue(failure.message.contains("2 of 2 deliveries to 'orders' failed"), failure.message)
        XCTAssertTrue(ctx.records.verified.isEmpty)
    }

    // MARK: expect

    func testExpectPassesWhenTheMessageArrives() throws {
        kafka.append(topic: "orders", value: #"{"order_id": 7, "status": "placed"}"#)
        let (outcomes, ctx) = try run("""
            - expect:
                topic: orders
                within: 5s
                messages: [{ value: { order_id: 7 } }]
                capture: { status: value.status }
            """)
        assertPassed(outcomes)
        XCTAssertEqual(ctx.variables.templateContext().variables["status"], .string("placed"))
        XCTAssertEqual(ctx.records.verified, [.received(topic: "orders", expected: 1)])
    }

    func testExpectFailsWithTheReasonWhenADifferentMessageArrives() throws {
        kafka.append(topic: "orders", value: #"{"order_id": 8}"#)
        let (outcomes, _) = try run("""
            - expect:
                topic: orders
                within: 300ms
                messages: [{ value: { order_id: 7 } }]
            """)
        guard case .failed(let failure) = outcomes.first else { return XCTFail("expected a failure, got \(outcomes)") }
        XCTAssertEqual(failure.type, "MessageNotFound")
        XCTAssertTrue(failure.message.contains("1 of 1 expected messages not found on 'orders'"), failure.message)
        XCTAssertTrue(failure.message.contains("(1 seen)"), failure.message)
        XCTAssertTrue(failure.message.contains("order_id"), "the closest difference names the field: \(failure.message)")
    }

    // MARK: expect_none

    func testExpectNonePassesWhenNothingArrives() throws {
        let (outcomes, ctx) = try run("""
            - expect_none: { topic: orders, for: 200ms }
            """)
        assertPassed(outcomes)
        XCTAssertEqual(ctx.records.verified, [.nothingArrived(topic: "orders", matching: false, duration: "200ms")])
    }

    func testExpectNoneFailsWhenAMessageArrives() throws {
        kafka.append(topic: "orders", value: #"{"event_type": "error"}"#)
        let (outcomes, _) = try run("""
            - expect_none: { topic: orders, for: 2s, matching: { value: { event_type: error } } }
            """)
        guard case .failed(let failure) = outcomes.first else { return XCTFail("expected a failure, got \(outcomes)") }
        XCTAssertEqual(failure.type, "UnexpectedMessage")
        XCTAssertEqual(failure.message, "a matching message arrived on 'orders' where none was expected")
    }

    // MARK: consumer_group

    func testConsumerGroupPassesWhenEveryGroupGetsEveryMessage() throws {
        kafka.addTopic("games", partitions: 3)
        let (outcomes, ctx) = try run("""
            - produce: { topic: games, count: 12, value: { seq: "{{ index }}" } }
            - consumer_group:
                topic: games
                groups: 2
                members: 2
                within: 10s
                expect: { per_group: all, duplicates: 0 }
            """)
        assertPassed(outcomes)
        XCTAssertEqual(ctx.records.verified.last, .groupsReceived(topic: "games", groups: 2, members: 2))
    }

    func testConsumerGroupFailsWhenOneGroupMissesMessages() throws {
        kafka.hide(offsets: [0, 1], fromGroupsEndingIn: ".g2")
        let (outcomes, _) = try run("""
            - produce: { topic: orders, count: 5, value: x }
            - consumer_group:
                topic: orders
                groups: 2
                within: 500ms
                expect: { per_group: all }
            """)
        assertPassed([outcomes[0]])
        guard case .failed(let failure) = outcomes.last else { return XCTFail("expected a failure, got \(outcomes)") }
        XCTAssertEqual(failure.type, "MessagesMissing")
        XCTAssertTrue(failure.message.hasPrefix("group 2 of 2 received 3 of the 5 messages produced to 'orders'"), failure.message)
    }

    /// The consumer_group step waits on `Arrivals` instead of sleeping in a loop.
    func testArrivalsWakeTheWaiterAtTheNextMessage() {
        let arrivals = Arrivals()
        Thread { arrivals.arrived() }.start()
        XCTAssertEqual(arrivals.wait(after: 0, until: .after(60)), 1)
        XCTAssertEqual(arrivals.wait(after: 1, until: .after(-1)), 1, "a deadline that passed ends the wait with nothing new")
    }

    // MARK: helpers

    /// Runs the steps of a one-scenario file, in order until one does not pass.
    private func run(_ steps: String) throws -> ([StepExecutor.Outcome], ScenarioContext) {
        let indented = steps.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }.joined(separator: "\n")
        let yaml = """
            suite: runner test
            topics: [{ name: orders }, { name: games, partitions: 3 }]
            scenarios:
              - name: one
                timeout: 30s
                steps:
            \(indented)
            """
        let loaded = SpecLoader().load(bytes: Array(yaml.utf8), file: "runner-test.yaml")
        let scenario = try XCTUnwrap(loaded.suite?.scenarios.first, "\(loaded.diagnostics)")
        let ctx = ScenarioContext(session: kafka, runID: "test", suiteName: "runner test", scenarioName: scenario.name,
                                  scenarioFile: "runner-test.yaml", topicNames: [:], variables: [:], environment: [:],
                                  cancellation: Cancellation(), registry: TopicRegistry(), isolationID: "test.1")
        let deadline = ctx.clock.begin(timeout: scenario.timeout.seconds)
        let executor = StepExecutor(ctx: ctx, progress: { _, _, _ in })
        var outcomes: [StepExecutor.Outcome] = []
        for step in scenario.steps {
            let (outcome, _) = executor.execute(step, deadline: deadline)
            outcomes.append(outcome)
            guard case .passed = outcome else { break }
        }
        return (outcomes, ctx)
    }

    private func assertPassed(_ outcomes: [StepExecutor.Outcome], file: StaticString = #filePath, line: UInt = #line) {
        for outcome in outcomes {
            guard case .passed = outcome else { return XCTFail("expected every step to pass, got \(outcome)", file: file, line: line) }
        }
    }
}
