import Foundation
import XCTest
import ScenarioResults
@testable import Reports

final class GitHubActionsReporterTests: XCTestCase {
    private let github = GitHubActionsReporter(language: .en)

    func testOneErrorPerFailedOrErroringScenarioAtTheFailingStep() {
        let lines = github.annotations(Fixtures.run)
        XCTAssertEqual(lines, [
            "::error file=scenarios/seed/03_producer_consumer.yaml,line=38,title=Producer/Consumer › reward notification failed"
                + "::no message in notifications matched within 5s%0Aclosest message seen (offset 2):%0A  value.reward: expected >= 100, got 50",
            "::error file=scenarios/seed/04_errors.yaml,line=17,title=Error handling › unreachable broker error"
                + "::broker localhost:9999 unreachable after 10s",
            "::error file=scenarios/broken.yaml,line=3,col=1,title=scenarios/broken.yaml%3A invalid scenario file"
                + "::error: unknown key 'scenarioz'%0A --> scenarios/broken.yaml:3:1%0A  |%0A3 | scenarioz:"
                + "%0A  | ^^^^^^^^^%0A  = help: did you mean 'scenarios'?",
        ])
    }

    func testFlakyAndPassedScenariosAreNotAnnotatedButRetriedFailuresSaySo() {
        let lines = github.annotations(RetryFlowFixtures.run)
        XCTAssertFalse(lines.contains { $0.contains("passes on its second attempt") }, "\(lines)")
        XCTAssertTrue(lines.contains { $0.contains("title=Pipelines › fails on every attempt failed after 2 attempts::") }, "\(lines)")
    }

    func testWithoutALocationTheLastFailingStepsLineIsUsed() {
        var run = RetryFlowFixtures.run
        run.suites[0].scenarios[1].failure?.location = nil
        XCTAssertTrue(github.annotations(run).contains { $0.hasPrefix("::error file=scenarios/pipelines.yaml,line=36,") })
        run.suites[0].scenarios[1].steps = []
        XCTAssertTrue(github.annotations(run).contains { $0.hasPrefix("::error file=scenarios/pipelines.yaml,line=30,") },
                      "no step: the scenario's own line")
    }

    func testEscapingFollowsTheWorkflowCommandRules() {
        XCTAssertEqual(GitHubActionsReporter.escapeData("100% done\r\nnext: a,b"), "100%25 done%0D%0Anext: a,b")
        XCTAssertEqual(GitHubActionsReporter.escapeProperty("a:b,c%\n"), "a%3Ab%2Cc%25%0A")
        var run = Fixtures.run
        run.suites = [SuiteResult(name: "S,1: x", file: "dir,x/a:b.yaml", scenarios: [
            ScenarioResult(name: "50% fail::now", suite: "S,1: x", file: "dir,x/a:b.yaml", line: 2, status: .failed, duration: 1,
                           failure: Failure(message: "::error::injected\n::warning::two%0A", type: "T")),
        ])]
        let line = github.annotations(run)[0]
        XCTAssertEqual(line, "::error file=dir%2Cx/a%3Ab.yaml,line=2,title=S%2C1%3A x › 50%25 fail%3A%3Anow failed"
            + "::::error::injected%0A::warning::two%250A")
        XCTAssertEqual(line.split(separator: "\n").count, 1, "one line whatever the message")
    }

    func testAtMostFiftyErrorsThenOneNotice() {
        var run = Fixtures.run
        let failing = (1...57).map { n in
            ScenarioResult(name: "s\(n)", suite: "S", file: "s.yaml", line: n, status: n % 2 == 0 ? .failed : .error, duration: 0,
                           failure: Failure(message: "m\(n)", type: "T"))
        }
        run.suites = [SuiteResult(name: "S", file: "s.yaml", scenarios: failing)]
        let lines = github.annotations(run)
        XCTAssertEqual(lines.filter { $0.hasPrefix("::error ") }.count, 50)
        XCTAssertEqual(lines.count, 51)
        XCTAssertEqual(lines.last, "::notice title=kafka-scenario::7 more failed or erroring scenarios are not annotated"
            + " (at most 50 per run): see report.md")
        run.suites[0].scenarios.removeLast(7)
        XCTAssertEqual(github.annotations(run).count, 50, "exactly 50: no notice")
    }

