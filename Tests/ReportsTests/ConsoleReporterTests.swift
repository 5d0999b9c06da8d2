import Foundation
import XCTest
import ScenarioResults
@testable import Reports

final class ConsoleReporterTests: XCTestCase {
    /// Collects what the reporter writes.
    final class Capture: @unchecked Sendable {
        private let lock = NSLock()
        private var chunks: [String] = []
        func append(_ text: String) { lock.lock(); chunks.append(text); lock.unlock() }
        var text: String { lock.lock(); defer { lock.unlock() }; return chunks.joined() }
        var count: Int { lock.lock(); defer { lock.unlock() }; return chunks.count }
    }

    private func replay(mode: ConsoleReporter.Mode = .normal, color: Bool = false, terminal: Bool = false,
                        run: RunResult = Fixtures.run) -> String {
        let capture = Capture()
        let console = ConsoleReporter(mode: mode, useColor: color, isTerminal: terminal) { capture.append($0) }
        console.runStarted(scenarioCount: run.scenarios.count, environment: run.environment)
        for scenario in run.scenarios {
            console.scenarioStarted(suite: scenario.suite, scenario: scenario.name)
            if scenario.name == "basic produce and consume" {
                console.stepProgress(suite: scenario.suite, scenario: scenario.name, step: "load", done: 50, total: 100)
                console.warning("volume may exceed what the embedded broker keeps")
            }
            console.scenarioFinished(scenario)
        }
        console.runFinished(run)
        return capture.text
    }

    func testNormalOutput() {
        let out = replay()
        XCTAssertEqual(out, """
        Running 5 scenarios against localhost:9093 (librdkafka 2.0.2)
        ✔ PASS  Connectivity › kafka connection (0.01s)
        ⚠ warning: volume may exceed what the embedded broker keeps
        ✔ PASS  Producer/Consumer › basic produce and consume (0.21s)
        ✘ FAIL  Producer/Consumer › reward notification (5.00s)
            no message in notifications matched within 5s
            at scenarios/seed/03_producer_consumer.yaml:38
            closest message seen (offset 2):
              value.reward: expected >= 100, got 50
        ○ SKIP  Error handling › broker down (0.00s)
            fault steps need the embedded broker
        ✘ ERROR Error handling › unreachable broker (10.00s)
            broker localhost:9999 unreachable after 10s
            at scenarios/seed/04_errors.yaml:17
        ✘ ERROR scenarios/broken.yaml (invalid file: its errors are shown above)
        6 scenarios: 2 passed, 1 failed, 2 errors, 1 skipped in 36.34s

        """)
    }

    func testQuietShowsOnlyFailuresAndTheSummary() {
        let out = replay(mode: .quiet, terminal: true)
        XCTAssertFalse(out.contains("PASS"))
        XCTAssertFalse(out.contains("SKIP"))
        XCTAssertFalse(out.contains("warning"))
        XCTAssertFalse(out.contains("Running"))
        XCTAssertFalse(out.contains("["), "no progress bar in quiet mode")
        XCTAssertTrue(out.contains("✘ FAIL  Producer/Consumer › reward notification (5.00s)\n"))
        XCTAssertTrue(out.hasSuffix("6 scenarios: 2 passed, 1 failed, 2 errors, 1 skipped in 36.34s\n"))
    }

    func testVerboseShowsEachStep() {
        let out = replay(mode: .verbose)
        XCTAssertTrue(out.contains("✔ PASS  Producer/Consumer › basic produce and consume (0.21s)\n"
            + "    ✔ produce 3 to user_actions (0.05s)\n    ✔ expect 3 from user_actions (0.16s)\n"))
        XCTAssertTrue(out.contains("    ✘ expect reward in notifications (5.00s)\n        no message matched within 5s\n"))
        XCTAssertFalse(replay(mode: .normal).contains("produce 3 to user_actions"))
    }

    func testTerminalEscapesInAFailureAreStripped() {
        var run = Fixtures.run
        run.suites = [Fixtures.connectivity]
        run.suites[0].scenarios[0].status = .failed
        run.suites[0].scenarios[0].failure = Failure(message: "got \u{1B}[2Jcleared", type: "AssertionFailed",
                                                     details: "value: \u{1B}]0;title\u{07}x")
        let text = replay(run: run)
        XCTAssertTrue(text.contains("    got cleared\n"), text)
        XCTAssertTrue(text.contains("    value: x\n"), text)
        XCTAssertFalse(text.contains("\u{1B}"))
    }

    func testColourOnlyWhenAsked() {
        XCTAssertFalse(replay(color: false).contains("\u{1B}["))
        let coloured = replay(color: true)
        XCTAssertTrue(coloured.contains("\u{1B}[32m✔ PASS \u{1B}[0m"))
        XCTAssertTrue(coloured.contains("\u{1B}[31m✘ FAIL \u{1B}[0m"))
    }

    func testProgressBarOnlyOnATerminalAndErasedBeforeTheNextLine() {
        XCTAssertFalse(replay(terminal: false).contains("\r"))
        let out = replay(terminal: true)
        let bar = "\r  [############............]  50% 50/100 Producer/Consumer › basic produce and consume: load"
        XCTAssertTrue(out.contains(bar), out)
        let erase = "\r" + String(repeating: " ", count: bar.count - 1) + "\r⚠ warning:"
        XCTAssertTrue(out.contains(bar + erase), out)
    }

    func testConcurrentEventsNeverInterleaveWithinALine() {
        let capture = Capture()
        let console = ConsoleReporter(mode: .normal) { text in
            // Written in pieces: interleaving would show if the lock did not cover a whole event.
            for character in text { capture.append(String(character)) }
        }
        let scenario = Fixtures.producerConsumer.scenarios[1]
        DispatchQueue.concurrentPerform(iterations: 200) { _ in console.scenarioFinished(scenario) }
        let block = replayBlock(scenario)
        XCTAssertEqual(capture.text, String(repeating: block, count: 200))
    }

    private func replayBlock(_ scenario: ScenarioResult) -> String {
        let capture = Capture()
        ConsoleReporter(mode: .normal) { capture.append($0) }.scenarioFinished(scenario)
        return capture.text
    }
}
