import ScenarioResults

/// One `<testcase>`: a scenario, or the error standing for a file that could not be loaded.
struct JUnitCase {
    var name: String
    var classname: String
    var file: String
    var line: Int?
    var status: Status
    var duration: Double
    var failure: Failure?
    var log: [String]
    /// The attempts before the final one (retries), oldest first.
    var earlierAttempts: [Attempt] = []

    static func cases(of suite: SuiteResult) -> [JUnitCase] {
        var cases: [JUnitCase] = []
        if let loadError = suite.loadError {
            let line = GitHubActionsReporter.place(loadError.location, fallbackFile: suite.file, fallbackLine: nil).line
            cases.append(JUnitCase(name: suite.file, classname: suite.name, file: suite.file, line: line,
                                   status: .error, duration: 0, failure: loadError, log: []))
        }
        cases += suite.scenarios.map {
            JUnitCase(name: $0.name, classname: suite.name, file: $0.file, line: $0.line, status: $0.status,
                      duration: $0.duration, failure: $0.failure, log: $0.log, earlierAttempts: $0.earlierAttempts ?? [])
        }
        return cases
    }

    /// The failure/error body: what went wrong, where, the expected/actual details, then the step log.
    static func failureBody(_ failure: Failure, log: [String]) -> String {
        var parts = [failure.message]
        if let location = failure.location { parts[0] += "\n  at \(location)" }
        if let details = FailureWording.details(failure, .en), !details.isEmpty { parts.append(details) }
        if !log.isEmpty { parts.append("Step log:\n" + log.joined(separator: "\n")) }
        return parts.joined(separator: "\n\n")
    }
}
