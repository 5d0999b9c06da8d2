import XCTest
@testable import ScenarioSpec

final class RetriesKeyTests: XCTestCase {
    private func scenarioFile(_ retries: String?) -> String {
        """
        name: s
        \(retries.map { "retries: \($0)\n" } ?? "")steps:
          - sleep: 1ms
        """
    }

    func testRetriesIsReadAndAbsentMeansTheCommandLineDecides() {
        XCTAssertEqual(loadSpec(scenarioFile("2")).suite?.scenarios.first?.retries, 2)
        XCTAssertEqual(loadSpec(scenarioFile("0")).suite?.scenarios.first?.retries, 0)
        let absent = loadSpec(scenarioFile(nil))
        XCTAssertEqual(errors(absent.diagnostics), [])
        XCTAssertNotNil(absent.suite?.scenarios.first)
        XCTAssertNil(absent.suite?.scenarios.first?.retries)
    }

    func testRetriesInASuitesScenario() {
        let loaded = loadSpec("""
        scenarios:
          - name: s
            retries: 1
            steps: [{ sleep: 1ms }]
        """)
        XCTAssertEqual(loaded.suite?.scenarios.first?.retries, 1)
    }

    func testBadRetriesAreDiagnosed() {
        XCTAssertEqual(errors(loadSpec(scenarioFile("-1")).diagnostics), ["retries must not be negative, got -1"])
        XCTAssertEqual(errors(loadSpec(scenarioFile("many")).diagnostics).count, 1)
        XCTAssertNil(loadSpec(scenarioFile("many")).suite?.scenarios.first)
    }
}
