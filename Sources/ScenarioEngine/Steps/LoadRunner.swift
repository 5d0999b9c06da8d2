import ScenarioSpec

/// `load`: produces N messages at a rate while reading them back; see the performance work.
struct LoadRunner {
    let step: LoadStep

    func run(_ ctx: ScenarioContext, deadline: Deadline, progress: (Int, Int) -> Void) throws {
        throw StepError.couldNotRun("the load step is not available in this version")
    }
}
