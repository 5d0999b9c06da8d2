import Foundation
import ScenarioResults
import ScenarioSpec

/// `parallel`: runs its steps on separate threads; passes when all pass, else fails with the first problem.
struct ParallelRunner: Sendable {
    let steps: [Step]
    let executor: StepExecutor

    func run(deadline: Deadline) throws {
        let outcomes = Locked([StepExecutor.Outcome?](repeating: nil, count: steps.count))
        let group = DispatchGroup()
        for (i, step) in steps.enumerated() {
            group.enter()
            Thread {
                let (outcome, _) = executor.execute(step, deadline: deadline)
                outcomes.withLock { $0[i] = outcome }
                group.leave()
            }.start()
        }
        group.wait()
        for outcome in outcomes.withLock({ $0 }).compactMap({ $0 }) {
            switch outcome {
            case .passed: continue
            case .failed(let f): throw StepError.failed(f)
            case .error(let f): throw StepError.errored(f)
            case .skipped(let f):
                if let reason = f.reason { throw StepError.skippedBecause(reason, message: f.message) }
                throw StepError.skipped(f.message)
            }
        }
    }
}

extension ParallelStep: RunnableStep {
    func run(_ run: StepRun, deadline: Deadline) throws {
        try ParallelRunner(steps: steps, executor: run.executor).run(deadline: deadline)
    }
}
