import Foundation
import ScenarioResults
import ScenarioSpec

/// `parallel`: runs its steps on separate threads; passes when all pass, else takes the first problem, whole.
struct ParallelRunner: Sendable {
    let steps: [Step]
    let executor: StepExecutor

    /// Each step's outcome and result, in the order of the steps.
    func run(deadline: Deadline) -> [(outcome: StepExecutor.Outcome, result: StepResult)] {
        let finished = Locked([(outcome: StepExecutor.Outcome, result: StepResult)?](repeating: nil, count: steps.count))
        let group = DispatchGroup()
        for (i, step) in steps.enumerated() {
            group.enter()
            Thread {
                let (outcome, result) = executor.execute(step, deadline: deadline)
                finished.withLock { $0[i] = (outcome, result) }
                group.leave()
            }.start()
        }
        group.wait()
        return finished.withLock { $0 }.compactMap { $0 }
    }
}

extension ParallelStep: RunnableStep {
    func run(_ run: StepRun, deadline: Deadline) throws {
        let finished = ParallelRunner(steps: steps, executor: run.executor).run(deadline: deadline)
        run.children(finished.map(\.result))
        for (outcome, _) in finished {
            if case .passed = outcome { continue }
            throw StepOutcomeError(outcome: outcome)
        }
    }
}
