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
    public var kind: StepKind
    public var location: SourceLocation
}

/// `expect_error: any` or a librdkafka error name such as `TOPIC_EXCEPTION`.
public enum ErrorExpectation: Sendable, Equatable {
    case any
    case named(String)
}

public indirect enum StepKind: Sendable {
    case produce(ProduceStep)
    case expect(ExpectStep)
    case expectNone(ExpectNoneStep)
    case consumerGroup(ConsumerGroupStep)
    case cluster(ClusterStep)
    case topic(TopicStep)
    case createTopics([TopicDeclaration])
    case deleteTopics([String])
    case load(LoadStep)
    case parallel([Step])
    case fault(FaultStep)
    case sleep(Duration)
    case http(HTTPStep)
    case exec(ExecStep)

    /// The step key as written in YAML.
    public var keyword: String {
        switch self {
        case .produce: return "produce"
        case .expect: return "expect"
        case .expectNone: return "expect_none"
        case .consumerGroup: return "consumer_group"
        case .cluster: return "cluster"
        case .topic: return "topic"
        case .createTopics: return "create_topics"
        case .deleteTopics: return "delete_topics"
        case .load: return "load"
        case .parallel: return "parallel"
        case .fault: return "fault"
        case .sleep: return "sleep"
        case .http: return "http"
        case .exec: return "exec"
        }
    }
}

public enum Payload: Sendable {
    case value(ValueTemplate)
    /// Resolved relative to the scenario file; read when the step runs.
    case file(path: String, location: SourceLocation)
}

public struct ProduceStep: Sendable {
    public var topic: ValueTemplate
    public var key: ValueTemplate?          // nil: no key; .literal(.null) also means no key
    public var partition: Int?
    public var headers: [(name: String, value: ValueTemplate)]
    public var payload: Payload             // value: null → tombstone
    public var count: Int                   // default 1
    public var rate: Rate?
    public var throughput: Comparison?
    public var within: Duration?
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

public struct ExpectStep: Sendable {
    public var topic: ValueTemplate
    public var from: StartPosition
    public var group: ValueTemplate?
    public var messages: [MessageMatcher]
    public var count: Comparison?
    public var order: Order
    public var exact: Bool
    public var within: Duration?            // default: the remaining scenario time
    public var latency: LatencyAssertion?
    public var throughput: Comparison?
    public var capture: [(name: String, path: FieldPath)]
    /// No two messages seen in the window share the value at this path (`value.order_id`, `key`).
    public var unique: FieldPath?
}

public struct ExpectNoneStep: Sendable {
    public var topic: ValueTemplate
    public var from: StartPosition          // default scenario_start
    public var duration: Duration           // `for:`
    public var matching: MessageMatcher?
}

public struct ConsumerGroupStep: Sendable {
    public var topic: ValueTemplate
    public var groups: Int
    public var members: Int
    public var within: Duration?
    public var perGroup: GroupExpectation   // `all` or a comparison on messages per group
    public var perMember: Comparison?
    public var duplicates: Comparison?
}

public enum GroupExpectation: Sendable {
    case all
    case count(Comparison)
}

public struct ClusterStep: Sendable {
    public var brokers: Comparison?
    public var controller: Bool?
    public var connectWithin: Duration?
}

public struct TopicStep: Sendable {
    public var name: ValueTemplate
    public var exists: Bool                 // default true
    public var partitions: Comparison?
    public var replicationFactor: Comparison?
    public var config: [(key: String, value: String)]
}

public enum LoadPayload: Sendable {
    case generated(size: Int)
    case value(ValueTemplate)
}

public struct LoadStep: Sendable {
    public var topic: ValueTemplate
    public var messages: Int
    public var payload: LoadPayload
    public var rate: Rate?                  // nil: unlimited
    public var produceThroughput: Comparison?
    public var consumeThroughput: Comparison?
    public var latency: LatencyAssertion?
    public var lost: Comparison?
    public var duplicates: Comparison?
    public var within: Duration?
}

public enum FaultAction: Sendable {
    case brokerDown(Int)
    case brokerUp(Int)
    case rtt(broker: Int, delay: Duration)
    case requestErrors(api: String, errors: [String])
}

public struct FaultStep: Sendable {
    public var action: FaultAction
    public var duration: Duration?          // `for:`: undo after this long
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
    public var location: SourceLocation
}

/// `http`: one request to the system under test and what its answer must be (docs/http.md).
public struct HTTPStep: Sendable {
    public enum Body: Sendable {
        case json(ValueTemplate)
        case text(ValueTemplate)
    }

    public enum StatusExpectation: Sendable, Equatable {
        /// No `expect.status`: any 2xx.
        case success
        case comparison(Comparison)
        case oneOf([Int])
    }

    /// Where a capture reads from the answer.
    public enum CaptureSource: Sendable, Equatable {
        case status
        case body
        /// The JSON body (`json`), or a path into it (`json.spin_id`, `json.items[0].id`).
        case json(FieldPath)
        /// A header value; the name lower-cased.
        case header(String)
    }

    public var method: String
    public var url: ValueTemplate
    public var headers: [(name: String, value: ValueTemplate)]
    public var body: Body?
    public var within: Duration
    public var status: StatusExpectation
    /// Header names lower-cased; each value a text matcher.
    public var expectedHeaders: [(name: String, matcher: Matcher)]
    public var json: Matcher?
    public var text: Matcher?
    public var capture: [(name: String, source: CaptureSource)]

    public init(method: String, url: ValueTemplate, headers: [(name: String, value: ValueTemplate)] = [], body: Body? = nil,
                within: Duration = Duration(seconds: 10), status: StatusExpectation = .success,
                expectedHeaders: [(name: String, matcher: Matcher)] = [], json: Matcher? = nil, text: Matcher? = nil,
                capture: [(name: String, source: CaptureSource)] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.within = within
        self.status = status
        self.expectedHeaders = expectedHeaders
        self.json = json
        self.text = text
        self.capture = capture
    }
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

/// `exec`: a command run to its end.
public struct ExecStep: Sendable {
    public var command: [ValueTemplate]
    /// The scenario file's folder: the command runs there.
    public var cwd: String
    public var within: Duration
    public var exit: Comparison
    public var stdout: Matcher?
    public var stderr: Matcher?
    public var capture: [(name: String, path: FieldPath)]
}
