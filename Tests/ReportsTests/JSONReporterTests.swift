import Foundation
import XCTest
import ScenarioResults
@testable import Reports

final class JSONReporterTests: XCTestCase {
    private func object(_ json: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    func testTopLevelAddsSchemaVersionAndSummary() throws {
        let top = try object(JSONReporter().render(Fixtures.run))
        XCTAssertEqual(top["schemaVersion"] as? Int, 1)
        let summary = try XCTUnwrap(top["summary"] as? [String: Any])
        XCTAssertEqual(summary["total"] as? Int, 6)
        XCTAssertEqual(summary["passed"] as? Int, 2)
        XCTAssertEqual(summary["failed"] as? Int, 1)
        XCTAssertEqual(summary["errors"] as? Int, 2)
        XCTAssertEqual(summary["skipped"] as? Int, 1)
        XCTAssertEqual(summary["duration"] as? Double, 36.34)
        XCTAssertEqual(top["startedAt"] as? String, "2025-07-29T05:05:00Z")
        XCTAssertEqual(top["runID"] as? String, "r3x9k2")
    }

    func testDecodesBackIntoTheModel() throws {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let decoded = try decoder.decode(RunResult.self, from: Data(JSONReporter().render(Fixtures.run).utf8))
        XCTAssertEqual(decoded.suites.count, 4)
        XCTAssertEqual(decoded.suites[1].scenarios[1].failure, Fixtures.producerConsumer.scenarios[1].failure)
        XCTAssertEqual(decoded.startedAt, Fixtures.startedAt)
    }

    func testNonFiniteNumbersDoNotLoseTheReport() throws {
        var run = Fixtures.run
        run.duration = .nan
        let top = try object(JSONReporter().render(run))
        XCTAssertEqual(top["duration"] as? String, "nan")
        XCTAssertNotNil(top["suites"])
    }
}
