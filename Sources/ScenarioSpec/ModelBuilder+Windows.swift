extension ModelBuilder {
    /// A window that only its whole length can decide (`expect_none`'s `for:`, an `expect` with an exact count, an
    /// upper bound, `exact: true` or `unique:`) longer than the scenario's `timeout` can never be waited out: an
    /// error at the step's line. Any other `within:` longer than the timeout is only cut short: a warning.
    func checkWindowsFit(_ steps: [Step], timeout: Duration) {
        for step in steps {
            let window: Duration
            let decidedByWaiting: Bool
            if let expect = step.kind as? ExpectStep, let within = expect.within {
                window = within
                decidedByWaiting = expect.exact || expect.unique != nil || (expect.count?.isProvenByWaiting ?? false)
            } else if let none = step.kind as? ExpectNoneStep {
                window = none.duration
                decidedByWaiting = true
            } else {
                continue
            }
            guard window.seconds > timeout.seconds else { continue }
            let what = step.kind is ExpectNoneStep ? "for: \(window)" : "within: \(window)"
            report(Diagnostic(decidedByWaiting ? .error : .warning, at: step.location,
                              decidedByWaiting ? "'\(what)' is longer than the scenario's timeout (\(timeout)): the window would be cut short before it can decide"
                                               : "'\(what)' is longer than the scenario's timeout (\(timeout)): the timeout ends the step first",
                              help: "raise the scenario's 'timeout:' above \(window), or shorten the window"))
        }
    }
}
