import Foundation
import KafkaClient
import ScenarioResults
import ScenarioSpec

/// A suite with services (docs/services.md): its topics are created once for the run, its services start
/// in order, its scenarios run one at a time, and its services stop at the end, whatever happened.
struct ServiceSuiteRun {
    let suite: Suite
    /// The suite's number in the run (from 1), part of its topics' isolated names.
    let suiteNumber: Int
    let shared: SuiteShared
    let session: BrokerSession
    let options: RunOptions
    let runID: String
    let registry: TopicRegistry
    let cancellation: Cancellation
    /// Secret values of the services' env, collected for the reports' scrubber.
    let secrets: Locked<[String]>

    /// `runOne(i, restart)` runs the i-th scenario the usual way, calling `restart` before each retry; `finish`
    /// records its result.
    func run(_ entries: [(entry: RunPlan.Entry, runner: ScenarioRunner)], skipAll: () -> Bool,
             runOne: (Int, _ restart: () -> Failure?) -> ScenarioResult, finish: (Int, ScenarioResult) -> Void) {
        guard entries.contains(where: { $0.entry.skipReason == nil }), !skipAll() else {
            for i in entries.indices { finish(i, runOne(i) { nil }) }
            return
        }
        var services = makeServices()
        defer { services.stopAll() }
        var generation = 0
        var failure = setUp(services, isolationID: isolationID(generation: 0))
        let lastToRun = entries.lastIndex { $0.entry.skipReason == nil }
        for (i, item) in entries.enumerated() {
            if let failure, item.entry.skipReason == nil {
                item.runner.abandon()
                finish(i, Self.error(item.entry, item.runner, failure))
                continue
            }
            var start = Date()
            // A retry gets the services restarted on fresh topics: nothing an earlier attempt caused can reach it (§2).
            var result = runOne(i) {
                services.stopAll()
                keepLogs(ofGeneration: generation)
                generation += 1
                services = makeServices()
                start = Date()
                failure = setUp(services, isolationID: isolationID(generation: generation))
                return failure
            }
            if result.status != .skipped, let exited = services.exitedService() {
                // A service that ended broke this scenario, whatever its steps said; the next ones cannot run.
                result.status = .error
                result.failure = Failure(message: exited.message + (result.failure.map { "; \($0.message)" } ?? ""),
                                         type: exited.type, details: [exited.details, result.failure?.details]
                                            .compactMap { $0 }.joined(separator: "\n\n"),
                                         location: result.failure?.location)
                failure = Failure(message: "not run: \(exited.message)", type: exited.type)
            }
            if result.status == .failed || result.status == .error, var f = result.failure,
               let lines = services.logLines(from: start, to: Date()) {
                f.details = [f.details, lines].compactMap { $0 }.joined(separator: "\n\n")
                result.failure = f
            }
            if i == lastToRun, failure == nil, let stopFailure = services.stopAll() {
                result = Self.amend(result, stopFailure)
            }
            finish(i, result)
        }
    }

    /// The suite's topics carry the suite (two suites of a run may declare the same name) and, after a retry's
    /// restart, the generation of its services: `<name>.<run id>.s<suite>` then `…s<suite>g<n>`.
    func isolationID(generation: Int) -> String {
        "\(runID).s\(suiteNumber)" + (generation > 0 ? "g\(generation)" : "")
    }

    private func makeServices() -> SuiteServices {
        SuiteServices(logDirectory: options.serviceLogDirectory, cancellation: cancellation,
                      describeGroup: { [session] name in Result { try session.admin.describeGroup(name, timeout: 2) } },
                      secretSink: { values in secrets.withLock { $0 += values } },
                      knownSecrets: options.knownSecrets)
    }

    /// A restarted service writes `services/<name>.log` afresh: the earlier one is kept as `<name>.<generation>.log`.
    private func keepLogs(ofGeneration generation: Int) {
        for service in suite.services {
            let path = "\(options.serviceLogDirectory)/\(service.name)"
            try? FileManager.default.removeItem(atPath: "\(path).\(generation + 1).log")
            try? FileManager.default.moveItem(atPath: "\(path).log", toPath: "\(path).\(generation + 1).log")
        }
    }

    private func setUp(_ services: SuiteServices, isolationID: String) -> Failure? {
        do {
            let deadline = Deadline.after(60)
            shared.topicNames = try ScenarioRunner.createTopics(suite, isolationID: isolationID, session: session,
                                                                registry: registry, deadline: deadline)
            var vars = try ScenarioRunner.suiteVariables(suite, runID: runID, options: options,
                                                         environment: ProcessInfo.processInfo.environment, session: session)
            vars["topics"] = ScenarioRunner.topicsVariable(suite, shared.topicNames)
            if let failure = services.start(suite.services, variables: vars, environment: ProcessInfo.processInfo.environment) {
                return failure
            }
            shared.variables = ["services": services.variableValue]
            return nil
        } catch {
            switch ScenarioRunner.outcome(of: error) {
            case .error(let f), .failed(let f): return Failure(message: "the suite's services could not start: \(f.message)", type: "ServiceError")
            default: return Failure(message: "the suite's services could not start: \(error)", type: "ServiceError")
            }
        }
    }

    /// The suite's last scenario, failed by a service that ended badly when stopped (DESIGN §1.7).
    private static func amend(_ result: ScenarioResult, _ stop: Failure) -> ScenarioResult {
        var result = result
        if result.status == .skipped { return result }
        guard var failure = result.failure, result.status != .passed else {
            if result.status == .passed { result.status = .failed }
            result.failure = stop
            return result
        }
        failure.details = [failure.details, stop.message, stop.details].compactMap { $0 }.joined(separator: "\n\n")
        result.failure = failure
        return result
    }

    private static func error(_ entry: RunPlan.Entry, _ runner: ScenarioRunner, _ failure: Failure) -> ScenarioResult {
        ScenarioResult(name: entry.scenario.name, suite: runner.suite.name, file: runner.suite.file,
                       line: entry.scenario.location.line, tags: RunPlan.tags(of: entry.scenario, in: runner.suite),
                       status: .error, duration: 0, failure: failure, description: entry.scenario.description)
    }
}
