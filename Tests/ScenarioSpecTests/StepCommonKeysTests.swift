import XCTest
@testable import ScenarioSpec

/// `name:` and `expect_error:` beside the step key or inside its mapping, and error names.
final class StepCommonKeysTests: XCTestCase {
    private func steps(_ stepsYAML: String) -> (steps: [Step], errors: [String], diagnostics: [Diagnostic]) {
        let (suite, diagnostics) = loadSpec("name: s\ntopics: [{ name: orders }]\nsteps:\n" + stepsYAML)
        return (suite?.scenarios.first?.steps ?? [], errors(diagnostics), diagnostics)
    }

    func testExpectErrorAndNameInsideTheProduceMappingAsInTheDesignExample() throws {
        let loaded = steps("""
              - produce:
                  topic: "invalid topic!"
                  value: x
                  name: send to a bad topic
                  expect_error: TOPIC_EXCEPTION
            """)
        XCTAssertEqual(loaded.errors, [])
        let step = try XCTUnwrap(loaded.steps.first)
        XCTAssertEqual(step.expectError, .named("TOPIC_EXCEPTION"))
        XCTAssertEqual(step.name, "send to a bad topic")
    }

    func testBesideTheStepKeyStillWorks() throws {
        let loaded = steps("""
              - produce: { topic: orders, value: x }
                name: send
                expect_error: any
            """)
        XCTAssertEqual(loaded.errors, [])
        XCTAssertEqual(loaded.steps.first?.expectError, .any)
        XCTAssertEqual(loaded.steps.first?.name, "send")
    }

    func testInsideEveryMappingStepKind() throws {
        let loaded = steps("""
              - cluster: { brokers: ">= 1", expect_error: any }
              - expect_none: { topic: orders, for: 1s, expect_error: any }
              - fault: { broker_down: 1, expect_error: any, name: down }
              - topic: { name: orders, expect_error: UNKNOWN_TOPIC_OR_PART }
            """)
        XCTAssertEqual(loaded.errors, [])
        XCTAssertEqual(loaded.steps.map(\.expectError), [.any, .any, .any, .named("UNKNOWN_TOPIC_OR_PART")])
        XCTAssertEqual(loaded.steps.map(\.name), [nil, nil, "down", nil])
    }

    func testNameInsideTopicStaysTheTopicsName() throws {
        let loaded = steps("  - topic: { name: orders, partitions: 1 }\n")
        XCTAssertEqual(loaded.errors, [])
        let step = try XCTUnwrap(loaded.steps.first)
        XCTAssertNil(step.name)
        guard let topic = step.kind as? TopicStep, case .literal(.string("orders")) = topic.name else {
            return XCTFail("the topic step lost its name: \(step.kind)")
        }
    }

    func testTheSameKeyInBothPlacesIsAnErrorAtTheSecond() throws {
        let loaded = steps("""
              - produce:
                  topic: orders
                  value: x
                  expect_error: any
                expect_error: TOPIC_EXCEPTION
              - name: first
                produce: { topic: orders, value: x, name: second }
            """)
        XCTAssertEqual(loaded.errors, [
            "'expect_error' is given twice for this step: beside 'produce' and inside it",
            "'name' is given twice for this step: beside 'produce' and inside it",
        ])
        let lines = loaded.diagnostics.filter { $0.severity == .error }.map(\.location.line)
        XCTAssertEqual(lines, [8, 10], "each at the later of the two")
        XCTAssertEqual(loaded.steps.count, 0)
    }

    func testMisspelledErrorNameIsAnErrorWithDidYouMean() throws {
        let loaded = steps("  - produce: { topic: orders, value: x, expect_error: TOPIC_EXCEPTON }\n")
        XCTAssertEqual(loaded.errors, ["unknown librdkafka error name 'TOPIC_EXCEPTON'"])
        XCTAssertEqual(loaded.diagnostics.first?.help, "did you mean 'TOPIC_EXCEPTION'?")
    }

    func testKnownErrorNamesPassAndALeadingUnderscoreIsDropped() throws {
        let loaded = steps("""
              - produce: { topic: orders, value: x }
                expect_error: MSG_TIMED_OUT
              - produce: { topic: orders, value: x }
                expect_error: _TIMED_OUT
            """)
        XCTAssertEqual(loaded.errors, [])
        XCTAssertEqual(loaded.steps.map(\.expectError), [.named("MSG_TIMED_OUT"), .named("TIMED_OUT")])
    }

    func testAnUnknownNameFarFromAnyIsStillAnError() throws {
        let loaded = steps("  - produce: { topic: orders, value: x }\n    expect_error: SOMETHING_ELSE_ENTIRELY\n")
        XCTAssertEqual(loaded.errors, ["unknown librdkafka error name 'SOMETHING_ELSE_ENTIRELY'"])
    }
}

extension StepCommonKeysTests {
    func testAMisspelledCommonKeyInsideTheMappingGetsDidYouMean() {
        let (_, diagnostics) = loadSpec("name: s\ntopics: [{ name: orders }]\nsteps:\n  - produce: { topic: orders, value: x, expect_eror: any }\n")
        XCTAssertEqual(errors(diagnostics), ["unknown key 'expect_eror' in produce"])
        XCTAssertEqual(diagnostics.first?.help, "did you mean 'expect_error'?")
    }
}

extension StepCommonKeysTests {
    func testInjectedRequestErrorNamesAreCheckedToo() {
        let (suite, diagnostics) = loadSpec("""
            name: s
            steps:
              - fault: { request_errors: { api: Produce, errors: [NOT_LEADER_FOR_PARTITON] } }
            """)
        XCTAssertNil(suite)
        XCTAssertEqual(errors(diagnostics), ["unknown librdkafka error name 'NOT_LEADER_FOR_PARTITON'"])
        XCTAssertEqual(diagnostics.first?.help, "did you mean 'NOT_LEADER_FOR_PARTITION'?")
        let (good, fine) = loadSpec("""
            name: s
            steps:
              - fault: { request_errors: { api: Produce, errors: [not_leader_for_partition, RD_KAFKA_RESP_ERR__TIMED_OUT] } }
            """)
        XCTAssertEqual(errors(fine), [])
        XCTAssertNotNil(good)
    }
}
