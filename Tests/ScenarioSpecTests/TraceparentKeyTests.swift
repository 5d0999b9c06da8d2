import XCTest
@testable import ScenarioSpec

/// `traceparent: false` on a suite, a produce or an http step (DESIGN §1.7); `scenario.id` known inside a scenario only.
final class TraceparentKeyTests: XCTestCase {
    func testTheKeyIsReadOnTheSuiteAndOnProduceAndHTTP() throws {
        let (suite, diagnostics) = loadSpec("""
            suite: traced
            traceparent: false
            topics: [{ name: orders }]
            scenarios:
              - name: s
                steps:
                  - produce: { topic: orders, value: "{{ scenario.id }}", traceparent: false }
                  - produce: { topic: orders, value: x }
                  - http: { url: "http://127.0.0.1:1/", traceparent: false }
            """)
        XCTAssertEqual(errors(diagnostics), [])
        let s = try XCTUnwrap(suite)
        XCTAssertFalse(s.sendsTraceparent)
        let steps = try XCTUnwrap(s.scenarios.first?.steps)
        XCTAssertEqual((steps[0].kind as? ProduceStep)?.sendsTraceparent, false)
        XCTAssertEqual((steps[1].kind as? ProduceStep)?.sendsTraceparent, true)
        XCTAssertEqual((steps[2].kind as? HTTPStep)?.sendsTraceparent, false)
    }

    func testScenarioIdIsNotKnownInSuiteVars() {
        let (_, diagnostics) = loadSpec("""
            suite: ids
            vars: { key: "{{ scenario.id }}" }
            topics: [{ name: orders }]
            scenarios:
              - name: s
                steps:
                  - produce: { topic: orders, value: "{{ key }}" }
            """)
        XCTAssertFalse(errors(diagnostics).isEmpty, "\(diagnostics)")
    }
}
