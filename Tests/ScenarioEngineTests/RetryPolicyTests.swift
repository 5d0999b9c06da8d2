import ScenarioResults
import XCTest
@testable import ScenarioEngine

final class RetryPolicyTests: XCTestCase {
    private func result(_ status: Status, _ duration: Double = 1, type: String = "MessageNotFound") -> ScenarioResult {
        ScenarioResult(name: "s", suite: "S", file: "s.yaml", line: 1, status: status, duration: duration,
                       failure: status == .passed ? nil : Failure(message: "\(status) \(duration)", type: type),
                       log: ["log \(duration)"])
    }

    /// Runs the policy over scripted attempt outcomes; returns the result and how many attempts ran.
    private func run(_ script: [ScenarioResult], retries: Int, cancellation: Cancellation = Cancellation(),
                     unreachable: Bool = false) -> (ScenarioResult, Int) {
        var ran = 0
        let policy = RetryPolicy(retries: retries, cancellation: cancellation, brokerUnreachable: { unreachable })
        let final = policy.run { attempt in
            ran = attempt
            return script[attempt - 1]
        }
        return (final, ran)
    }

    func testAPassOnTheFirstAttemptIsNotRetriedNorMarked() {
        let (final, ran) = run([result(.passed)], retries: 3)
        XCTAssertEqual(ran, 1)
        XCTAssertNil(final.attempts)
        XCTAssertNil(final.earlierAttempts)
        XCTAssertFalse(final.isFlaky)
    }

    func testAFailureThenAPassIsFlakyWithTheFailureKeptAndTimesSummed() {
        let (final, ran) = run([result(.failed, 1.5), result(.passed, 0.5)], retries: 2)
        XCTAssertEqual(ran, 2)
        XCTAssertEqual(final.status, .passed)
        XCTAssertTrue(final.isFlaky)
        XCTAssertEqual(final.attemptCount, 2)
        XCTAssertEqual(final.duration, 2.0)
        XCTAssertEqual(final.earlierAttempts?.map(\.status), [.failed])
        XCTAssertEqual(final.earlierAttempts?.first?.failure?.message, "failed 1.5")
        XCTAssertEqual(final.earlierAttempts?.first?.log, ["log 1.5"])
    }

    func testAnErrorIsRetriedToo() {
        let (final, ran) = run([result(.error, type: "SetupError"), result(.passed)], retries: 1)
        XCTAssertEqual(ran, 2)
        XCTAssertTrue(final.isFlaky)
    }

    func testFailingEveryAttemptUsesAllRetriesAndStaysFailed() {
        let (final, ran) = run([result(.failed, 1), result(.error, 2), result(.failed, 3)], retries: 2)
        XCTAssertEqual(ran, 3)
        XCTAssertEqual(final.status, .failed)
        XCTAssertFalse(final.isFlaky)
        XCTAssertNil(final.flaky)
        XCTAssertEqual(final.attempts, 3)
        XCTAssertEqual(final.earlierAttempts?.map(\.status), [.failed, .error])
        XCTAssertEqual(final.duration, 6)
    }

    func testZeroRetriesRunsOnce() {
        let (final, ran) = run([result(.failed), result(.passed)], retries: 0)
        XCTAssertEqual(ran, 1)
        XCTAssertEqual(final.status, .failed)
        XCTAssertNil(final.attempts)
    }

    func testAnInterruptedRunIsNeverRetried() {
        let cancellation = Cancellation()
        cancellation.cancel("SIGINT received")
        let (final, ran) = run([result(.error, type: "StepError"), result(.passed)], retries: 3, cancellation: cancellation)
        XCTAssertEqual(ran, 1)
        XCTAssertEqual(final.status, .error)
        XCTAssertNil(final.attempts)
    }

    func testALostBrokerIsNotRetried() {
        XCTAssertEqual(run([result(.error, type: StepError.brokerLostType), result(.passed)], retries: 3).1, 1)
        XCTAssertEqual(run([result(.failed), result(.passed)], retries: 3, unreachable: true).1, 1)
    }

    func testSkippedIsNotRetried() {
        XCTAssertEqual(run([result(.skipped), result(.passed)], retries: 3).1, 1)
    }
}
