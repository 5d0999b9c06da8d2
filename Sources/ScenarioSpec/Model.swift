// The typed scenario model (docs/scenario-reference.md). Built from the node tree by ModelBuilder;
// consumed by the engine. Every element keeps the location it was declared at.

public struct Suite: Sendable {
    public var file: String
    public var name: String
    public var description: String?
    public var tags: [String]
    public var vars: [(name: String, value: ValueTemplate)]
    public var topics: [TopicDeclaration]
    public var processors: [ProcessorDeclaration]
    public var scenarios: [Scenario]
    public var location: SourceLocation
    /// Processes of the system under test, started before the scenarios (docs/services.md).
    public var services: [ServiceDeclaration]
    /// `requires: external_broker`: skipped on the embedded broker.
    public var requiresExternalBroker: Bool
    /// `schemas:`: Avro and JSON Schema schemas steps encode and check with (docs/schemas.md).
    public var schemas: [SchemaDeclaration] = []
    /// `traceparent: false`: its `produce` and `http` steps send no W3C trace header of the runner.
    public var sendsTraceparent = true

    public init(file: String, name: String, description: String?, tags: [String],
                vars: [(name: String, value: ValueTemplate)], topics: [TopicDeclaration],
                processors: [ProcessorDeclaration], scenarios: [Scenario], location: SourceLocation,
                services: [ServiceDeclaration] = [], requiresExternalBroker: Bool = false) {
        self.services = services
        self.requiresExternalBroker = requiresExternalBroker
        self.file = file
        self.name = name
        self.description = description
        self.tags = tags
        self.vars = vars
        self.topics = topics
        self.processors = processors
        self.scenarios = scenarios
        self.location = location
    }
}

public struct TopicDeclaration: Sendable {
    public var name: String
    public var partitions: Int
    public var replicationFactor: Int
    public var config: [(key: String, value: String)]
    public var isolate: Bool
    public var location: SourceLocation
}

public struct Scenario: Sendable {
    public var name: String
    public var description: String?
    public var tags: [String]
    public var timeout: Duration
    public var processors: [ProcessorDeclaration]
    public var steps: [Step]
    public var location: SourceLocation
    /// `expect_failure: "reason"`: the scenario is meant to fail (a demonstration that an assertion bites).
    public var expectFailure: String?
    /// `retries: N`: a failed or erroring run is run again up to N times; nil: as `--retries` says.
    public var retries: Int?

    public init(name: String, description: String?, tags: [String], timeout: Duration,
                processors: [ProcessorDeclaration], steps: [Step], location: SourceLocation, expectFailure: String? = nil,
                retries: Int? = nil) {
        self.retries = retries
        self.name = name
        self.description = description
        self.tags = tags
        self.timeout = timeout
        self.processors = processors
        self.steps = steps
        self.location = location
        self.expectFailure = expectFailure
    }
}

public struct Step: Sendable {
    public var name: String?
    public var expectError: ErrorExpectation?
    /// What the step does: one of StepKinds.all.
    public var kind: any StepModel
    public var location: SourceLocation
}

/// `expect_error: any` or a librdkafka error name such as `TOPIC_EXCEPTION`.
public enum ErrorExpectation: Sendable, Equatable {
    case any
    case named(String)
}

public enum StartPosition: String, Sendable, CaseIterable {
    case scenarioStart = "scenario_start"
    case beginning
    case end
    case now
}

public enum Order: String, Sendable, CaseIterable {
    case any
    case strict
    case perKey = "per_key"
}

/// A matcher for one message: each part optional.
public struct MessageMatcher: Sendable {
    public var key: Matcher?
    public var value: Matcher?
    public var headers: Matcher?
    public var partition: Matcher?
    /// `$or:` the message must also match one of these.
    public var anyOf: [MessageMatcher]
    public var location: SourceLocation

    public init(key: Matcher?, value: Matcher?, headers: Matcher?, partition: Matcher?, anyOf: [MessageMatcher] = [],
                location: SourceLocation) {
        self.key = key
        self.value = value
        self.headers = headers
        self.partition = partition
        self.anyOf = anyOf
        self.location = location
    }
}

public struct LatencyAssertion: Sendable {
    /// e.g. ("p95", "< 100ms"), ("max", "< 1s"); names are p50 p75 p90 p95 p99 p999 max min mean
    public var checks: [(percentile: String, comparison: Comparison)]
}

/// A stub consume-transform-produce service.
public struct ProcessorDeclaration: Sendable {
    public var name: String
    public var from: ValueTemplate
    public var to: ValueTemplate
    public var when: MessageMatcher?
    public var emitKey: ValueTemplate?
    public var emitValue: ValueTemplate
    public var emitHeaders: [(name: String, value: ValueTemplate)]
    /// `emit: { value_schema:, key_schema: }`: encode the output with these declared schemas.
    public var emitValueSchema: SchemaReference? = nil
    public var emitKeySchema: SchemaReference? = nil
    /// The output value and key as written, for placing a check made before the run.
    public var emitValueNode: Node? = nil
    public var emitKeyNode: Node? = nil
    public var location: SourceLocation
}

/// A process of the system under test (docs/services.md).
public struct ServiceDeclaration: Sendable {
    public var name: String
    public var command: [ValueTemplate]
    /// Resolved against the scenario file's folder (that folder when absent).
    public var cwd: String
    public var env: [(name: String, value: ValueTemplate)]
    public var port: ServicePort?
    public var ready: ServiceReadiness?
    public var stopSignal: String
    public var stopGrace: Duration
    public var location: SourceLocation
}

public enum ServicePort: Sendable, Equatable {
    /// A free loopback port the runner picks.
    case auto
    case fixed(Int)
}

/// Every condition given must hold within `within`.
public struct ServiceReadiness: Sendable {
    /// A path on the service's port, or a full URL.
    public var http: ValueTemplate?
    /// A regular expression on log lines.
    public var log: String?
    public var port: Int?
    /// A consumer group that must be stable with members holding assignments.
    public var group: ValueTemplate?
    public var within: Duration
}
