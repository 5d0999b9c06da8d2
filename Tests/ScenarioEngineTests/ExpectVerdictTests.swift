import Foundation
import KafkaClient
import ScenarioResults
import ScenarioSpec
import XCTest
@testable import ScenarioEngine

/// `expect` and `expect_none` verdicts at the edges (issue 21 items 1, 5, 6, 12), against the in-memory broker.
final class ExpectVerdictTests: XCTestCase {
    private var kafka = FakeKafkaSession()

    override func setUp() {
        kafka = FakeKafkaSession()
        kafka.addTopic("orders")
    }

    // MARK: item 5: an expect always checks something

    func testAnExpectWithoutMessagesOrCountNeedsAMessage() throws {
        let (outcome, ctx) = try run("- expect: { topic: orders, within: 300ms }")
        guard case .failed(let failure) = outcome else { return XCTFail("expected a failure, got \(outcome)") }
        XCTAssertTrue(failure.message.contains("message count"), failure.message)
        XCTAssertFalse(ctx.records.metrics.contains { $0.name == "expect.time" }, "no time to receive without a message")
    }

    func testAnExpectWithoutMessagesEndsAtTheFirstMessage() throws {
        kafka.append(topic: "orders", value: #"{"n": 1}"#)
        let started = Date()
        let (outcome, ctx) = try run("- expect: { topic: orders, within: 10s, capture: { n: value.n } }")
        XCTAssertEqual("\(outcome)", "passed")
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
        XCTAssertEqual(ctx.variables.templateContext().variables["n"], .int(1))
    }

    func testUniqueOrSchemaAloneStillNeedAMessage() throws {
        let (outcome, _) = try run("- expect: { topic: orders, within: 300ms, unique: value.id }")
        guard case .failed = outcome else { return XCTFail("expected a failure, got \(outcome)") }
    }

    func testACaptureWithoutAnyMessageFails() throws {
        let (outcome, _) = try run("- expect: { topic: orders, within: 300ms, count: \">= 0\", capture: { n: value.n } }")
        guard case .failed(let failure) = outcome, case .captureWithoutMessage(let name)? = failure.reason else {
            return XCTFail("expected a capture failure, got \(outcome)")
        }
        XCTAssertEqual(name, "n")
    }

    func testExactWithNoExpectedMessagesStillMeansNothingMayArrive() throws {
        let (outcome, _) = try run("- expect: { topic: orders, within: 300ms, messages: [], exact: true }")
        XCTAssertEqual("\(outcome)", "passed")
    }

    // MARK: item 1: a window cut short is an error naming both durations

    func testAnExactCountWhoseWindowOutlastsTheScenarioIsAnError() throws {
        kafka.append(topic: "orders", value: "a")
        for step in ["- expect: { topic: orders, count: 1, within: 5s }",
                     "- expect: { topic: orders, count: \"<= 1\", within: 5s }",
                     "- expect: { topic: orders, messages: [{ value: a }], exact: true, within: 5s }",
                     "- expect: { topic: orders, unique: value, within: 5s }"] {
            let started = Date()
            // A literal timeout shorter than the window is refused by validate (see the golden files); at run time
            // the same happens when earlier steps used up the scenario's time: 1s of 30s is left here.
            let (outcome, _) = try run(step, remaining: 1)
            guard case .error(let failure) = outcome, case .windowCutShort(let window, _)? = failure.reason else {
                XCTFail("\(step): expected an error, got \(outcome)")
                continue
            }
            XCTAssertEqual(window, "5s")
            XCTAssertTrue(failure.message.contains("5s") && failure.message.contains("left"), failure.message)
            XCTAssertLessThan(Date().timeIntervalSince(started), 3)
        }
    }

    func testAnInterruptDuringAWindowThatMustBeWaitedOutIsAnErrorNamingBothDurations() throws {
        kafka.append(topic: "orders", value: "a")
        let cancellation = Cancellation()
        Thread { Thread.sleep(forTimeInterval: 0.3); cancellation.cancel("--timeout 1s reached") }.start()
        let (outcome, _) = try run("- expect: { topic: orders, count: 1, within: 5s }", cancellation: cancellation)
        guard case .error(let failure) = outcome, case .windowInterrupted(let window, _, _)? = failure.reason else {
            return XCTFail("expected an error, got \(outcome)")
        }
        XCTAssertEqual(window, "5s")
        XCTAssertTrue(failure.message.contains("--timeout 1s reached") && failure.message.contains("within: 5s"), failure.message)
    }

    func testAnInterruptDuringExpectNoneIsAnErrorNamingBothDurations() throws {
        let cancellation = Cancellation()
        Thread { Thread.sleep(forTimeInterval: 0.3); cancellation.cancel("SIGINT received") }.start()
        let (outcome, _) = try run("- expect_none: { topic: orders, for: 5s }", cancellation: cancellation)
        guard case .error(let failure) = outcome, case .windowInterrupted(let window, _, _)? = failure.reason else {
            return XCTFail("expected an error, got \(outcome)")
        }
        XCTAssertEqual(window, "5s")
        XCTAssertTrue(failure.message.contains("SIGINT received") && failure.message.contains("for: 5s"), failure.message)
    }

    func testALowerBoundMayEndBeforeTheScenarioDoes() throws {
        kafka.append(topic: "orders", value: "a")
        let (outcome, _) = try run("- expect: { topic: orders, count: \">= 1\", within: 5s }", remaining: 1)
        XCTAssertEqual("\(outcome)", "passed")
    }

    func testAnExactCountWithoutWithinIsJudgedAtTheDeadlineAsAFailure() throws {
        kafka.append(topic: "orders", value: "a")
        let later = kafka
        Thread { Thread.sleep(forTimeInterval: 0.3); later.append(topic: "orders", value: "b") }.start()
        let (outcome, _) = try run("- expect: { topic: orders, count: 1 }", timeout: "1s", allowDiagnostics: true)
        guard case .failed = outcome else { return XCTFail("expected a failure, got \(outcome)") }
    }

    // MARK: item 6: null is a tombstone

    func testValueNullMatchesATombstoneNotTheTextNull() throws {
        let (tombstone, _) = try run("""
            - produce: { topic: orders, key: k, value: null }
            - expect: { topic: orders, within: 2s, messages: [{ key: k, value: null }] }
            """)
        XCTAssertEqual("\(tombstone)", "passed")
        kafka = FakeKafkaSession()
        kafka.addTopic("orders")
        kafka.append(topic: "orders", key: "k", value: "null")
        let (text, _) = try run("- expect: { topic: orders, within: 300ms, messages: [{ key: k, value: null }] }")
        guard case .failed = text else { return XCTFail("the JSON text null is not a tombstone: \(text)") }
        let (typed, _) = try run("- expect: { topic: orders, within: 2s, messages: [{ key: k, value: { $type: \"null\" } }] }")
        XCTAssertEqual("\(typed)", "passed")
    }

    // MARK: item 12: a regex cannot hold a step past its deadline

    func testACatastrophicRegexIsAStepErrorWellWithinTheWindow() throws {
        kafka.append(topic: "orders", value: String(repeating: "a", count: 20_000))
        for step in ["- expect: { topic: orders, within: 3s, messages: [{ value: { $regex: \"(.*.*.*.*)*=\" } }] }",
                     "- expect_none: { topic: orders, for: 1s, matching: { value: { $regex: \"(.*.*.*.*)*=\" } } }"] {
            let started = Date()
            let (outcome, _) = try run(step)
            guard case .error(let failure) = outcome, case .regexOverBudget(let pattern, _)? = failure.reason else {
                XCTFail("\(step): expected an error, got \(outcome)")
                continue
            }
            XCTAssertEqual(pattern, "(.*.*.*.*)*=")
            XCTAssertLessThan(Date().timeIntervalSince(started), 3)
        }
    }

    // MARK: helpers

    /// Runs the steps of a one-scenario file; the outcome of the first step that does not pass (or the last).
    private func run(_ steps: String, timeout: String = "30s", remaining: Double? = nil, allowDiagnostics: Bool = false,
                     cancellation: Cancellation = Cancellation()) throws -> (StepExecutor.Outcome, ScenarioContext) {
        let indented = steps.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }.joined(separator: "\n")
        let yaml = """
            suite: verdicts
            topics: [{ name: orders }]
            scenarios:
              - name: one
                timeout: \(timeout)
                steps:
            \(indented)
            """
        let loaded = SpecLoader().load(bytes: Array(yaml.utf8), file: "verdicts.yaml")
        let scenario = try XCTUnwrap(loaded.suite?.scenarios.first, "\(loaded.diagnostics)")
        if !allowDiagnostics { XCTAssertTrue(loaded.diagnostics.filter { $0.severity == .error }.isEmpty, "\(loaded.diagnostics)") }
        let ctx = ScenarioContext(session: kafka, runID: "test", suiteName: "verdicts", scenarioName: scenario.name,
                                  scenarioFile: "verdicts.yaml", topicNames: [:], variables: [:], environment: [:],
                                  cancellation: cancellation, registry: TopicRegistry(), isolationID: "test.1")
        let deadline = ctx.clock.begin(timeout: remaining ?? scenario.timeout.seconds)
        let executor = StepExecutor(ctx: ctx, progress: { _, _, _ in })
        var last: StepExecutor.Outcome?
        for step in scenario.steps {
            let (outcome, _) = executor.execute(step, deadline: deadline)
            last = outcome
            guard case .passed = outcome else { break }
        }
        return (try XCTUnwrap(last), ctx)
    }
}
