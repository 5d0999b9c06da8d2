import Foundation
import ScenarioSpec

/// `sleep`: waits, in slices, so an interrupt or the scenario deadline still cuts it short.
struct SleepRunner {
    let duration: Duration

    func run(_ ctx: ScenarioContext, deadline: Deadline) throws {
        try ctx.cancellation.sleep(until: Deadline.after(duration.seconds).earliest(deadline))
        ctx.records.note("slept \(duration)")
    }
}

extension SleepStep: RunnableStep {
    func run(_ run: StepRun, deadline: Deadline) throws {
        try SleepRunner(duration: duration).run(run.ctx, deadline: deadline)
    }
}
