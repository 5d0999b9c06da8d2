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
        let children = Locked<[StepResult]?>(nil)
        var outcome = applyExpectedError(step) {
            try perform(step.kind, at: step.location, title: title, deadline: deadline) { results in children.withLock { $0 = results } }
        }
        switch outcome {
        case .failed(var f) where f.location == nil: f.location = here; outcome = .failed(f)
        case .error(var f) where f.location == nil: f.location = here; outcome = .error(f)
        default: break
        }
        let duration = Deadline.now() - start
        let status = outcome.status, message = outcome.failure?.message
        ctx.records.note("\(status == .passed ? "ok  " : status.rawValue) step \(step.kind.keyword) '\(title)' (\(format(duration)))"
                 + (message.map { ": \($0)" } ?? ""))
        var result = StepResult(kind: step.kind.keyword, name: title, line: step.location.line, status: status,
                                duration: duration, message: message)
        result.children = children.withLock { $0 }
        return (outcome, result)
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
                ctx.records.note("expected error happened: \(name): \(message)")
                ctx.records.verify(.errorAsExpected(name: name))
                return .passed
            case let expected?:
                return .failed(Failure(message: "expected error \(Self.name(of: expected)), got \(name): \(message)", type: "WrongError",
                                       reason: .wrongError(expected: Self.name(of: expected), actual: name, message: message)))
            case nil:
                return .of(StepError.kafka(name: name, message: message))
            }
        } catch StepError.errored(let failure) where failure.type == StepError.schemaMisfitType && step.expectError == .any {
            // A value that does not fit its schema is refused before anything is sent: `expect_error: any` asserts that.
            ctx.records.note("expected error happened: \(failure.message)")
            return .passed
        } catch {
            return .of(error)
        }
    }

    private func perform(_ kind: any StepModel, at location: SourceLocation, title: String, deadline: Deadline,
                         children: @escaping ([StepResult]) -> Void) throws {
        guard let runnable = kind as? any RunnableStep else {
            throw StepError.couldNotRun("step kind '\(kind.keyword)' has no run")
        }
        try runnable.run(StepRun(ctx: ctx, location: location, progress: { done, total in progress(title, done, total) },
                                 executor: self, children: children), deadline: deadline)
    }

    static func name(of expectation: ErrorExpectation) -> String {
        switch expectation {
        case .any: return "any"
        case .named(let n): return n
        }
    }

    static func describe(_ step: Step) -> String { step.kind.summary }
}

