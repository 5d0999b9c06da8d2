import Foundation
import KafkaClient
import ScenarioResults

/// The results of a run whose broker could not be reached: nothing ran, and the reports say so.
/// Every selected scenario is an error naming the broker (CI sees each one as not run, never as
/// missing); scenarios the filters left out stay skipped.
public enum UnreachableBrokerResult {
    public static func make(_ plan: RunPlan, options: RunOptions, runID: String, reason: String, startedAt: Date,
                            duration: Double) -> RunResult {
        let environment = RunEnvironment(
            brokerMode: options.bootstrapServers == nil ? .embedded : .external,
            bootstrapServers: options.bootstrapServers ?? "embedded",
            librdkafkaVersion: Librdkafka.version, toolVersion: options.toolVersion,
            hostname: ProcessInfo.processInfo.hostName,
            clientProperties: options.clientProperties.sorted { $0.key < $1.key }
                .map { KeyValue($0.key, Redaction.redact(key: $0.key, value: $0.value)) })
        let suites = plan.suites.enumerated().map { index, suite in
            SuiteResult(name: suite.name, file: suite.file, description: suite.description,
                        scenarios: plan.entries.filter { $0.suite == index }.map { entry in
                            let failure = entry.skipFailure
                                ?? Failure(message: reason, type: "BrokerUnreachable")
                            return ScenarioResult(name: entry.scenario.name, suite: suite.name, file: suite.file,
                                                  line: entry.scenario.location.line,
                                                  tags: RunPlan.tags(of: entry.scenario, in: suite),
                                                  status: entry.skipReason == nil ? .error : .skipped, duration: 0,
                                                  failure: failure, description: entry.scenario.description)
                        })
        }
        return RunResult(runID: runID, startedAt: startedAt, duration: duration, environment: environment, suites: suites)
    }
}
