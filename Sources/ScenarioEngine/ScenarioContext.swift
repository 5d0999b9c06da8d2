import Foundation
import KafkaClient
import ScenarioResults
import ScenarioSpec
import SystemUnderTest

/// What one running scenario knows: its topics, variables, captures, what it produced, and what
/// it records for the reports. Shared by the steps of a `parallel` and by processors: all access
/// goes through the lock.
final class ScenarioContext: @unchecked Sendable {
    let session: BrokerSession
    let runID: String
    let suiteName: String
    let scenarioName: String
    let scenarioFile: String
    private var clock: (started: Double, deadline: Deadline)
    let environment: [String: String]
    /// Set when the run is interrupted: every wait loop checks it.
    let cancellation: Cancellation
    let registry: TopicRegistry
    /// The id isolated topics of this scenario carry: the run id and the scenario's number.
    let isolationID: String
    /// Faults this scenario injected and has not undone yet.
    let faultUndos = PendingFaultUndos()

    private let lock = NSLock()
    private var topicNames: [String: String]
    private var variables: [String: JSONValue]
    private var startOffsets: [String: [Int32: Int64]] = [:]
    private var produced: [String: [TopicPartitionOffset]] = [:]
    private var preparedGroups: [SourceLocation: [[GroupMember]]] = [:]
    private var processorFailure: String?
    private var records = Records()

    private struct Records {
        var log: [String] = []
        var metrics: [Metric] = []
        var verified: [Fact] = []
        var sampleMessage: String?
    }

    init(session: BrokerSession, runID: String, suiteName: String, scenarioName: String, scenarioFile: String,
         topicNames: [String: String], variables: [String: JSONValue],
         environment: [String: String], cancellation: Cancellation, registry: TopicRegistry, isolationID: String) {
        self.session = session
        self.runID = runID
        self.suiteName = suiteName
        self.scenarioName = scenarioName
        self.scenarioFile = scenarioFile
        clock = (Deadline.now(), .distant)
        self.topicNames = topicNames
        self.variables = variables
        self.environment = environment
        self.cancellation = cancellation
        self.registry = registry
        self.isolationID = isolationID
    }

    /// Starts the scenario's clock: its `timeout` counts from here (set-up done ahead does not count).
    func begin(timeout: Double) -> Deadline {
        lock.withLock {
            clock = (Deadline.now(), Deadline.after(timeout))
            return clock.deadline
        }
    }

    var deadline: Deadline { lock.withLock { clock.deadline } }

    /// Where `http` steps send their requests: one URLSession for the whole run, made on first use.
    var http: HTTPTransport { Self.sharedTransport }
    private static let sharedTransport = URLSessionTransport()
    var startedAt: Double { lock.withLock { clock.started } }

    // MARK: names

    /// The real name of a topic as written in a step (isolated topics carry the run id).
    func realTopic(_ declared: String) -> String {
        lock.withLock { topicNames[declared] ?? declared }
    }

    func declaredTopic(forReal real: String) -> String {
        lock.withLock { topicNames.first(where: { $0.value == real })?.key ?? real }
    }

    func mapTopic(_ declared: String, to real: String) {
        lock.withLock { topicNames[declared] = real }
    }

    /// Default consumer group for steps without `group:`.
    var defaultGroup: String {
        let safe = scenarioName.map { $0.isLetter || $0.isNumber ? $0 : "-" }
        return "\(String(safe)).\(runID)"
    }

    // MARK: templates

    func templateContext(extra: [String: JSONValue] = [:]) -> TemplateContext {
        let vars = lock.withLock { variables }
        return TemplateContext(variables: extra.isEmpty ? vars : vars.merging(extra) { $1 }, environment: environment)
    }

    func capture(_ name: String, _ value: JSONValue) {
        lock.withLock { variables[name] = value }
    }

    func render(_ template: ValueTemplate, extra: [String: JSONValue] = [:]) throws -> JSONValue {
        do {
            return try template.render(in: templateContext(extra: extra))
        } catch let error as TemplateError {
            throw StepError.couldNotRun("template error: \(error.message)")
        }
    }

