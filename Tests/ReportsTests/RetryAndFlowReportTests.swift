import Foundation
import XCTest
import ScenarioResults
@testable import Reports

/// Flaky scenarios (passed on a retry) and flow diagrams in report.md, JUnit, results.json and the console.
final class RetryAndFlowReportTests: XCTestCase {
    private let utc = TimeZone(identifier: "UTC")!

    // MARK: report.md

    func testFlakyScenarioHasItsOwnMarkerCountAndEarlierFailure() {
        let md = MarkdownReporter(language: .en, timeZone: utc).render(RetryFlowFixtures.run)
        XCTAssertTrue(md.contains("**Passed**: 2 ✅  \n**Flaky (passed on a retry)**: 1 🔁  \n"), md)
        XCTAssertTrue(md.contains("- 🔁 **passes on its second attempt**: passed (1.50 s) — flaky: passed on attempt 2\n"
            + "  - attempt 1: failed — expected 2 messages in flaky_marker, matched 1 within 1s (1.30 s)\n"), md)
        XCTAssertTrue(md.contains("- ❌ **fails on every attempt**: failed — expected 2 messages in scratch, matched 1 within 1s"
            + " (after 2 attempts)\n  - attempt 1: error — BROKER_NOT_AVAILABLE: broker down (1.20 s)"), md)
        XCTAssertTrue(md.contains(" 1 test was flaky (passed on a retry).\n"), md)
    }

    func testAFlakyScenarioIsNeverShownAsACleanPass() {
        let md = MarkdownReporter(language: .en, timeZone: utc).render(RetryFlowFixtures.run)
        XCTAssertFalse(md.contains("- ✅ **passes on its second attempt**"), md)
        var once = RetryFlowFixtures.run
        once.suites[0].scenarios = [ScenarioResult(name: "clean", suite: "Pipelines", file: "f.yaml", line: 1, status: .passed,
                                                   duration: 0.1)]
        let clean = MarkdownReporter(language: .en, timeZone: utc).render(once)
        XCTAssertTrue(clean.contains("- ✅ **clean**: passed (0.10 s)\n"), clean)
        XCTAssertFalse(clean.contains("🔁"), clean)
        XCTAssertFalse(clean.contains("Flaky ("), clean)
    }

    func testKoreanFlakyWording() {
        let md = MarkdownReporter(language: .ko, timeZone: utc).render(RetryFlowFixtures.run)
        XCTAssertTrue(md.contains("**불안정 (재시도 후 성공)**: 1개 🔁  \n"), md)
        XCTAssertTrue(md.contains("— 불안정: 2번째 시도에서 성공\n  - 1번째 시도: 실패 — "), md)
        XCTAssertTrue(md.contains("(2회 시도 후)\n  - 1번째 시도: 오류 — "), md)
        XCTAssertTrue(md.contains(" 재시도 후에야 성공한 불안정한 테스트가 1개 있습니다.\n"), md)
        XCTAssertTrue(md.contains("**메시지 흐름**\n\n```mermaid\nflowchart LR\n"), md)
        XCTAssertTrue(md.contains("-->|\"메시지 2개\"|"), md)
    }

    func testSuiteWithProcessorsGetsAMermaidFlowchart() {
        let md = MarkdownReporter(language: .en, timeZone: utc).render(RetryFlowFixtures.run)
        XCTAssertTrue(md.contains("""
        **Message flow**

        ```mermaid
        flowchart LR
            t1[("user_actions")]
            p1("action-processor")
            t2[("notifications")]
            t1 -->|"2 messages"| p1
            p1 -->|"1 message"| t2
        ```
        """), md)
        // Only the suite that ran processors has one.
        XCTAssertEqual(md.components(separatedBy: "```mermaid").count, 2, md)
        XCTAssertFalse(MarkdownReporter(timeZone: utc).render(Fixtures.run).contains("mermaid"))
    }

    func testSeedPipelinesDrawTwoFlowsInOneDiagram() {
        var run = RetryFlowFixtures.run
        var second = RetryFlowFixtures.pipeline
        second.name = "analytics"
        second.flows = RetryFlowFixtures.edges(from: "analytics", processor: "analytics-processor", to: "real_time_feedback",
                                               read: 1, written: 1)
        run.suites[0].scenarios.append(second)
        let md = MarkdownReporter(timeZone: utc).render(run)
        XCTAssertTrue(md.contains("    t3[(\"analytics\")]\n    p2(\"analytics-processor\")\n    t4[(\"real_time_feedback\")]\n"), md)
        XCTAssertTrue(md.contains("    t3 -->|\"1 message\"| p2\n    p2 -->|\"1 message\"| t4\n"), md)
    }

    // MARK: JUnit

    func testJUnitKeepsOneTestcaseWithFlakyPropertiesAndEarlierFailuresInSystemOut() {
        let xml = JUnitReporter().render(RetryFlowFixtures.run)
        XCTAssertEqual(xml.components(separatedBy: "<testcase name=\"passes on its second attempt\"").count, 2)
        XCTAssertTrue(xml.contains("<testcase name=\"passes on its second attempt\" classname=\"Pipelines\" time=\"1.500\"/>"), xml)
        XCTAssertTrue(xml.contains("<property name=\"passes on its second attempt.flaky\" value=\"true\"/>"), xml)
        XCTAssertTrue(xml.contains("<property name=\"passes on its second attempt.attempts\" value=\"2\"/>"), xml)
        XCTAssertTrue(xml.contains("<property name=\"fails on every attempt.flaky\" value=\"false\"/>"), xml)
        XCTAssertTrue(xml.contains("<property name=\"fails on every attempt.attempts\" value=\"2\"/>"), xml)
        XCTAssertFalse(xml.contains("slot spin yields a reward.attempts"), xml)
        XCTAssertTrue(xml.contains("[passes on its second attempt] attempt 1 of 2: failed (MessageNotFound) — expected 2 messages"
            + " in flaky_marker, matched 1 within 1s at scenarios/pipelines.yaml:21\n"
            + "[passes on its second attempt] attempt 1 of 2   0.010s ok   step produce\n"
            + "[passes on its second attempt] attempt 1 of 2   1.300s failed step expect\n"), xml)
        XCTAssertTrue(xml.contains("[fails on every attempt] attempt 1 of 2: error (BROKER_NOT_AVAILABLE) — BROKER_NOT_AVAILABLE: broker down\n"), xml)
        XCTAssertTrue(xml.contains("[passes on its second attempt] attempt 2 of 2   0.210s ok   step expect"), xml)
        XCTAssertFalse(xml.contains("flakyFailure"), "strict JUnit has no Surefire elements")
    }

