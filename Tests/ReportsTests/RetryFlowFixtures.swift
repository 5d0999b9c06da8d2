import Foundation
import ScenarioResults

/// A run with a flaky scenario, one that failed every attempt, a skipped one and a suite whose processors
/// drew a flow, for the retry and flow parts of the reports.
enum RetryFlowFixtures {
    static let file = "scenarios/pipelines.yaml"

    static var run: RunResult {
        RunResult(runID: "r3x9k2", startedAt: Fixtures.startedAt, duration: 12.5, environment: Fixtures.environment,
                  suites: [pipelines, Fixtures.errorHandling])
    }

    static let firstAttemptFailure = Failure(message: "expected 2 messages in flaky_marker, matched 1 within 1s",
                                             type: "MessageNotFound", details: "closest message seen (offset 0):\n  key: r3x9k2",
                                             location: "\(file):21")

    static var flaky: ScenarioResult {
        var result = ScenarioResult(
            name: "passes on its second attempt", suite: "Pipelines", file: file, line: 14, status: .passed, duration: 1.5,
            steps: [StepResult(kind: "produce", name: "produce 1 to flaky_marker", line: 18, status: .passed, duration: 0.01),
                    StepResult(kind: "expect", name: "expect 2 from flaky_marker", line: 21, status: .passed, duration: 0.2)],
            log: ["  0.010s ok   step produce", "  0.210s ok   step expect"])
        result.attempts = 2
        result.flaky = true
        result.earlierAttempts = [Attempt(status: .failed, duration: 1.3, failure: firstAttemptFailure,
                                          log: ["  0.010s ok   step produce", "  1.300s failed step expect"])]
        return result
    }

    static var failedTwice: ScenarioResult {
        var result = ScenarioResult(
            name: "fails on every attempt", suite: "Pipelines", file: file, line: 30, status: .failed, duration: 2.4,
            failure: Failure(message: "expected 2 messages in scratch, matched 1 within 1s", type: "MessageNotFound",
                             location: "\(file):36"),
            steps: [StepResult(kind: "produce", name: "produce 1 to scratch", line: 33, status: .passed, duration: 0.01),
                    StepResult(kind: "expect", name: "expect 2 from scratch", line: 36, status: .failed, duration: 1.2)],
            log: ["  1.200s failed step expect"])
        result.attempts = 2
        result.earlierAttempts = [Attempt(status: .error, duration: 1.2,
                                          failure: Failure(message: "BROKER_NOT_AVAILABLE: broker down", type: "BROKER_NOT_AVAILABLE"))]
        return result
    }

    static var pipeline: ScenarioResult {
        var result = ScenarioResult(
            name: "slot spin yields a reward", suite: "Pipelines", file: file, line: 40, status: .passed, duration: 0.4,
            description: "Slot spin → user_actions → action processor → notifications")
        result.flows = edges(from: "user_actions", processor: "action-processor", to: "notifications", read: 2, written: 1)
        return result
    }

    static func edges(from: String, processor: String, to: String, read: Int, written: Int) -> [FlowEdge] {
        [FlowEdge(from: FlowNode(.topic, from), to: FlowNode(.processor, processor), messages: read),
         FlowEdge(from: FlowNode(.processor, processor), to: FlowNode(.topic, to), messages: written)]
    }

    static var pipelines: SuiteResult {
        SuiteResult(name: "Pipelines", file: file, description: "Flaky, failing and flowing scenarios.",
                    scenarios: [flaky, failedTwice, pipeline])
    }
}
