import ScenarioResults

/// Counts over everything a report shows as a test: every scenario, plus one error
/// per suite whose file could not be loaded.
public struct RunSummary: Codable, Sendable, Equatable {
    public var total: Int
    public var passed: Int
    public var failed: Int
    public var errors: Int
    public var skipped: Int
    /// Passed on a retry (counted in `passed` too).
    public var flaky: Int
    public var duration: Double

    public init(_ run: RunResult) {
        let scenarios = run.scenarios
        let loadErrors = run.suites.filter { $0.loadError != nil }.count
        passed = scenarios.filter { $0.status == .passed }.count
        failed = scenarios.filter { $0.status == .failed }.count
        errors = scenarios.filter { $0.status == .error }.count + loadErrors
        skipped = scenarios.filter { $0.status == .skipped }.count
        flaky = scenarios.filter(\.isFlaky).count
        total = scenarios.count + loadErrors
        duration = run.duration
    }

    /// Failed plus errored: what makes a run unsuccessful.
    public var unsuccessful: Int { failed + errors }
}
