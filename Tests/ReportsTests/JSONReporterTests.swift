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

    func testFactsAreDataNotSentences() throws {
        let top = try object(JSONReporter().render(Fixtures.run))
        let suites = try XCTUnwrap(top["suites"] as? [[String: Any]])
        let scenario = try XCTUnwrap((suites[1]["scenarios"] as? [[String: Any]])?.first)
        let verified = try XCTUnwrap(scenario["verified"] as? [[String: Any]])
        XCTAssertEqual(verified.first?["produced"] as? NSDictionary, ["topic": "user_actions", "count": 3] as NSDictionary)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let decoded = try decoder.decode(RunResult.self, from: Data(JSONReporter().render(Fixtures.run).utf8))
        XCTAssertEqual(decoded.suites[1].scenarios[0].verified, Fixtures.producerConsumer.scenarios[0].verified)
        XCTAssertEqual(decoded.suites[1].scenarios[1].failure?.reason, Fixtures.producerConsumer.scenarios[1].failure?.reason)
    }

    /// results.json written before facts held English sentences in `verified`: it still loads, each as `.text`.
    func testAnOldResultsFileWithSentencesStillLoads() throws {
        var json = try object(JSONReporter().render(Fixtures.run))
        var suites = try XCTUnwrap(json["suites"] as? [[String: Any]])
        var scenarios = try XCTUnwrap(suites[1]["scenarios"] as? [[String: Any]])
        scenarios[0]["verified"] = ["3 messages produced to user_actions and read back"]
        suites[1]["scenarios"] = scenarios
        json["suites"] = suites
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("old-results-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: json).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let run = try ResultsReader.read(url.path)
        XCTAssertEqual(run.suites[1].scenarios[0].verified, [.text(sentence: "3 messages produced to user_actions and read back")])
        XCTAssertEqual(run.suites[0].scenarios[0].verified, [.connected(brokers: 1, controller: 1, clusterID: nil)])
        let korean = MarkdownReporter(language: .ko, timeZone: TimeZone(identifier: "UTC")!).render(run)
        XCTAssertTrue(korean.contains("  - 3 messages produced to user_actions and read back\n"), korean)
    }

    func testNonFiniteNumbersDoNotLoseTheReport() throws {
        var run = Fixtures.run
        run.duration = .nan
        let top = try object(JSONReporter().render(run))
        XCTAssertEqual(top["duration"] as? String, "nan")
        XCTAssertNotNil(top["suites"])
    }
}
