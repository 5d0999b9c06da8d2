import Foundation
import KafkaClient
import ScenarioResults
import ScenarioSpec
import SystemUnderTest

/// What one running scenario knows, split by concern: each part has its own lock, since the steps
/// of a `parallel` and the processors share them. Step runners use the parts they need; the broker
/// is behind `KafkaSession`, so a runner can be tested without one.
final class ScenarioContext: Sendable {
    let session: any KafkaSession
    let runID: String
    let suiteName: String
    let scenarioName: String
    let scenarioFile: String
    /// Set when the run is interrupted: every wait loop checks it.
    let cancellation: Cancellation
    let registry: TopicRegistry
    /// The id isolated topics of this scenario carry: the run id and the scenario's number.
    let isolationID: String
    /// Faults this scenario injected and has not undone yet.
    let faultUndos = PendingFaultUndos()

    let clock = ScenarioClock()
    let names: TopicNameMap
    let variables: ScenarioVariables
    let offsets = OffsetLedger()
    let records: StepRecords
    let groups = PreparedGroups()
    let processors = ProcessorHealth()
    /// Encodes values with the suite's `schemas:` and decodes framed values read (docs/schemas.md).
    let schemas: ScenarioSchemas
    /// This attempt's trace id: sent as `traceparent`, and how readers tell other attempts' messages apart.
    let trace: AttemptTrace
    /// `--shard I/N` with N > 1: a `load` step sends only its share (LoadShareSlice).
    let shard: Shard?

    init(session: any KafkaSession, runID: String, suiteName: String, scenarioName: String, scenarioFile: String,
         topicNames: [String: String], variables: [String: JSONValue],
         environment: [String: String], cancellation: Cancellation, registry: TopicRegistry, isolationID: String,
         schemas: ScenarioSchemas = .none, trace: AttemptTrace = .none, shard: Shard? = nil) {
        self.trace = trace
        self.shard = shard.flatMap { $0.count > 1 ? $0 : nil }
        self.session = session
        self.schemas = schemas
        self.runID = runID
        self.suiteName = suiteName
        self.scenarioName = scenarioName
        self.scenarioFile = scenarioFile
        names = TopicNameMap(topicNames)
        self.variables = ScenarioVariables(variables, environment: environment)
        records = StepRecords(clock: clock)
        self.cancellation = cancellation
        self.registry = registry
        self.isolationID = isolationID
    }

    /// Where `http` steps send their requests: one URLSession for the whole run, made on first use.
    var http: HTTPTransport { Self.sharedTransport }
    private static let sharedTransport = URLSessionTransport()

    /// Default consumer group for steps without `group:`.
    var defaultGroup: String {
        let safe = scenarioName.map { $0.isLetter || $0.isNumber ? $0 : "-" }
        return "\(String(safe)).\(runID)"
    }

    /// Renders a topic reference and maps it to its real name; illegal names fail like a broker would.
    func topic(_ template: ValueTemplate) throws -> (declared: String, real: String) {
        let declared = try variables.renderString(template, what: "topic")
        let real = names.real(declared)
        guard TopicNames.isLegal(real) else { throw TopicNames.illegalNameError(declared) }
        return (declared, real)
    }

    /// A message as matchers see it, framed values decoded by schema id.
    func view(_ message: Message, declaredTopic: String) throws -> DecodedMessage {
        try schemas.view(message, declaredTopic: declaredTopic)
    }

    /// The bytes to send for a key or value: framed with its schema when the step names one.
    func payload(_ value: JSONValue, schema: SchemaReference?, topic: (declared: String, real: String), isKey: Bool) throws -> [UInt8]? {
        guard let schema else { return MessageView.payload(value) }
        return try schemas.encode(value, with: schema, topic: topic, isKey: isKey, variables: variables)
    }

    /// The one place a step or processor sends a message: an acknowledged one is recorded as produced, so
    /// later reading steps and `per_group: all` know it; `delivered` sees every report.
    func send(to topic: String, partition: Int32?, key: [UInt8]?, value: [UInt8]?, headers: [Header],
              delivered: @escaping @Sendable (DeliveryReport) -> Void = { _ in }) throws {
        try StepError.fromKafka {
            // A full queue (a broker not taking messages) waits no longer than the scenario, nor past an interrupt.
            try session.send(topic: topic, partition: partition, key: key, value: value, headers: headers,
                             deadline: clock.deadline, check: cancellation.check) { [offsets] report in
                if report.error == nil {
                    offsets.recordProduced(topic, TopicPartitionOffset(partition: report.partition, offset: report.offset))
                }
                delivered(report)
            }
        }
    }
}

/// A flag set once (on SIGINT/SIGTERM or a global timeout) and read by every wait loop.
public final class Cancellation: Sendable {
    private let reason = Locked<String?>(nil)
    public init() {}
    public func cancel(_ why: String) { reason.withLock { if $0 == nil { $0 = why } } }
    public var cancelledReason: String? { reason.withLock { $0 } }

    func check() throws {
        if let reason = cancelledReason { throw StepError.couldNotRun("interrupted: \(reason)") }
    }

    /// Sleeps until `deadline` in short slices, so an interrupt still ends the wait at once.
    func sleep(until deadline: Deadline) throws {
        while !deadline.hasPassed {
            try check()
            Thread.sleep(forTimeInterval: min(0.05, deadline.remaining))
        }
    }
}
