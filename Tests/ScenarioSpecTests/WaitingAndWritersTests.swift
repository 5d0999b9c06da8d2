import XCTest
@testable import ScenarioSpec

/// Which expects must wait out their window, `unique:`, and the per_group: all writer check.
final class WaitingAndWritersTests: XCTestCase {
    func testExactCountsAndUpperBoundsAreProvenOnlyByWaiting() throws {
        let exact = try XCTUnwrap(Comparison.parse("3"))
        XCTAssertTrue(exact.isProvenByWaiting)
        XCTAssertFalse(exact.isExceededForGood(by: 3))
        XCTAssertTrue(exact.isExceededForGood(by: 4))
        XCTAssertTrue(try XCTUnwrap(Comparison.parse("<= 3")).isExceededForGood(by: 4))
        XCTAssertFalse(try XCTUnwrap(Comparison.parse("<= 3")).isExceededForGood(by: 3))
        XCTAssertTrue(try XCTUnwrap(Comparison.parse("< 3")).isExceededForGood(by: 3))
        for atLeast in [">= 3", "> 3", "!= 3"] {
            let c = try XCTUnwrap(Comparison.parse(atLeast))
            XCTAssertFalse(c.isProvenByWaiting, atLeast)
            XCTAssertFalse(c.isExceededForGood(by: 100), atLeast)
        }
    }

    func testUniqueIsReadIntoTheModel() throws {
        let (suite, diagnostics) = loadSpec("""
            name: u
            topics: [{ name: orders }]
            steps:
              - produce: { topic: orders, value: { id: 1 } }
              - expect: { topic: orders, unique: "headers['trace-id']", within: 1s }
            """)
        XCTAssertEqual(errors(diagnostics), [])
        guard let step = suite?.scenarios.first?.steps.last?.kind as? ExpectStep else { return XCTFail("no expect") }
        XCTAssertEqual(step.unique?.description, "headers['trace-id']")
        XCTAssertEqual(step.unique?.steps, [.member("trace-id")])
    }

    /// One path syntax with captures and templates: a dashed name goes in brackets.
    func testUniqueWithADashedNameOutsideBracketsIsAnErrorSuggestingThem() {
        let (_, diagnostics) = loadSpec("""
            name: u
            topics: [{ name: orders }]
            steps:
              - produce: { topic: orders, value: { id: 1 } }
              - expect: { topic: orders, unique: headers.trace-id, within: 1s }
            """)
        XCTAssertEqual(errors(diagnostics), ["unique: unexpected '-' in the path 'headers.trace-id'"])
        XCTAssertEqual(diagnostics.first { $0.severity == .error }?.help, "did you mean 'headers['trace-id']'?")
    }

    func testUniqueOutsideTheMessageIsAnError() {
        let (_, diagnostics) = loadSpec("""
            name: u
            topics: [{ name: orders }]
            steps:
              - produce: { topic: orders, value: x }
              - expect: { topic: orders, unique: order_id, within: 1s }
            """)
        XCTAssertEqual(errors(diagnostics).count, 1)
        XCTAssertTrue(errors(diagnostics).first?.contains("unique: 'order_id' is not a path into the message") == true)
    }

    func testExactCountWithoutWithinWarnsOnceAtTheCount() {
        let (_, diagnostics) = loadSpec("""
            name: w
            topics: [{ name: orders }]
            steps:
              - produce: { topic: orders, value: x }
              - expect: { topic: orders, count: 1 }
              - expect: { topic: orders, count: ">= 1" }
              - expect: { topic: orders, count: 1, within: 1s }
            """)
        let warned = diagnostics.filter { $0.severity == .warning }
        XCTAssertEqual(warned.map(\.location.line), [5, 6])
        XCTAssertTrue(warned[0].message.contains("count: 1 is an exact count"), warned[0].message)
        XCTAssertTrue(warned[1].message.contains("expect has no 'within'"), warned[1].message)
    }

    private func perGroupErrors(_ yaml: String) -> [String] {
        errors(loadSpec(yaml).diagnostics).filter { $0.contains("per_group: all") }
    }

    func testPerGroupAllOnATopicNothingWritesIsAnError() {
        XCTAssertEqual(perGroupErrors("""
            name: g
            topics: [{ name: orders }]
            steps:
              - consumer_group: { topic: orders, within: 2s, expect: { per_group: all } }
            """).count, 1)
        // The default per_group is all, too.
        XCTAssertEqual(perGroupErrors("""
            name: g
            topics: [{ name: orders }]
            steps:
              - consumer_group: { topic: orders, within: 2s }
            """).count, 1)
    }

    func testPerGroupAllIsFineWhenSomethingWritesTheTopic() {
        let writers = [
            "  - produce: { topic: orders, value: x }",
            "  - load: { topic: orders, messages: 10 }",
            "  - parallel:\n      - produce: { topic: orders, value: x }",
            "  - produce: { topic: \"{{ name }}\", value: x }",   // templated: cannot be known
        ]
        for writer in writers {
            XCTAssertEqual(perGroupErrors("""
                name: g
                vars: { name: orders }
                topics: [{ name: orders }]
                steps:
                \(writer)
                  - consumer_group: { topic: orders, within: 2s }
                """), [], writer)
        }
        XCTAssertEqual(perGroupErrors("""
            suite: s
            topics: [{ name: requests }, { name: orders }]
            processors:
              - { name: p, from: requests, to: orders, emit: { value: x } }
            scenarios:
              - name: g
                steps:
                  - produce: { topic: requests, value: x }
                  - consumer_group: { topic: orders, within: 2s }
            """), [], "a suite processor writes it")
        XCTAssertEqual(perGroupErrors("""
            suite: s
            topics: [{ name: requests }, { name: orders }]
            scenarios:
              - name: g
                processors:
                  - { name: p, from: requests, to: orders, emit: { value: x } }
                steps:
                  - produce: { topic: requests, value: x }
                  - consumer_group: { topic: orders, within: 2s }
            """), [], "a scenario processor writes it")
    }
}
