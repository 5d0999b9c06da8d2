import Foundation
import XCTest

/// `retries:` / `--retries` on the embedded broker, and the GitHub Actions summary and annotations.
final class RetriesAndCITests: XCTestCase {
    private var retries: String { CLI.fixtures.appendingPathComponent("retries/flaky.yaml").path }
    private var missing: String { CLI.fixtures.appendingPathComponent("failing/missing_message.yaml").path }

    private func results(_ dir: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: dir.appendingPathComponent("results.json"))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    private func scenarios(_ json: [String: Any]) -> [String: [String: Any]] {
        let suites = json["suites"] as? [[String: Any]] ?? []
        var byName: [String: [String: Any]] = [:]
        for scenario in suites.flatMap({ $0["scenarios"] as? [[String: Any]] ?? [] }) {
            byName[scenario["name"] as? String ?? ""] = scenario
        }
        return byName
    }

    func testAScenarioThatFailsOnceThenPassesIsPassedAndFlaky() throws {
        let reports = try CLI.temporaryDirectory()
        let result = try CLI.run(["run", retries, "--report-dir", reports.path, "--jobs", "1", "--lang", "ko"])
        XCTAssertEqual(result.status, 1, "the other scenario fails every attempt\n\(result.stdout)\n\(result.stderr)")
        let json = try results(reports)
        let all = scenarios(json)
        let flaky = try XCTUnwrap(all["passes on its second attempt"])
        XCTAssertEqual(flaky["status"] as? String, "passed")
        XCTAssertEqual(flaky["flaky"] as? Bool, true)
        XCTAssertEqual(flaky["attempts"] as? Int, 2)
        let earlier = try XCTUnwrap(flaky["earlierAttempts"] as? [[String: Any]])
        XCTAssertEqual(earlier.count, 1)
        XCTAssertEqual(earlier[0]["status"] as? String, "failed")
        XCTAssertNotNil((earlier[0]["failure"] as? [String: Any])?["message"])
        XCTAssertEqual((json["summary"] as? [String: Any])?["flaky"] as? Int, 1)

        // Without retries: of its own (and no --retries) a failing scenario runs once; each attempt's isolated topic is new.
        let once = try XCTUnwrap(all["fails on every attempt"])
        XCTAssertEqual(once["status"] as? String, "failed")
        XCTAssertNil(once["attempts"])

        let md = try String(contentsOf: reports.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertTrue(md.contains("**불안정 (재시도 후 성공)**: 1개 🔁"), md)
        XCTAssertTrue(md.contains("- 🔁 **passes on its second attempt**"), md)
        let junit = try String(contentsOf: reports.appendingPathComponent("junit.xml"), encoding: .utf8)
        XCTAssertTrue(junit.contains("<property name=\"passes on its second attempt.flaky\" value=\"true\"/>"), junit)
        XCTAssertTrue(junit.contains("<property name=\"passes on its second attempt.attempts\" value=\"2\"/>"), junit)
        XCTAssertTrue(result.stdout.contains("passes on its second attempt"), result.stdout)
        XCTAssertTrue(result.stdout.contains("flaky: passed on attempt 2"), result.stdout)
    }

    func testRetriesOptionRetriesWithFreshIsolatedTopics() throws {
        let reports = try CLI.temporaryDirectory()
        let result = try CLI.run(["run", retries, "--retries", "2", "--report-dir", reports.path, "--junit-style", "rich"])
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        let all = scenarios(try results(reports))
        XCTAssertEqual(all["passes on its second attempt"]?["attempts"] as? Int, 2, "it passed on its second attempt")
        XCTAssertEqual(all["never retried"]?["status"] as? String, "failed")
        XCTAssertNil(all["never retried"]?["attempts"], "its own retries: 0 wins over --retries 2")
        let failed = try XCTUnwrap(all["fails on every attempt"])
        // Had a retry reused the first attempt's topic, the second attempt would have found two messages and passed.
        XCTAssertEqual(failed["status"] as? String, "failed")
        XCTAssertEqual(failed["attempts"] as? Int, 3)
        XCTAssertNil(failed["flaky"])
        XCTAssertEqual((failed["earlierAttempts"] as? [Any])?.count, 2)
        let junit = try String(contentsOf: reports.appendingPathComponent("junit.xml"), encoding: .utf8)
        XCTAssertEqual(junit.components(separatedBy: "<rerunFailure ").count, 3, junit)
        XCTAssertEqual(junit.components(separatedBy: "<flakyFailure ").count, 2, junit)
        XCTAssertTrue(result.stdout.contains("after 3 attempts"), result.stdout)
    }

    func testANegativeRetriesIsAUsageError() throws {
        let result = try CLI.run(["run", retries, "--retries", "-1"])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains("--retries"), result.stderr)
    }

