import Foundation
import ScenarioResults

/// A fixed run with every kind of outcome, so reports are byte-for-byte deterministic.
enum Fixtures {
    static let startedAt = Date(timeIntervalSince1970: 1_753_765_500) // 2025-07-29T05:05:00Z

    static let environment = RunEnvironment(
        brokerMode: .external, bootstrapServers: "localhost:9093", brokerCount: 1,
        clusterID: "MkU3OEVBNTcwNTJENDM2Qk", controllerID: 1, librdkafkaVersion: "2.0.2",
        toolVersion: "0.1.0", hostname: "ci-runner-01",
        clientProperties: [KeyValue("acks", "all"), KeyValue("sasl.password", "[redacted]")])

    static let sample = """
    {
      "data" : {
        "action" : "SLOT_SPIN",
        "bet_amount" : 50
      },
      "event_type" : "user_action",
      "user_id" : "user_12345"
    }
    """

    static var run: RunResult {
        RunResult(runID: "r3x9k2", startedAt: startedAt, duration: 36.34, environment: environment,
                  suites: [connectivity, producerConsumer, errorHandling, broken])
    }

    static let connectivity = SuiteResult(
        name: "Connectivity", file: "scenarios/seed/01_connectivity.yaml",
        description: "The client reaches the cluster.",
        scenarios: [
            ScenarioResult(
                name: "kafka connection", suite: "Connectivity", file: "scenarios/seed/01_connectivity.yaml",
                line: 4, status: .passed, duration: 0.0125,
                steps: [StepResult(kind: "cluster", name: "cluster has brokers", line: 6, status: .passed, duration: 0.012)],
                verified: [.connected(brokers: 1, controller: 1, clusterID: nil)],
                metrics: [Metric(name: "cluster.connect_time", label: "connect time", value: 0.012, unit: .seconds,
                                 threshold: "< 5s", passed: true)],
                log: ["cluster: 1 broker(s), controller 1 (12 ms)"],
                description: "connects to the cluster and reads its metadata"),
        ])

    static let producerConsumer = SuiteResult(
        name: "Producer/Consumer", file: "scenarios/seed/03_producer_consumer.yaml",
        topics: [TopicInfo(name: "user_actions", actualName: "user_actions.r3x9k2", partitions: 3, replicationFactor: 1)],
        scenarios: [
            ScenarioResult(
                name: "basic produce and consume", suite: "Producer/Consumer",
                file: "scenarios/seed/03_producer_consumer.yaml", line: 10, tags: ["smoke"], status: .passed,
                duration: 0.21,
                steps: [
                    StepResult(kind: "produce", name: "produce 3 to user_actions", line: 12, status: .passed, duration: 0.05),
                    StepResult(kind: "expect", name: "expect 3 from user_actions", line: 20, status: .passed, duration: 0.16),
                ],
                verified: [.produced(topic: "user_actions", count: 3), .received(topic: "user_actions", expected: 3)],
                metrics: [
                    Metric(name: "produce.throughput", label: "produce throughput (user_actions)", value: 123.45,
                           unit: .perSecond, threshold: ">= 10/s", passed: true),
                    Metric(name: "expect.latency.p95", label: "latency p95 (user_actions)", value: 0.0042,
                           unit: .seconds, threshold: "< 100ms", passed: true),
                    Metric(name: "expect.count", label: "messages received", value: 3, unit: .count),
                ],
                sampleMessage: sample,
                log: ["produce 3 to user_actions: 3 acknowledged (50 ms)", "expect 3 from user_actions: matched 3 (160 ms)"]),
            ScenarioResult(
                name: "reward notification", suite: "Producer/Consumer",
                file: "scenarios/seed/03_producer_consumer.yaml", line: 30, status: .failed, duration: 5.0031,
                failure: Failure(
                    message: "no message in notifications matched within 5s",
                    type: "MessageNotFound",
                    details: "closest message seen (offset 2):\n  value.reward: expected >= 100, got 50",
                    location: "scenarios/seed/03_producer_consumer.yaml:38",
                    reason: .messagesNotFound(topic: "notifications", missing: 1, expected: 1, seen: 1, within: "5.00s",
                                              closest: [Difference(path: "value.reward", expected: ">= 100", actual: "50")],
                                              unmet: [UnmetMessage(index: 1, line: 40, closest: "{\n  \"reward\": 50\n}",
                                                                   differences: [Difference(path: "value.reward", expected: ">= 100", actual: "50")])],
                                              moreUnmet: 0)),
                steps: [
                    StepResult(kind: "produce", name: "produce 1 to user_actions", line: 32, status: .passed, duration: 0.003),
                    StepResult(kind: "expect", name: "expect reward in notifications", line: 38, status: .failed,
                               duration: 5.0, message: "no message matched within 5s"),
                ],
                metrics: [Metric(name: "expect.latency.max", label: "latency max (notifications)", value: 1.2,
                                 unit: .seconds, threshold: "< 1s", passed: false)],
                log: ["produce 1 to user_actions: 1 acknowledged (3 ms)", "expect reward in notifications: 1 seen, 0 matched (5.00 s)"]),
        ])

    static let errorHandling = SuiteResult(
        name: "Error handling", file: "scenarios/seed/04_errors.yaml",
        scenarios: [
            ScenarioResult(
                name: "broker down", suite: "Error handling", file: "scenarios/seed/04_errors.yaml", line: 5,
                status: .skipped, duration: 0,
                failure: Failure(message: "fault steps need the embedded broker", type: "Skipped",
                                 reason: .faultNeedsEmbedded(bootstrapServers: "localhost:9093"))),
            ScenarioResult(
                name: "unreachable broker", suite: "Error handling", file: "scenarios/seed/04_errors.yaml", line: 15,
                status: .error, duration: 10.0,
                failure: Failure(message: "broker localhost:9999 unreachable after 10s", type: "BrokerUnavailable",
                                 location: "scenarios/seed/04_errors.yaml:17"),
                log: ["connect localhost:9999: timed out (10.00 s)"]),
        ])

    static let broken = SuiteResult(
        name: "Broken", file: "scenarios/broken.yaml", scenarios: [],
        loadError: Failure(
            message: "unknown key 'scenarioz'", type: "InvalidScenario",
            details: """
            error: unknown key 'scenarioz'
             --> scenarios/broken.yaml:3:1
              |
            3 | scenarioz:
              | ^^^^^^^^^
              = help: did you mean 'scenarios'?
            """,
            location: "scenarios/broken.yaml:3:1"))
}
