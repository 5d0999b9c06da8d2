/// One run of a scenario that did not pass and was run again (`retries:`, `--retries`).
public struct Attempt: Codable, Sendable {
    /// failed or error.
    public var status: Status
    public var duration: Double
    public var failure: Failure?
    /// That attempt's step log.
    public var log: [String]

    public init(status: Status, duration: Double, failure: Failure?, log: [String] = []) {
        self.status = status
        self.duration = duration
        self.failure = failure
        self.log = log
    }
}

extension ScenarioResult {
    /// How many times the scenario ran (1 unless it was retried).
    public var attemptCount: Int { attempts ?? 1 }

    /// Passed on a retry after failing (or erroring) before: counted as passed, reported as flaky.
    public var isFlaky: Bool { status == .passed && flaky == true }
}
