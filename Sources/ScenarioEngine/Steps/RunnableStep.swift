import ScenarioResults
import ScenarioSpec

/// A step kind's run: each kind's file in Steps/ adds it to the kind's model by conformance.
protocol RunnableStep: StepModel {
    func run(_ run: StepRun, deadline: Deadline) throws
}

/// What a step's run is given.
struct StepRun {
    let ctx: ScenarioContext
    let location: SourceLocation
    /// Progress of a long step: done, total.
    let progress: (Int, Int) -> Void
    /// Runs nested steps (`parallel`).
    let executor: StepExecutor
    /// Records the results of nested steps, kept in the step's own result.
    let children: ([StepResult]) -> Void
}
