/// Live events from the engine while a run goes on (the console reporter is one observer).
/// Called from engine threads; implementations must be thread-safe.
public protocol RunObserver: AnyObject, Sendable {
    func runStarted(scenarioCount: Int, environment: RunEnvironment)
    func scenarioStarted(suite: String, scenario: String)
    /// A long step's progress (load, large produce): `done` of `total` units.
    func stepProgress(suite: String, scenario: String, step: String, done: Int, total: Int)
    func scenarioFinished(_ result: ScenarioResult)
    /// A warning that belongs to no scenario (e.g. the embedded broker's volume limit).
    func warning(_ message: String)
    func runFinished(_ result: RunResult)
}
