import Foundation

// The results model: what a run produced, independent of how it is reported.
// Codable: results.json is this model encoded (see docs/reports.md).

public struct RunResult: Codable, Sendable {
    public var runID: String
    public var startedAt: Date
    public var duration: Double                 // seconds
    public var environment: RunEnvironment
    public var suites: [SuiteResult]
    /// Set when the run was cut short (SIGINT/SIGTERM, --fail-fast, global timeout).
    public var interruption: String?
    /// `--shard I/N` of the run that wrote it, e.g. "2/4"; nil for a whole run.
    public var shard: String?
    /// Set by `report` when merged results ran against different brokers or librdkafka versions:
    /// every one of them, in the order of the files given (`environment` is then the first).
    public var shardEnvironments: [ShardEnvironment]?

    public init(runID: String, startedAt: Date, duration: Double, environment: RunEnvironment,
                suites: [SuiteResult], interruption: String? = nil) {
        self.runID = runID
        self.startedAt = startedAt
        self.duration = duration
        self.environment = environment
        self.suites = suites
        self.interruption = interruption
    }

    public var scenarios: [ScenarioResult] { suites.flatMap(\.scenarios) }
    public func count(_ status: Status) -> Int { scenarios.filter { $0.status == status }.count }
}

/// Where one of several merged results ran.
public struct ShardEnvironment: Codable, Sendable {
    public var runID: String
    public var shard: String?
    public var environment: RunEnvironment
    public init(runID: String, shard: String?, environment: RunEnvironment) {
        self.runID = runID
        self.shard = shard
        self.environment = environment
    }

    /// "shard 2/4" or "run r3x9k2": how reports name it.
    public var label: String { shard.map { "shard \($0)" } ?? "run \(runID)" }
}

/// Facts about where the run happened; client properties are already redacted.
public struct RunEnvironment: Codable, Sendable {
    public var brokerMode: BrokerMode
    public var bootstrapServers: String
    public var brokerCount: Int?
    public var clusterID: String?
    public var controllerID: Int?
    public var librdkafkaVersion: String
    public var toolVersion: String
    public var hostname: String
    public var clientProperties: [KeyValue]

    public enum BrokerMode: String, Codable, Sendable { case embedded, external }

    /// What makes two environments different brokers for a report: the embedded cluster's size or the
    /// external servers, the cluster id when known, and the client library. (An embedded broker's
    /// ports change every run: they are not part of it.)
    public var brokerIdentity: String {
        let broker = brokerMode == .embedded ? "embedded/\(brokerCount.map(String.init) ?? "?")" : bootstrapServers
        return [broker, clusterID ?? "", librdkafkaVersion].joined(separator: "|")
    }

    public init(brokerMode: BrokerMode, bootstrapServers: String, brokerCount: Int? = nil, clusterID: String? = nil,
                controllerID: Int? = nil, librdkafkaVersion: String, toolVersion: String, hostname: String,
                clientProperties: [KeyValue] = []) {
        self.brokerMode = brokerMode
        self.bootstrapServers = bootstrapServers
        self.brokerCount = brokerCount
        self.clusterID = clusterID
        self.controllerID = controllerID
        self.librdkafkaVersion = librdkafkaVersion
        self.toolVersion = toolVersion
        self.hostname = hostname
        self.clientProperties = clientProperties
    }
}

public struct KeyValue: Codable, Sendable, Equatable {
    public var key: String
    public var value: String
    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}

extension ScenarioResult {
    /// Passed because it failed as its `expect_failure` said: reports give it its own marker, never a plain pass.
    public var failedAsExpected: Bool { status == .passed && expectedFailure != nil }
}

public enum Status: String, Codable, Sendable {
    case passed, failed, error, skipped
}

public struct SuiteResult: Codable, Sendable {
    public var name: String
    public var file: String
    public var description: String?
    /// Topics the suite declared, by declared name, and the real (isolated) name.
    public var topics: [TopicInfo]
    public var scenarios: [ScenarioResult]
    /// Set when the whole file could not run (invalid file): reporters show one error testcase.
    public var loadError: Failure?

    public init(name: String, file: String, description: String? = nil, topics: [TopicInfo] = [],
                scenarios: [ScenarioResult], loadError: Failure? = nil) {
        self.name = name
        self.file = file
        self.description = description
        self.topics = topics
        self.scenarios = scenarios
        self.loadError = loadError
    }

    public var duration: Double { scenarios.reduce(0) { $0 + $1.duration } }

    /// From the first scenario's start to the last one's end: the suite's time on the clock, shorter than `duration`
    /// when its scenarios ran in parallel. `duration` when the scenarios' starts are not known.
    public var wallTime: Double {
        let timed = scenarios.compactMap { scenario in scenario.startOffset.map { ($0, $0 + scenario.duration) } }
        guard !timed.isEmpty, timed.count == scenarios.filter({ $0.status != .skipped || $0.duration > 0 }).count else {
            return duration
        }
        return (timed.map(\.1).max() ?? 0) - (timed.map(\.0).min() ?? 0)
    }
}

public struct TopicInfo: Codable, Sendable, Equatable {
    public var name: String
    /// The name on the broker: isolated topics get one per scenario, `<name>.<run id>.<n>`, shown as `<name>.<run id>.*`.
    public var actualName: String
    public var partitions: Int
    public var replicationFactor: Int
    public init(name: String, actualName: String, partitions: Int, replicationFactor: Int) {
        self.name = name
        self.actualName = actualName
        self.partitions = partitions
        self.replicationFactor = replicationFactor
    }
}

