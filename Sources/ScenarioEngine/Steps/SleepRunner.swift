import Foundation
import ScenarioSpec

/// `sleep`: waits, in slices, so an interrupt or the scenario deadline still cuts it short.
struct SleepRunner {
    let duration: Duration

    func run(_ ctx: ScenarioContext, deadline: Deadline) throws {
        let until = Deadline.after(duration.seconds).earliest(deadline)
        while !until.hasPassed {
            try ctx.cancellation.check()
            Thread.sleep(forTimeInterval: min(0.05, until.remaining))
        }
        ctx.note("slept \(duration)")
    }
}
