import Foundation
import XCTest

/// `parallel` keeps its steps' results (in results.json) and its failing step's failure whole.
final class ParallelResultsTests: XCTestCase {
    func testParallelKeepsItsChildrenAndTheFailureOfTheOneThatFailed() throws {
        let reports = try CLI.temporaryDirectory()
        let file = CLI.fixtures.appendingPathComponent("steps/parallel_children.yaml").path
        let result = try CLI.run(["run", file, "--report-dir", reports.path])
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        let data = try Data(contentsOf: reports.appendingPathComponent("results.json"))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let scenario = try XCTUnwrap((json["suites"] as? [[String: Any]])?.first?["scenarios"] as? [[String: Any]]).first
        let step = try XCTUnwrap((scenario?["steps"] as? [[String: Any]])?.first)
        XCTAssertEqual(step["kind"] as? String, "parallel")
        XCTAssertEqual(step["status"] as? String, "failed")
        let children = try XCTUnwrap(step["children"] as? [[String: Any]], "\(step)")
        XCTAssertEqual(children.map { $0["kind"] as? String }, ["produce", "topic"])
        XCTAssertEqual(children.map { $0["status"] as? String }, ["passed", "failed"])
        XCTAssertEqual(children.map { $0["line"] as? Int }, [9, 10])
        // The scenario's failure is the topic step's own: its type and its location, not the parallel's.
        let failure = try XCTUnwrap(scenario?["failure"] as? [String: Any])
        XCTAssertEqual(failure["type"] as? String, "AssertionFailed", "\(failure)")
        XCTAssertTrue((failure["location"] as? String ?? "").hasSuffix("parallel_children.yaml:10"), "\(failure)")
        XCTAssertTrue((failure["message"] as? String ?? "").contains("partition count"), "\(failure)")
    }
}
