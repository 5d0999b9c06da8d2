import ScenarioResults

/// `retries: N` (scenario) or `--retries N`: a scenario that failed or errored runs again, up to N more times,
/// each attempt with fresh isolated topics and consumer groups. One that passes on a retry is passed and flaky;
/// every earlier attempt's failure is kept. An interrupted run is never retried, nor one whose broker stopped answering
/// (the retry could only wait out its timeout).
struct RetryPolicy {
    let retries: Int
    let cancellation: Cancellation
    let brokerUnreachable: () -> Bool

    /// `attempt(n)` runs the n-th attempt (from 1).
    func run(_ attempt: (Int) -> ScenarioResult) -> ScenarioResult {
        var result = attempt(1)
        var earlier: [Attempt] = []
        while earlier.count < retries, mayRetry(result) {
            earlier.append(Attempt(status: result.status, duration: result.duration, failure: result.failure, log: result.log))
            result = attempt(earlier.count + 1)
        }
        guard !earlier.isEmpty else { return result }
        result.attempts = earlier.count + 1
        result.earlierAttempts = earlier
        result.duration += earlier.reduce(0) { $0 + $1.duration }
        if result.status == .passed { result.flaky = true }
        return result
    }

    private func mayRetry(_ result: ScenarioResult) -> Bool {
        guard result.status == .failed || result.status == .error, cancellation.cancelledReason == nil,
              result.failure?.type != StepError.brokerLostType else { return false }
        return !brokerUnreachable()
    }
}