    func testStrictJUnitWithRetriesValidatesAgainstEverySchema() throws {
        let xml = JUnitReporter().render(RetryFlowFixtures.run)
        for schema in XMLLint.schemas {
            let result = try XMLLint.check(xml, schema: schema)
            XCTAssertTrue(result.ok, "\(schema): \(result.output)")
        }
    }

    func testRichJUnitAddsSurefireRerunElementsInSchemaOrder() throws {
        let xml = JUnitReporter(style: .rich).render(RetryFlowFixtures.run)
        XCTAssertTrue(xml.contains("<flakyFailure message=\"expected 2 messages in flaky_marker, matched 1 within 1s\" "
            + "type=\"MessageNotFound\"><stackTrace>expected 2 messages in flaky_marker, matched 1 within 1s\n"
            + "  at scenarios/pipelines.yaml:21\n\nclosest message seen (offset 0):\n  key: r3x9k2</stackTrace>"
            + "<system-out>  0.010s ok   step produce\n  1.300s failed step expect</system-out></flakyFailure>"), xml)
        // Failed in the end: its earlier error is a rerunError, after the failure (Surefire's order).
        let failed = try XCTUnwrap(xml.range(of: "<testcase name=\"fails on every attempt\""))
        let tail = String(xml[failed.lowerBound...])
        let failure = try XCTUnwrap(tail.range(of: "<failure "))
        let rerun = try XCTUnwrap(tail.range(of: "<rerunError message=\"BROKER_NOT_AVAILABLE: broker down\""))
        let out = try XCTUnwrap(tail.range(of: "<system-out>  1.200s"))
        XCTAssertTrue(failure.lowerBound < rerun.lowerBound && rerun.lowerBound < out.lowerBound, tail)
        XCTAssertTrue(try XMLLint.check(xml).ok)
    }

    func testSurefireOrderPutsRerunFailuresBeforeAnError() {
        var run = RetryFlowFixtures.run
        var scenario = RetryFlowFixtures.failedTwice
        scenario.status = .error
        scenario.earlierAttempts = [Attempt(status: .failed, duration: 1, failure: RetryFlowFixtures.firstAttemptFailure)]
        run.suites = [SuiteResult(name: "S", file: "s.yaml", scenarios: [scenario])]
        let xml = JUnitReporter(style: .rich).render(run)
        let rerun = xml.range(of: "<rerunFailure ")!, error = xml.range(of: "<error ")!
        XCTAssertTrue(rerun.lowerBound < error.lowerBound, xml)
    }

    // MARK: results.json and console

    func testResultsJSONKeepsAttemptsAndReadsBack() throws {
        let json = JSONReporter().render(RetryFlowFixtures.run)
        XCTAssertTrue(json.contains("\"attempts\" : 2"), json)
        XCTAssertTrue(json.contains("\"flaky\" : true"), json)
        XCTAssertTrue(json.contains("\"flaky\" : 1"), "the summary counts flaky scenarios")
        XCTAssertTrue(json.contains("\"earlierAttempts\" : ["), json)
        XCTAssertTrue(json.contains("\"kind\" : \"processor\""), json)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("results-\(UUID().uuidString).json")
        try Data(json.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let back = try ResultsReader.read(file.path)
        let flaky = back.suites[0].scenarios[0]
        XCTAssertTrue(flaky.isFlaky)
        XCTAssertEqual(flaky.attemptCount, 2)
        XCTAssertEqual(flaky.earlierAttempts?.first?.failure, RetryFlowFixtures.firstAttemptFailure)
        XCTAssertEqual(back.suites[0].scenarios[2].flows, RetryFlowFixtures.pipeline.flows)
        // `report` re-renders the flaky marker and the flow from results.json alone.
        XCTAssertEqual(MarkdownReporter(language: .ko, timeZone: utc).render(back),
                       MarkdownReporter(language: .ko, timeZone: utc).render(RetryFlowFixtures.run))
    }

    func testConsoleNamesFlakyAndRetriedScenarios() {
        let output = Output()
        let console = ConsoleReporter(mode: .normal) { output.append($0) }
        console.scenarioFinished(RetryFlowFixtures.flaky)
        console.scenarioFinished(RetryFlowFixtures.failedTwice)
        console.runFinished(RetryFlowFixtures.run)
        XCTAssertTrue(output.text.contains("passes on its second attempt (1.50s) flaky: passed on attempt 2\n"), output.text)
        XCTAssertTrue(output.text.contains("fails on every attempt (2.40s) after 2 attempts\n"), output.text)
        XCTAssertTrue(output.text.contains(": 2 passed (1 flaky), 1 failed,"), output.text)
    }

    private final class Output: @unchecked Sendable {
        private let lock = NSLock()
        private var chunks: [String] = []
        func append(_ text: String) { lock.withLock { chunks.append(text) } }
        var text: String { lock.withLock { chunks.joined() } }
    }
}