    func renderString(_ template: ValueTemplate, what: String) throws -> String {
        switch try render(template) {
        case .string(let s): return s
        case .int(let i): return String(i)
        case let other: throw StepError.couldNotRun("\(what) must be a string, got \(MessageView.compact(other))")
        }
    }

    /// Renders a topic reference and maps it to its real name; illegal names fail like a broker would.
    func topic(_ template: ValueTemplate) throws -> (declared: String, real: String) {
        let declared = try renderString(template, what: "topic")
        let real = realTopic(declared)
        guard TopicNames.isLegal(real) else { throw TopicNames.illegalNameError(declared) }
        return (declared, real)
    }

    // MARK: offsets

    func recordStartOffsets(_ topic: String, _ offsets: [Int32: Int64]) {
        lock.withLock { startOffsets[topic] = offsets }
    }

    /// Where a reader `from: scenario_start` begins; nil partitions (topic unknown at start) read from the beginning.
    func startOffsets(of topic: String) -> [Int32: Int64]? {
        lock.withLock { startOffsets[topic] }
    }

    func recordProduced(_ topic: String, _ position: TopicPartitionOffset) {
        lock.withLock { produced[topic, default: []].append(position) }
    }

    func producedPositions(_ topic: String) -> [TopicPartitionOffset] {
        lock.withLock { produced[topic] ?? [] }
    }

    // MARK: consumer groups joined ahead of their step

    func prepareGroups(_ groups: [[GroupMember]], at location: SourceLocation) {
        lock.withLock { preparedGroups[location] = groups }
    }

    func takePreparedGroups(at location: SourceLocation) -> [[GroupMember]]? {
        lock.withLock { preparedGroups.removeValue(forKey: location) }
    }

    /// Stops members whose step never ran (an earlier step failed).
    func stopUnusedGroups() {
        let unused = lock.withLock { () -> [GroupMember] in
            defer { preparedGroups = [:] }
            return preparedGroups.values.flatMap { $0.flatMap { $0 } }
        }
        GroupMember.stopAll(unused)
    }

    // MARK: processors

    /// The first processor failure; every reading step checks it and stops.
    func processorFailed(_ message: String) {
        lock.withLock { if processorFailure == nil { processorFailure = message } }
    }

    func checkProcessors() throws {
        if let message = lock.withLock({ processorFailure }) { throw StepError.couldNotRun(message) }
    }

    // MARK: records for the reports

    var log: [String] { lock.withLock { records.log } }
    var metrics: [Metric] { lock.withLock { records.metrics } }
    var verified: [Fact] { lock.withLock { records.verified } }
    var sampleMessage: String? { lock.withLock { records.sampleMessage } }

    func note(_ line: String) {
        lock.withLock { records.log.append(String(format: "%7.3fs ", Deadline.now() - clock.started) + line) }
    }

    func verify(_ fact: Fact) {
        lock.withLock { records.verified.append(fact) }
    }

    /// A fact as a finished sentence: for steps that record no structured fact yet (shown as written in every language).
    func verify(_ sentence: String) {
        verify(.text(sentence: sentence))
    }

    func record(_ metric: Metric) {
        lock.withLock { records.metrics.append(metric) }
    }

    /// Marks the metrics recorded since the last call as the given step's, so report names stay unique.
    func attributeMetrics(toStep step: Int, topic: String?) {
        lock.withLock {
            for i in records.metrics.indices where records.metrics[i].step == nil {
                records.metrics[i].step = step
                records.metrics[i].topic = topic
            }
        }
    }

    func offerSample(_ message: JSONValue) {
        lock.withLock {
            if records.sampleMessage == nil { records.sampleMessage = MessageView.pretty(message) }
        }
    }
}

struct TopicPartitionOffset: Hashable, Sendable {
    var partition: Int32
    var offset: Int64
}

/// A flag set once (on SIGINT/SIGTERM or a global timeout) and read by every wait loop.
public final class Cancellation: @unchecked Sendable {
    private let lock = NSLock()
    private var reason: String?
    public init() {}
    public func cancel(_ why: String) { lock.withLock { if reason == nil { reason = why } } }
    public var cancelledReason: String? { lock.withLock { reason } }

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