    // MARK: GitHub Actions

    private func githubEnvironment(summary: URL) -> [String: String] {
        ["GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary.path, "GITHUB_WORKSPACE": CLI.repository.path]
    }

    func testInGitHubActionsTheSummaryIsAppendedAndFailuresAnnotated() throws {
        let reports = try CLI.temporaryDirectory()
        let summary = reports.appendingPathComponent("step-summary.md")
        try Data("## earlier step\n".utf8).write(to: summary)
        let result = try CLI.run(["run", missing, retries, "--report-dir", reports.path],
                                 environment: githubEnvironment(summary: summary))
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        let written = try String(contentsOf: summary, encoding: .utf8)
        let report = try String(contentsOf: reports.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertEqual(written, "## earlier step\n" + report, "report.md appended after what was there")

        let annotations = result.stdout.split(separator: "\n").filter { $0.hasPrefix("::error ") }
        XCTAssertEqual(annotations.count, 3, result.stdout)
        // At the failing step (the expect at line 5), the path relative to the workspace, ':' and ',' escaped in the title.
        XCTAssertTrue(annotations.contains {
            $0.hasPrefix("::error file=Tests/EndToEndTests/Fixtures/failing/missing_message.yaml,line=5,title=")
                && $0.contains("::1 of 1 expected messages not found on 'orders'")
        }, result.stdout)
        XCTAssertTrue(annotations.contains {
            $0.hasPrefix("::error file=Tests/EndToEndTests/Fixtures/retries/flaky.yaml,line=29,title=Retries › fails on every attempt failed::")
        }, result.stdout)
        XCTAssertFalse(result.stdout.contains("passes on its second attempt passed"), "a flaky pass is no annotation")
    }

    func testAnUnreachableBrokerIsStillSummarizedAndAnnotated() throws {
        let reports = try CLI.temporaryDirectory()
        let summary = reports.appendingPathComponent("step-summary.md")
        let result = try CLI.run(["run", missing, "--bootstrap-servers", "127.0.0.1:1", "--connect-timeout", "500ms",
                                  "--report-dir", reports.path], environment: githubEnvironment(summary: summary))
        XCTAssertEqual(result.status, 3, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("::error file=Tests/EndToEndTests/Fixtures/failing/missing_message.yaml,line=1,"),
                      result.stdout)
        let report = try String(contentsOf: reports.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertEqual(try String(contentsOf: summary, encoding: .utf8), report)
    }

    func testCINoneDisablesItAndOutsideGitHubNothingIsAdded() throws {
        let reports = try CLI.temporaryDirectory()
        let summary = reports.appendingPathComponent("step-summary.md")
        let disabled = try CLI.run(["run", missing, "--report-dir", reports.path, "--ci", "none"],
                                   environment: githubEnvironment(summary: summary))
        XCTAssertEqual(disabled.status, 1)
        XCTAssertFalse(disabled.stdout.contains("::error"), disabled.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: summary.path))

        let outside = try CLI.run(["run", missing, "--report-dir", reports.path])
        XCTAssertEqual(outside.status, 1)
        XCTAssertFalse(outside.stdout.contains("::error"), outside.stdout)

        // --ci github outside GitHub: annotations, and no summary without $GITHUB_STEP_SUMMARY.
        let forced = try CLI.run(["run", missing, "--report-dir", reports.path, "--ci", "github"])
        XCTAssertEqual(forced.status, 1)
        XCTAssertTrue(forced.stdout.contains("::error file="), forced.stdout)
    }
}
