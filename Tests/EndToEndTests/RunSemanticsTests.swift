import Foundation
import XCTest

/// How a run treats its scenarios as a whole (DESIGN §2): skipped steps, attempts, what each scenario may read.
final class RunSemanticsTests: XCTestCase {
    static func scenarios(_ reports: URL) throws -> [String: [String: Any]] {
        let data = try Data(contentsOf: reports.appendingPathComponent("results.json"))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let all = (json["suites"] as? [[String: Any]] ?? []).flatMap { $0["scenarios"] as? [[String: Any]] ?? [] }
        return Dictionary(all.map { ($0["name"] as? String ?? "", $0) }, uniquingKeysWith: { a, _ in a })
    }

    func testAStepTheBrokerCannotServeIsSkippedAndTheRestStillRuns() throws {
        let reports = try CLI.temporaryDirectory()
        let file = CLI.fixtures.appendingPathComponent("steps/unservable_step.yaml").path
        let result = try CLI.run(["run", file, "--report-dir", reports.path])
        XCTAssertEqual(result.status, 1, "a later failure fails the run\n\(result.stdout)\n\(result.stderr)")
        let byName = try Self.scenarios(reports)
        XCTAssertEqual(byName["a failing expect after a config check fails"]?["status"] as? String, "failed")
        XCTAssertEqual(byName["a failing expect after delete_topics fails"]?["status"] as? String, "failed")
        let passing = try XCTUnwrap(byName["the steps around a skipped one pass"])
        XCTAssertEqual(passing["status"] as? String, "passed")
        let steps = try XCTUnwrap(passing["steps"] as? [[String: Any]])
        XCTAssertEqual(steps.map { $0["status"] as? String }, ["passed", "skipped", "passed"])
        XCTAssertTrue((steps[1]["message"] as? String ?? "").contains("DescribeConfigs"), "\(steps[1])")
        let alone = try XCTUnwrap(byName["only a config check is skipped as a whole"])
        XCTAssertEqual(alone["status"] as? String, "skipped")
        XCTAssertTrue(((alone["failure"] as? [String: Any])?["message"] as? String ?? "").contains("DescribeConfigs"), "\(alone)")
    }
}
