import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// Runs that must not look green when they checked nothing, reports that exist even when the broker
/// does not, and messages that say a thing once.
final class SelectionAndReportsTests: XCTestCase {
    static let suite = """
    suite: Orders
    tags: [orders]
    topics: [{ name: events }]
    scenarios:
      - name: two reads of one topic
        description: reads `events` twice
        tags: [smoke]
        steps:
          - produce: { topic: events, count: 2, value: "{{ index }}" }
          - expect: { topic: events, count: ">= 2", within: 5s }
          - expect: { topic: events, count: ">= 1", within: 5s }
      - name: slow one
        tags: [slow]
        steps:
          - cluster: { brokers: ">= 1" }

    """

    private func folder() throws -> (root: URL, file: String) {
        let root = try CLI.temporaryDirectory()
        let file = root.appendingPathComponent("orders.yaml")
        try Data(Self.suite.utf8).write(to: file)
        return (root, file.path)
    }

    private func json(_ url: URL) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    private func scenarios(_ results: [String: Any]) -> [[String: Any]] {
        ((results["suites"] as? [[String: Any]]) ?? []).flatMap { ($0["scenarios"] as? [[String: Any]]) ?? [] }
    }

    // MARK: empty selections (item 5)

    func testASelectionOfNothingIsExitTwoNamingTheFilterUnlessAllowed() throws {
        let (root, file) = try folder()
        let reports = root.appendingPathComponent("reports").path
        let typo = try CLI.run(["run", file, "--tag", "smok", "--report-dir", reports])
        XCTAssertEqual(typo.status, 2, typo.stdout + typo.stderr)
        XCTAssertTrue(typo.stderr.contains("no scenario selected: --tag smok matches none of the 2 scenarios in \(file)"), typo.stderr)
        XCTAssertTrue(typo.stderr.contains("did you mean --tag smoke?"), typo.stderr)
        XCTAssertTrue(typo.stderr.contains("--allow-empty"), typo.stderr)

        let filter = try CLI.run(["run", file, "--filter", "nothing", "--report-dir", reports])
        XCTAssertEqual(filter.status, 2, filter.stdout + filter.stderr)
        XCTAssertTrue(filter.stderr.contains("--filter 'nothing' matches none of the 2 scenarios"), filter.stderr)

        let empty = root.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let folder = try CLI.run(["run", empty.path, "--report-dir", reports])
        XCTAssertEqual(folder.status, 2, folder.stdout + folder.stderr)
        XCTAssertTrue(folder.stderr.contains("no scenario selected: \(empty.path) holds no scenario"), folder.stderr)

        let allowed = try CLI.run(["run", file, "--tag", "smok", "--allow-empty", "--report-dir", reports, "--quiet"])
        XCTAssertEqual(allowed.status, 0, allowed.stdout + allowed.stderr)

        let listed = try CLI.run(["list", file, "--tag", "smok"])
        XCTAssertEqual(listed.status, 0, listed.stderr)
        XCTAssertTrue(listed.stderr.contains("no scenario selected: --tag smok"), listed.stderr)
    }

