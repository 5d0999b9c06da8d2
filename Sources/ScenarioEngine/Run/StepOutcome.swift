import KafkaClient
import ScenarioResults
import ScenarioSpec

extension StepExecutor.Outcome {
    /// The one mapping from what a step or a scenario's set-up threw to its outcome: an unmet assertion
    /// fails, what could not run is an error, a step that does not apply is skipped.
    static func of(_ error: Error) -> Self {
        switch error {
        case let error as StepOutcomeError: return error.outcome
        case StepError.failed(let f): return .failed(f)
        case StepError.kafka(let name, let message): return .error(Failure(message: "\(name): \(message)", type: name))
        // Not an error of the broker or client (a template error, an interruption): expect_error never accepts it.
        case StepError.couldNotRun(let message): return .error(Failure(message: message, type: "StepError"))
        case StepError.skipped(let reason): return .skipped(Failure(message: reason, type: "Skipped"))
        case StepError.skippedBecause(let reason, let message): return .skipped(Failure(message: message, type: "Skipped", reason: reason))
        case StepError.errored(let failure): return .error(failure)
        case StepError.brokerLost(let message): return .error(Failure(message: message, type: StepError.brokerLostType))
        case let error as KafkaError: return .error(Failure(message: error.description, type: error.name))
        case let error as TemplateError: return .error(Failure(message: "template error: \(error.message)", type: "TemplateError"))
        default: return .error(Failure(message: "\(error)", type: "InternalError"))
        }
    }

    var status: Status {
        switch self {
        case .passed: return .passed
        case .failed: return .failed
        case .error: return .error
        case .skipped: return .skipped
        }
    }

    /// Why it did not pass; nil when it passed.
    var failure: Failure? {
        switch self {
        case .passed: return nil
        case .failed(let f), .error(let f), .skipped(let f): return f
        }
    }
}

/// An outcome passed on whole (type, details, location and reason kept), e.g. a `parallel` child's.
struct StepOutcomeError: Error {
    let outcome: StepExecutor.Outcome
}
