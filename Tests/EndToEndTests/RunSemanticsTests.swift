import Foundation
import TestSupport
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

    /// The cache venv's python with confluent-kafka (scripts/install-deps.sh), which works on the embedded broker.
    static func confluentPython() throws -> String { try CacheTools.venvPython("import confluent_kafka") }

    func testARetryOfAServicesSuiteNeverSeesTheEarlierAttemptsLateAnswer() throws {
        let reports = try CLI.temporaryDirectory()
        let file = CLI.fixtures.appendingPathComponent("services/retried_late_reply.yaml").path
        let result = try CLI.run(["run", file, "--report-dir", reports.path],
                                 environment: ["RELAY_PYTHON": try Self.confluentPython()], timeout: 120)
        XCTAssertEqual(result.status, 1, "the SLA fails on every attempt\n\(result.stdout)\n\(result.stderr)")
        let scenario = try XCTUnwrap(Self.scenarios(reports)["the reward misses its SLA on every attempt"])
        XCTAssertEqual(scenario["status"] as? String, "failed", "\(scenario)")
        XCTAssertNil(scenario["flaky"])
        XCTAssertEqual(scenario["attempts"] as? Int, 2)
    }

    func testTwoServicesSuitesDeclaringOneTopicNameEachGetTheirOwn() throws {
        let reports = try CLI.temporaryDirectory()
        let folder = CLI.fixtures.appendingPathComponent("services/same_topic").path
        let result = try CLI.run(["run", folder, "--report-dir", reports.path, "--jobs", "1"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let byName = try Self.scenarios(reports)
        XCTAssertEqual(byName["suite a reads only its own message"]?["status"] as? String, "passed", "\(byName)")
        XCTAssertEqual(byName["suite b reads only its own message"]?["status"] as? String, "passed", "\(byName)")
    }

    func testUnderJobsAServicesSuiteRunsBesideTheOtherSuites() throws {
        let reports = try CLI.temporaryDirectory()
        let folder = CLI.fixtures.appendingPathComponent("services/beside").path
        let result = try CLI.run(["run", folder, "--report-dir", reports.path, "--jobs", "2"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let data = try Data(contentsOf: reports.appendingPathComponent("results.json"))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let duration = try XCTUnwrap((json["summary"] as? [String: Any])?["duration"] as? Double ?? json["duration"] as? Double)
        // Two 3 s scenarios side by side: about 3 s; one after the other: 6 s or more.
        XCTAssertLessThan(duration, 5.5, result.stdout)
    }

    func testALateAnswerCausedByAnotherScenarioIsLeftOutAndCounted() throws {
        let reports = try CLI.temporaryDirectory()
        let file = CLI.fixtures.appendingPathComponent("services/late_reply_other_scenario.yaml").path
        let python = try Self.confluentPython()
        let result = try CLI.run(["run", file, "--report-dir", reports.path], environment: ["RELAY_PYTHON": python], timeout: 120)
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        let byName = try Self.scenarios(reports)
        XCTAssertEqual(byName["sends and leaves"]?["status"] as? String, "passed")
        let idle = try XCTUnwrap(byName["sent nothing"])
        XCTAssertEqual(idle["status"] as? String, "failed", "\(idle)")
        let facts = try XCTUnwrap(idle["verified"] as? [[String: Any]])
        let ignored = facts.compactMap { $0["otherScenarioMessagesIgnored"] as? [String: Any] }
        XCTAssertEqual(ignored.first?["scenario"] as? String, "sends and leaves", "\(facts)")
        XCTAssertEqual(ignored.first?["count"] as? Int, 1, "\(facts)")
        XCTAssertEqual(byName["its own answer with its own id"]?["status"] as? String, "passed")
        let markdown = try String(contentsOf: reports.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertTrue(markdown.contains("1 message of scenario 'sends and leaves' ignored on rewards"), markdown)

        // Without the header the runner cannot tell: the late answer is read by the scenario during which it arrives.
        let untraced = try CLI.temporaryDirectory()
        _ = try CLI.run(["run", file, "--report-dir", untraced.path, "--no-traceparent", "--filter", "sen"],
                         environment: ["RELAY_PYTHON": python], timeout: 120)
        XCTAssertEqual(try Self.scenarios(untraced)["sent nothing"]?["status"] as? String, "passed")
    }

    func testVarsFromTheCommandLineAreKnownToEveryFileAndTypedAsYAMLScalars() throws {
        let file = CLI.fixtures.appendingPathComponent("vars/undeclared.yaml").path
        let unknown = try CLI.run(["validate", file])
        XCTAssertEqual(unknown.status, 2, "without them the names are undefined\n\(unknown.stderr)")
        let validated = try CLI.run(["validate", file, "--var", "limit=1000000", "--var", "api_url=http://x"])
        XCTAssertEqual(validated.status, 0, validated.stdout + validated.stderr)
        let reports = try CLI.temporaryDirectory()
        let ran = try CLI.run(["run", file, "--report-dir", reports.path, "--var", "limit=1000000", "--var", "api_url=http://x"])
        XCTAssertEqual(ran.status, 0, "limit is a number, api_url a string\n\(ran.stdout)\n\(ran.stderr)")
    }

    func testExpectErrorAnyAcceptsAValueItsSchemaRefuses() throws {
        let reports = try CLI.temporaryDirectory()
        let file = CLI.fixtures.appendingPathComponent("schemas/refused_value.yaml").path
        let result = try CLI.run(["run", file, "--report-dir", reports.path])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let byName = try Self.scenarios(reports)
        XCTAssertEqual(byName["refused, expect_error beside the step key"]?["status"] as? String, "passed")
        XCTAssertEqual(byName["refused, expect_error inside"]?["status"] as? String, "passed")
    }

    func testTheShippedExampleServiceRunsOnTheEmbeddedBroker() throws {
        let bin = URL(fileURLWithPath: try Self.confluentPython()).deletingLastPathComponent().path
        let reports = try CLI.temporaryDirectory()
        let example = CLI.repository.appendingPathComponent("scenarios/examples/service").path
        let result = try CLI.run(["run", example, "--report-dir", reports.path],
                                 environment: ["PATH": bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")],
                                 timeout: 240)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let statuses = try Self.scenarios(reports).values.map { $0["status"] as? String }
        XCTAssertEqual(statuses.count, 6)
        XCTAssertTrue(statuses.allSatisfy { $0 == "passed" }, "none skipped: \(statuses)")
    }

    func testEightThousandWarningsOfOneFileAreRenderedInLinearTime() throws {
        let folder = try CLI.temporaryDirectory()
        let file = folder.appendingPathComponent("sleeps.yaml")
        let steps = String(repeating: "      - sleep: 1ms\n", count: 8000)
        try ("suite: many sleeps\nscenarios:\n  - name: s\n    timeout: 10s\n    steps:\n" + steps).write(to: file, atomically: true, encoding: .utf8)
        let start = Date()
        let result = try CLI.run(["validate", file.path])
        let seconds = Date().timeIntervalSince(start)
        XCTAssertEqual(result.status, 0, result.stdout)
        XCTAssertTrue(result.stdout.contains("8000 warnings"), result.stdout)
        // Rescanning the file for each warning took 22 s (54 s in a debug build); once per file it takes well under 1 s.
        XCTAssertLessThan(seconds, 10, "\(seconds) s")
    }
}