public struct ScenarioResult: Codable, Sendable {
    public var name: String
    public var suite: String
    public var file: String
    public var line: Int
    public var tags: [String]
    /// The scenario's `description:`, a one-line summary of what it checks.
    public var description: String?
    public var status: Status
    public var duration: Double
    /// Seconds from the run's start to this scenario's start (absent: not run, or results from before it was
    /// recorded). With `duration` it gives a suite's wall time under `--jobs`.
    public var startOffset: Double?
    /// For failed/error: what went wrong. For skipped: the reason in `message`. For a scenario that
    /// failed as its `expect_failure` said it would (status passed): the assertion that failed.
    public var failure: Failure?
    /// The `expect_failure` reason, set when the scenario failed as expected (and so counts as passed).
    public var expectedFailure: String?
    public var steps: [StepResult]
    /// What the scenario verified, as data (e.g. `.produced(topic: "user_actions", count: 3)`); reports word it.
    @FactList public var verified: [Fact]
    /// Timing assertions and measurements, for the performance table and JUnit properties.
    public var metrics: [Metric]
    /// One message seen during the scenario (pretty JSON or text), for the report's sample message.
    public var sampleMessage: String?
    /// The step log (also JUnit system-out).
    public var log: [String]
    /// How many times it ran, when it was retried (absent: once); `flaky` when it passed on a retry.
    public var attempts: Int?
    public var flaky: Bool?
    /// The attempts before the final one, oldest first, each with its failure (absent: it ran once).
    public var earlierAttempts: [Attempt]?
    /// Messages through the scenario's processors, for the flow diagram (absent: no processor ran).
    public var flows: [FlowEdge]?
    /// Under `--shard I/N` (N > 1): this shard's share of each `load` step, in step order, for `report` to merge.
    public var loadShares: [LoadShare]?

    public init(name: String, suite: String, file: String, line: Int, tags: [String] = [], status: Status,
                duration: Double, failure: Failure? = nil, steps: [StepResult] = [], verified: [Fact] = [],
                metrics: [Metric] = [], sampleMessage: String? = nil, log: [String] = [], description: String? = nil,
                expectedFailure: String? = nil) {
        self.name = name
        self.expectedFailure = expectedFailure
        self.description = description
        self.suite = suite
        self.file = file
        self.line = line
        self.tags = tags
        self.status = status
        self.duration = duration
        self.failure = failure
        self.steps = steps
        self.verified = verified
        self.metrics = metrics
        self.sampleMessage = sampleMessage
        self.log = log
    }
}

public struct Failure: Codable, Sendable, Equatable {
    /// Short, one line (JUnit `message`).
    public var message: String
    /// A category (JUnit `type`): e.g. AssertionFailed, MessageNotFound, Timeout, BrokerUnavailable, InvalidScenario.
    public var type: String
    /// Longer text: the expected/actual difference, the closest message seen, a rendered diagnostic.
    public var details: String?
    /// Where: the failing step's file:line.
    public var location: String?
    /// The failure as data (kind and values), when the step recorded one: reports in other languages
    /// word it (and its details) from this; `message` and `details` are the English text.
    public var reason: FailureReason?
    /// An `expect` that missed: where it read and what it saw (MissExplanation.swift).
    public var explanation: MissExplanation? = nil
    public init(message: String, type: String, details: String? = nil, location: String? = nil, reason: FailureReason? = nil) {
        self.reason = reason
        self.message = message
        self.type = type
        self.details = details
        self.location = location
    }
}

public struct StepResult: Codable, Sendable {
    public var kind: String          // produce, expect, ...
    public var name: String          // step name or a generated description, e.g. "produce 3 to user_actions"
    public var line: Int
    public var status: Status
    public var duration: Double
    public var message: String?      // failure/skip reason or a short summary
    /// The results of the steps inside this one (`parallel`), in their order; nil for other steps.
    public var children: [StepResult]?
    public init(kind: String, name: String, line: Int, status: Status, duration: Double, message: String? = nil) {
        self.kind = kind
        self.name = name
        self.line = line
        self.status = status
        self.duration = duration
        self.message = message
    }
}

/// A measured value, with the threshold it was asserted against (nil when only recorded).
public struct Metric: Codable, Sendable, Equatable {
    /// Stable identifier, e.g. "produce.throughput", "expect.latency.p95", "cluster.connect_time".
    public var name: String
    /// Human label in English, e.g. "produce throughput (user_actions)".
    public var label: String
    public var value: Double
    public var unit: MetricUnit
    /// The assertion as written, e.g. ">= 10/s"; nil when only recorded.
    public var threshold: String?
    public var passed: Bool?
    /// The 1-based index of the scenario step that recorded it (nil: outside the steps).
    public var step: Int?
    /// That step's topic, when it names one literally.
    public var topic: String?
    public init(name: String, label: String, value: Double, unit: MetricUnit, threshold: String? = nil, passed: Bool? = nil,
                step: Int? = nil, topic: String? = nil) {
        self.step = step
        self.topic = topic
        self.name = name
        self.label = label
        self.value = value
        self.unit = unit
        self.threshold = threshold
        self.passed = passed
    }
}

public enum MetricUnit: String, Codable, Sendable {
    case seconds, perSecond, count, percent
}