    func testAnEmptyShardOfANonEmptySelectionIsExitZeroWithAWarning() throws {
        let (root, file) = try folder()
        let result = try CLI.run(["run", file, "--tag", "slow", "--shard", "1/2", "--report-dir", root.appendingPathComponent("r").path])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("warning: shard 1/2 holds none of the 1 selected scenario"), result.stderr)
    }

    // MARK: unreachable broker (item 6)

    func testAnUnreachableBrokerStillWritesEveryReportWithEachScenarioAsAnError() throws {
        let (root, file) = try folder()
        let reports = root.appendingPathComponent("reports")
        let result = try CLI.run(["run", file, "--skip-tag", "slow", "--bootstrap-servers", "127.0.0.1:1",
                                  "--connect-timeout", "1s", "--report-dir", reports.path])
        XCTAssertEqual(result.status, 3, result.stdout + result.stderr)
        let cases = try JUnitFile(reports.appendingPathComponent("junit.xml")).testcases()
        XCTAssertEqual(cases.count, 2)
        let error = try XCTUnwrap(try JUnitFile(reports.appendingPathComponent("junit.xml")).testcase(named: "two reads of one topic")?.child("error"))
        XCTAssertTrue(error.attr("message")?.contains("127.0.0.1:1") == true, error.attr("message") ?? "")
        XCTAssertEqual(error.attr("type"), "BrokerUnreachable")
        XCTAssertNotNil(try JUnitFile(reports.appendingPathComponent("junit.xml")).testcase(named: "slow one")?.child("skipped"))
        let markdown = try String(contentsOf: reports.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertTrue(markdown.contains("127.0.0.1:1"), markdown)
        let results = try json(reports.appendingPathComponent("results.json"))
        XCTAssertEqual(scenarios(results).map { $0["status"] as? String }, ["error", "skipped"])
        XCTAssertEqual((results["summary"] as? [String: Any])?["errors"] as? Int, 1)
    }

    // MARK: report merging (item 7), property names (item 8), tags (item 10)

    func testAReportOfTheSameShardTwiceIsRefused() throws {
        let (root, file) = try folder()
        let shard = root.appendingPathComponent("s1")
        let run = try CLI.run(["run", file, "--shard", "1/2", "--report-dir", shard.path, "--quiet"])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        let path = shard.appendingPathComponent("results.json").path
        let result = try CLI.run(["report", path, path, "--report-dir", root.appendingPathComponent("merged").path])
        XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("holds the same results as"), result.stderr)
        XCTAssertTrue(result.stderr.contains("shard 1/2"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.appendingPathComponent("merged/junit.xml").path))
    }

    func testAReportOfOneShardOfTwoSaysWhichIsMissingAndTwoRunsOfOneShardAreNamedAsDoubled() throws {
        let (root, file) = try folder()
        let first = root.appendingPathComponent("s1"), again = root.appendingPathComponent("s1-again")
        for dir in [first, again] {
            let run = try CLI.run(["run", file, "--shard", "1/2", "--report-dir", dir.path, "--quiet"])
            XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        }
        let one = try CLI.run(["report", first.appendingPathComponent("results.json").path,
                               "--report-dir", root.appendingPathComponent("one").path])
        XCTAssertTrue(one.stderr.contains("warning: shard 2/2 is missing"), one.stderr)
        let doubled = try CLI.run(["report", first.appendingPathComponent("results.json").path,
                                   again.appendingPathComponent("results.json").path,
                                   "--report-dir", root.appendingPathComponent("doubled").path])
        XCTAssertEqual(doubled.status, 0, doubled.stdout + doubled.stderr)
        XCTAssertTrue(doubled.stderr.contains("warning: shard 1/2 is doubled: runs "), doubled.stderr)
        XCTAssertTrue(doubled.stderr.contains("warning: shard 2/2 is missing"), doubled.stderr)
    }

    func testResultsCarrySuiteTagsAndUniquePropertyNames() throws {
        let (root, file) = try folder()
        let reports = root.appendingPathComponent("reports")
        let result = try CLI.run(["run", file, "--tag", "orders", "--report-dir", reports.path, "--quiet"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let first = try XCTUnwrap(scenarios(try json(reports.appendingPathComponent("results.json"))).first)
        XCTAssertEqual(first["tags"] as? [String], ["orders", "smoke"])
        XCTAssertEqual(first["shard"] as? String, nil)
        let xml = try JUnitFile(reports.appendingPathComponent("junit.xml"))
        let names = try xml.xml.nodes(forXPath: "//property/@name").compactMap(\.stringValue)
        XCTAssertEqual(names.count, Set(names).count, "\(names)")
        XCTAssertTrue(names.contains("two reads of one topic.step2.events.expect.time"), "\(names)")
        XCTAssertTrue(names.contains("two reads of one topic.step3.events.expect.time"), "\(names)")
        let markdown = try String(contentsOf: reports.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertTrue(markdown.contains("reads `events` twice"), markdown)
    }

    // MARK: expect_failure (item 9)

    func testAnExpectedFailureReadsAsSuchOnTheConsoleAndInTheReport() throws {
        let reports = try CLI.temporaryDirectory()
        let file = CLI.fixtures.appendingPathComponent("reliability/expected_failure.yaml").path
        let result = try CLI.run(["run", file, "--report-dir", reports.path])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("✔ XFAIL Expect failure › marked to fail and fails"), result.stdout)
        let markdown = try String(contentsOf: reports.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertTrue(markdown.contains("- ❎ **marked to fail and fails**: failed as expected"), markdown)
        XCTAssertFalse(markdown.contains("✅ **marked to fail and fails**"), markdown)
        XCTAssertEqual(markdown.components(separatedBy: "failed as expected (nothing is produced").count - 1, 2,
                       "once in the scenario's line, once in the verified list: \(markdown)")
        let korean = reports.appendingPathComponent("ko")
        let again = try CLI.run(["report", reports.appendingPathComponent("results.json").path, "--lang", "ko", "--report-dir", korean.path])
        XCTAssertEqual(again.status, 0, again.stderr)
        let ko = try String(contentsOf: korean.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertTrue(ko.contains("- ❎ **marked to fail and fails**: 의도한 대로 실패 (nothing is produced"), ko)
        XCTAssertFalse(ko.contains("failed as expected"), ko)
    }

    // MARK: messages said once (item 10)

    func testAMissingPathHasNoMadeUpPosition() throws {
        let reports = try CLI.temporaryDirectory()
        let result = try CLI.run(["run", "nonexistent_dir", "--report-dir", reports.path], in: reports)
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("nonexistent_dir: error: no such file or directory"), result.stderr)
        XCTAssertFalse((result.stdout + result.stderr).contains(":0:0"), result.stdout + result.stderr)
        let error = try JUnitFile(reports.appendingPathComponent("junit.xml")).testcases().first?.child("error")
        XCTAssertEqual(error?.attr("message"), "nonexistent_dir: no such file or directory")
    }

    func testEachDiagnosticIsPrintedOnceUnderRun() throws {
        let reports = try CLI.temporaryDirectory()
        let file = CLI.fixtures.appendingPathComponent("invalid/unknown_key.yaml").path
        let result = try CLI.run(["run", file, "--report-dir", reports.path])
        XCTAssertEqual(result.status, 2)
        let output = result.stdout + result.stderr
        XCTAssertEqual(output.components(separatedBy: "unknown key 'topc'").count - 1, 1, output)
        XCTAssertEqual(output.components(separatedBy: "did you mean 'topic'").count - 1, 1, output)
        XCTAssertTrue(result.stdout.contains("✘ ERROR \(file)"), result.stdout)
    }

    func testJobsHelpStatesItsDefaultOnce() throws {
        let help = try CLI.run(["run", "--help"])
        let jobs = help.stdout.components(separatedBy: "--jobs").dropFirst().first?.components(separatedBy: "\n  --").first ?? ""
        XCTAssertEqual(jobs.components(separatedBy: "default").count - 1, 1, jobs)
        XCTAssertTrue(jobs.contains("--allow-empty") == false)
    }
}
