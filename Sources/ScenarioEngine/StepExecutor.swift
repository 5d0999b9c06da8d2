import Foundation
import ScenarioResults
import ScenarioSpec

/// Runs one step (dispatching on its kind), applies `expect_error`, and turns the outcome into a StepResult.
struct StepExecutor: Sendable {
    let ctx: ScenarioContext
    let progress: @Sendable (String, Int, Int) -> Void

    enum Outcome {
        case passed
        case failed(Failure)
        case error(Failure)
        case skipped(Failure)
    }

    func execute(_ step: Step, deadline: Deadline) -> (Outcome, StepResult) {
        let start = Deadline.now()
        let title = step.name ?? Self.describe(step)
        let here = "\(step.location.file):\(step.location.line)"
        var outcome = applyExpectedError(step) { try perform(step.kind, at: step.location, title: title, deadline: deadline) }
        switch outcome {
        case .failed(var f) where f.location == nil: f.location = here; outcome = .failed(f)
        case .error(var f) where f.location == nil: f.location = here; outcome = .error(f)
        default: break
        }
        let duration = Deadline.now() - start
        let (status, message): (Status, String?) = {
            switch outcome {
            case .passed: return (.passed, nil)
            case .failed(let f): return (.failed, f.message)
            case .error(let f): return (.error, f.message)
            case .skipped(let reason): return (.skipped, reason.message)
            }
        }()
        ctx.note("\(status == .passed ? "ok  " : status.rawValue) step \(step.kind.keyword) '\(title)' (\(format(duration)))"
                 + (message.map { ": \($0)" } ?? ""))
        return (outcome, StepResult(kind: step.kind.keyword, name: title, line: step.location.line, status: status,
                                    duration: duration, message: message))
    }

    private func applyExpectedError(_ step: Step, _ body: () throws -> Void) -> Outcome {
        do {
            try body()
            if let expected = step.expectError {
                let what = expected == .any ? "an error" : "error \(Self.name(of: expected))"
                return .failed(Failure(message: "expected \(what), but the step succeeded", type: "ExpectedErrorMissing",
                                       reason: .expectedErrorMissing(expected: expected == .any ? nil : Self.name(of: expected))))
            }
            return .passed
        } catch StepError.kafka(let name, let message) {
            switch step.expectError {
            case let expected? where expected == .any || expected == .named(name):
                ctx.note("expected error happened: \(name): \(message)")
                ctx.verify(.errorAsExpected(name: name))
                return .passed
            case let expected?:
                return .failed(Failure(message: "expected error \(Self.name(of: expected)), got \(name): \(message)", type: "WrongError",
                                       reason: .wrongError(expected: Self.name(of: expected), actual: name, message: message)))
            case nil:
                return .error(Failure(message: "\(name): \(message)", type: name))
            }
        } catch StepError.failed(let failure) {
            return .failed(failure)
        } catch StepError.couldNotRun(let message) {
            // Not an error of the broker or client (a template error, an interruption): expect_error never accepts it.
            return .error(Failure(message: message, type: "StepError"))
        } catch StepError.errored(let failure) {
            return .error(failure)
        } catch StepError.skipped(let reason) {
            return .skipped(Failure(message: reason, type: "Skipped"))
        } catch StepError.skippedBecause(let reason, let message) {
            return .skipped(Failure(message: message, type: "Skipped", reason: reason))
        } catch StepError.brokerLost(let message) {
            return .error(Failure(message: message, type: StepError.brokerLostType))
        } catch {
            return .error(Failure(message: "\(error)", type: "InternalError"))
        }
    }

    private func perform(_ kind: any StepModel, at location: SourceLocation, title: String, deadline: Deadline) throws {
        guard let runnable = kind as? any RunnableStep else {
            throw StepError.couldNotRun("step kind '\(kind.keyword)' has no run")
        }
        try runnable.run(StepRun(ctx: ctx, location: location, progress: { done, total in progress(title, done, total) },
                                 executor: self), deadline: deadline)
    }

    static func name(of expectation: ErrorExpectation) -> String {
        switch expectation {
        case .any: return "any"
        case .named(let n): return n
        }
    }

    static func describe(_ step: Step) -> String { step.kind.summary }
}

