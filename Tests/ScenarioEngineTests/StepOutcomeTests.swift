import ScenarioResults
import XCTest
@testable import ScenarioEngine

/// One mapping from a thrown error to an outcome, for steps and for a scenario's set-up alike.
final class StepOutcomeTests: XCTestCase {
    func testCouldNotRunIsAStepErrorInStepsAndInSetUp() {
        let outcome = StepExecutor.Outcome.of(StepError.couldNotRun("no"))
        XCTAssertEqual(outcome.status, .error)
        XCTAssertEqual(outcome.failure?.type, "StepError")
        XCTAssertEqual(ScenarioRunner.outcome(of: StepError.couldNotRun("no")).failure?.type, "StepError")
    }

    func testEachErrorKeepsItsKind() {
        XCTAssertEqual(StepExecutor.Outcome.of(StepError.kafka(name: "TOPIC_EXCEPTION", message: "m")).failure?.type, "TOPIC_EXCEPTION")
        XCTAssertEqual(StepExecutor.Outcome.of(StepError.failed(Failure(message: "m", type: "AssertionFailed"))).status, .failed)
        XCTAssertEqual(StepExecutor.Outcome.of(StepError.skipped("why")).status, .skipped)
        XCTAssertEqual(StepExecutor.Outcome.of(StepError.brokerLost("gone")).failure?.type, StepError.brokerLostType)
        struct Odd: Error {}
        XCTAssertEqual(StepExecutor.Outcome.of(Odd()).failure?.type, "InternalError")
        XCTAssertNil(StepExecutor.Outcome.passed.failure)
    }

    func testAnOutcomePassedOnWholeKeepsItsDetailsAndLocation() {
        let failure = Failure(message: "m", type: "Skipped", details: "d", location: "f.yaml:3")
        let outcome = StepExecutor.Outcome.of(StepOutcomeError(outcome: .skipped(failure)))
        XCTAssertEqual(outcome.status, .skipped)
        XCTAssertEqual(outcome.failure, failure)
    }
}