    func testAbsolutePathsUnderTheWorkspaceBecomeRelative() {
        var run = Fixtures.run
        run.suites = [Fixtures.producerConsumer]
        run.suites[0].scenarios[1].failure?.location = "/home/runner/work/repo/scenarios/x.yaml:38"
        let inWorkspace = GitHubActionsReporter(workspace: "/home/runner/work/repo").annotations(run)
        XCTAssertTrue(inWorkspace[0].hasPrefix("::error file=scenarios/x.yaml,line=38,"), inWorkspace[0])
        let elsewhere = GitHubActionsReporter(workspace: "/other").annotations(run)
        XCTAssertTrue(elsewhere[0].hasPrefix("::error file=/home/runner/work/repo/scenarios/x.yaml,line=38,"), elsewhere[0])
    }

    func testLocationsWithAndWithoutColumn() {
        XCTAssertEqual(GitHubActionsReporter.place("a/b.yaml:3:7", fallbackFile: "f", fallbackLine: 1).line, 3)
        XCTAssertEqual(GitHubActionsReporter.place("a/b.yaml:3:7", fallbackFile: "f", fallbackLine: 1).file, "a/b.yaml")
        XCTAssertEqual(GitHubActionsReporter.place("c:/x.yaml:12", fallbackFile: "f", fallbackLine: 1).file, "c:/x.yaml")
        XCTAssertEqual(GitHubActionsReporter.place("no line here", fallbackFile: "f", fallbackLine: 9).line, 9)
        XCTAssertEqual(GitHubActionsReporter.place(nil, fallbackFile: "f", fallbackLine: nil).file, "f")
    }

    // MARK: summary

    func testASummaryThatFitsIsWrittenWhole() {
        let md = MarkdownReporter().render(Fixtures.run)
        XCTAssertEqual(github.summary(md), md)
        XCTAssertEqual(github.summary(md, existingBytes: 1000), md)
    }

    func testABigSummaryIsCutBelowTheLimitWithANoteAndItsCodeBlockClosed() {
        let line = String(repeating: "x", count: 99)
        let fenced = "```text\n" + Array(repeating: line, count: 20_000).joined(separator: "\n") + "\n```\n"
        let md = "# Title\n\n" + fenced + "\n## After\n"
        for existing in [0, 500_000] {
            let cut = github.summary(md, existingBytes: existing)
            XCTAssertLessThanOrEqual(cut.utf8.count + existing, 1024 * 1024 - 1024)
            XCTAssertGreaterThan(cut.utf8.count + existing, 1024 * 1024 - 1024 - 400, "cut close to the limit")
            XCTAssertTrue(cut.hasSuffix("\n```\n\n\n> ⚠️ The report is cut here: GitHub shows at most 1 MiB of a step's summary."
                + " The whole report is in report.md.\n"), String(cut.suffix(300)))
            XCTAssertFalse(cut.contains("## After"))
        }
        let korean = GitHubActionsReporter(language: .ko).summary(md)
        XCTAssertTrue(korean.contains("보고서가 여기서 잘렸습니다"))
    }

    func testACutOutsideACodeBlockAddsNoFence() {
        let md = Array(repeating: "- " + String(repeating: "가", count: 300), count: 2_000).joined(separator: "\n")
        let cut = github.summary(md)
        XCTAssertLessThanOrEqual(cut.utf8.count, GitHubActionsReporter.summaryLimit)
        XCTAssertFalse(cut.contains("```"))
        XCTAssertTrue(cut.contains("> ⚠️ The report is cut here"))
        XCTAssertNotNil(String(data: Data(cut.utf8), encoding: .utf8), "cut at a line: never inside a character")
    }

    func testAFullSummaryFileGetsNothingMore() {
        XCTAssertEqual(github.summary(String(repeating: "x\n", count: 10), existingBytes: GitHubActionsReporter.summaryLimit), "")
    }

    func testAppendingKeepsWhatTheFileHeld() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("summary-\(UUID().uuidString).md")
        defer { try? FileManager.default.removeItem(at: file) }
        try github.appendSummary("# one\n", to: file.path)
        try github.appendSummary("# two\n", to: file.path)
        XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), "# one\n# two\n")
        XCTAssertThrowsError(try github.appendSummary("x", to: "/nonexistent-dir/summary.md")) { error in
            XCTAssertTrue("\(error)".contains("cannot append the GitHub step summary to '/nonexistent-dir/summary.md'"), "\(error)")
        }
    }
}
