import Foundation
import KafkaClient
import ScenarioResults
import ScenarioSpec

/// Could not reach or set up the broker: exit code 3.
public struct InfrastructureError: Error, CustomStringConvertible {
    public var description: String
    /// What the run found before the infrastructure went away (the schema registry lost mid-run); nil
    /// when nothing ran.
    public var results: RunResult? = nil
}

/// A client property librdkafka rejects (-X, --client-config): exit code 2.
public struct InvalidConfigurationError: Error, CustomStringConvertible {
    public var description: String
}

/// Executes a plan against a broker and produces the results model.
public final class Engine: @unchecked Sendable { // unchecked: `retainedSession` is written by `run` before its worker threads start and after they end
    private let options: RunOptions
    public let cancellation = Cancellation()
    public let runID = Isolation.newRunID()
    private let faultGate = FaultGate()
    /// The last run's broker clients and embedded cluster, released with the engine rather than when
    /// `run` returns: destroying the mock cluster (`rd_kafka_mock_cluster_destroy`) sometimes waits
    /// out its thread's 1-second poll, and a process that exits after its reports need not pay that.
    private var retainedSession: BrokerSession?
    private let collectedServiceSecrets = Locked([String]())
    /// Values of service `env:` entries named like secrets (PASSWORD, SECRET, TOKEN, KEY): hide them in reports.
    public var serviceSecrets: [String] { collectedServiceSecrets.withLock { $0 } }

    public init(options: RunOptions) {
        self.options = options
    }

    public func run(_ plan: RunPlan) throws -> RunResult {
        let startedAt = Date()
        let start = Deadline.now()
        let session = try openSession()
        retainedSession = session
        let schemas = try SchemaSession.open(for: plan, options: options, cancellation: cancellation)
        var environment = makeEnvironment(session)
        options.observer?.runStarted(scenarioCount: plan.runnable.count, environment: environment)
        if session.isEmbedded { EmbeddedLoadLimit.warnings(for: plan).forEach { options.observer?.warning($0) } }

        let registry = TopicRegistry()
        var plan = plan
        if session.isEmbedded {
            for i in plan.entries.indices where plan.entries[i].skipReason == nil && plan.suites[plan.entries[i].suite].requiresExternalBroker {
                plan.entries[i].skipReason = "requires: external_broker (the suite's service cannot use the embedded broker): run it with --bootstrap-servers"
            }
        }
        let (results, stopRequested) = execute(plan, session: session, registry: registry, schemas: schemas, runStart: start)
        cleanUp(session, registry)
        if let meta = try? session.refreshMetadata(timeout: 2) {
            environment.brokerCount = meta.brokers.count
        }
        let result = RunResult(runID: runID, startedAt: startedAt, duration: Deadline.now() - start, environment: environment,
                               suites: suiteResults(plan, results),
                               interruption: cancellation.cancelledReason ?? (stopRequested ? "--fail-fast" : nil))
        if let lost = schemas?.connectionProblem { throw InfrastructureError(description: lost, results: result) }
        return result
    }

    private func openSession() throws -> BrokerSession {
        do {
            let session = try BrokerSession(bootstrapServers: options.bootstrapServers, embeddedBrokers: options.embeddedBrokers,
                                            userProperties: options.clientProperties)
            try session.connect(timeout: options.connectTimeout)
            return session
        } catch let error as KafkaError where error.name == KafkaError.invalidConfigurationName {
            throw InvalidConfigurationError(description: error.message)
        } catch let error as KafkaError {
            throw InfrastructureError(description: Self.explainConnectFailure(error, servers: options.bootstrapServers,
                                                                              timeout: options.connectTimeout))
        }
    }

    /// Runs the plan's scenarios on `--jobs` worker threads; results are indexed like the plan's entries.
    private func execute(_ plan: RunPlan, session: BrokerSession, registry: TopicRegistry,
                         schemas: SchemaSession?, runStart: Double) -> (results: [ScenarioResult?], stopRequested: Bool) {
        let shared = plan.suites.map { $0.services.isEmpty ? nil : SuiteShared() }
        let traces = TraceRegistry()
        let runners = plan.entries.enumerated().map { index, entry in
            ScenarioRunner(suite: plan.suites[entry.suite], scenario: entry.scenario, ordinal: index + 1, session: session,
                           options: options, runID: runID, registry: registry, cancellation: cancellation,
                           suiteShared: shared[entry.suite], schemaSession: schemas, traces: traces)
        }
        // A suite with services is one unit of work, its scenarios one at a time (ServiceSuiteRun); it goes first
        // so that under --jobs the other suites run beside it.
        let servicesSuites = plan.suites.indices.filter { shared[$0] != nil && plan.entries.contains(where: { [s = $0] in $0.suite == s }) }
        let order = servicesSuites.map(Unit.servicesSuite)
            + executionOrder(plan, runners).filter { shared[plan.entries[$0].suite] == nil }.map(Unit.scenario)
        let state = Locked(Progress(order: order, results: Array(repeating: nil, count: plan.entries.count), runStart: runStart))
        let group = DispatchGroup()
        let workers = max(1, min(options.jobs, plan.entries.count))
        for _ in 0..<workers {
            group.enter()
            Thread { [self] in
                while let unit = state.withLock({ $0.claimNext() }) {
                    switch unit {
                    case .scenario(let index):
                        let result = Self.brokerStillLost(plan.entries[index], runners[index], session, state)
                            ?? Self.noteBrokerLoss(runEntry(plan.entries[index], runners[index], state: state), session)
                        state.withLock {
                            $0.results[index] = result
                            if result.failure?.type == StepError.brokerLostType { $0.brokerLost = true }
                        }
                        options.observer?.scenarioFinished(result)
                    case .servicesSuite(let s):
                        runServicesSuite(s, plan, runners, shared[s]!, session: session, registry: registry, state: state)
                    }
                }
                group.leave()
            }.start()
        }
        group.wait()
        return state.withLock { ($0.results, $0.stopRequested) }
    }

    private func runServicesSuite(_ s: Int, _ plan: RunPlan, _ runners: [ScenarioRunner], _ suiteShared: SuiteShared,
                                  session: BrokerSession, registry: TopicRegistry, state: Locked<Progress>) {
        let indices = plan.entries.indices.filter { plan.entries[$0].suite == s }
        let run = ServiceSuiteRun(suite: plan.suites[s], suiteNumber: s + 1, shared: suiteShared, session: session, options: options,
                                  runID: runID, registry: registry, cancellation: cancellation,
                                  secrets: collectedServiceSecrets)
        let stopped = { state.withLock { $0.stopRequested } || self.cancellation.cancelledReason != nil }
        // Its services use the cluster from the first scenario to the last: a scenario injecting faults elsewhere
        // waits for the whole suite (and the suite runs alone if one of its own scenarios injects faults).
        faultGate.run(exclusive: indices.contains { runners[$0].injectsFaults }) {
            run.run(indices.map { (plan.entries[$0], runners[$0]) }, skipAll: stopped) { position, restart in
                self.runEntry(plan.entries[indices[position]], runners[indices[position]], state: state, beforeRetry: restart,
                              gated: false)
            } finish: { position, result in
                state.withLock { $0.results[indices[position]] = result }
                self.options.observer?.scenarioFinished(result)
            }
        }
    }

    /// What a worker thread claims: one scenario, or a whole suite with services.
    enum Unit {
        case scenario(Int)
        case servicesSuite(Int)
    }

    private func suiteResults(_ plan: RunPlan, _ results: [ScenarioResult?]) -> [SuiteResult] {
        plan.suites.enumerated().map { s, suite in
            SuiteResult(name: suite.name, file: suite.file, description: suite.description,
                        topics: suite.topics.map {
                            TopicInfo(name: $0.name, actualName: $0.isolate ? Isolation.name($0.name, isolationID: runID) + ".*" : $0.name,
                                      partitions: $0.partitions, replicationFactor: $0.replicationFactor)
                        },
                        scenarios: plan.entries.indices.filter { plan.entries[$0].suite == s }.compactMap { results[$0] })
        }
    }

    struct Progress {
        var order: [Unit]
        var results: [ScenarioResult?]
        /// When the run started (`Deadline.now()`): scenarios record their start from it, for the suites' wall time.
        var runStart: Double
        var next = 0
        var stopRequested = false
        /// A scenario lost the broker: the next ones first check that it answers again.
        var brokerLost = false

        mutating func claimNext() -> Unit? {
            guard next < order.count else { return nil }
            defer { next += 1 }
            return order[next]
        }
    }

    /// Scenarios with consumer groups start joining them right away (a first join takes seconds)
    /// and run after the others; results keep the plan's order whatever the execution order.
    private func executionOrder(_ plan: RunPlan, _ runners: [ScenarioRunner]) -> [Int] {
        let early = plan.entries.indices.filter { plan.entries[$0].skipReason == nil && runners[$0].benefitsFromEarlySetUp }
        for index in early.prefix(Self.earlySetUpLimit) {
            Thread { runners[index].setUp() }.start()
        }
        let earlySet = Set(early)
        return plan.entries.indices.filter { !earlySet.contains($0) } + early
    }

    private static let earlySetUpLimit = 8

    /// `beforeRetry` prepares a retry (a services suite restarts its services on fresh topics); a failure it
    /// returns is that attempt's error.
    func runEntry(_ entry: RunPlan.Entry, _ runner: ScenarioRunner, state: Locked<Progress>,
                  beforeRetry: () -> Failure? = { nil }, gated: Bool = true) -> ScenarioResult {
        let stopped = state.withLock { $0.stopRequested }
        if let skip = entry.skipFailure
            ?? (stopped ? Failure(message: "not run: --fail-fast stopped the run", type: "Skipped", reason: .stoppedByFailFast) : nil)
            ?? cancellation.cancelledReason.map({ Failure(message: "not run: \($0)", type: "Skipped", reason: .interrupted(why: $0)) }) {
            runner.abandon()
            return ScenarioResult(name: entry.scenario.name, suite: runner.suite.name, file: runner.suite.file,
                                  line: entry.scenario.location.line, tags: RunPlan.tags(of: entry.scenario, in: runner.suite), status: .skipped,
                                  duration: 0, failure: skip,
                                  description: entry.scenario.description)
        }
        options.observer?.scenarioStarted(suite: runner.suite.name, scenario: entry.scenario.name)
        let startOffset = Deadline.now() - state.withLock { $0.runStart }
        let retries = RetryPolicy(retries: entry.scenario.retries ?? options.retries, cancellation: cancellation,
                                  brokerUnreachable: { [session = runner.session] in session.unreachableReason(timeout: 1) != nil })
        // `gated: false`: the caller holds the fault gate already (a suite with services, for its whole run).
        func attempts() -> ScenarioResult {
            retries.run { attempt in
                if attempt == 1 { return runner.run() }
                if let failure = beforeRetry() { return Self.notRun(entry, runner, .error, failure) }
                return runner.retry(attempt: attempt).run()
            }
        }
        var result = gated ? faultGate.run(exclusive: runner.injectsFaults, attempts) : attempts()
        result.startOffset = startOffset
        if options.failFast, result.status == .failed || result.status == .error {
            state.withLock { $0.stopRequested = true }
        }
        return result
    }

    static func notRun(_ entry: RunPlan.Entry, _ runner: ScenarioRunner, _ status: Status, _ failure: Failure) -> ScenarioResult {
        ScenarioResult(name: entry.scenario.name, suite: runner.suite.name, file: runner.suite.file,
                       line: entry.scenario.location.line, tags: RunPlan.tags(of: entry.scenario, in: runner.suite), status: status,
                       duration: 0, failure: failure, description: entry.scenario.description)
    }

    private func cleanUp(_ session: BrokerSession, _ registry: TopicRegistry) {
        let topics = registry.drain()
        guard !options.keepTopics, !topics.isEmpty, !session.isMockCluster else { return }
        if let reason = session.unreachableReason(timeout: 2) {
            options.observer?.warning("could not delete \(topics.count) isolated topics: the broker at \(session.bootstrapServers) does not answer (\(reason))")
            return
        }
        do {
            try session.deleteTopics(topics, timeout: 10)
        } catch {
            options.observer?.warning("could not delete \(topics.count) isolated topics: \(error)")
        }
    }

    /// After a scenario lost the broker, the next one runs only if the broker answers again;
    /// otherwise it is an error at once instead of waiting out its timeout.
    private static func brokerStillLost(_ entry: RunPlan.Entry, _ runner: ScenarioRunner, _ session: BrokerSession,
                                        _ state: Locked<Progress>) -> ScenarioResult? {
        guard entry.skipReason == nil, state.withLock({ $0.brokerLost }) else { return nil }
        guard let reason = session.unreachableReason(timeout: 1) else {
            state.withLock { $0.brokerLost = false }
            return nil
        }
        runner.abandon()
        return ScenarioResult(name: entry.scenario.name, suite: runner.suite.name, file: runner.suite.file,
                              line: entry.scenario.location.line, tags: entry.scenario.tags, status: .error, duration: 0,
                              failure: Failure(message: "not run: the broker at \(session.bootstrapServers) stopped answering (\(reason))",
                                               type: StepError.brokerLostType,
                                               reason: .notRunBrokerLost(bootstrapServers: session.bootstrapServers, detail: reason)),
                              description: entry.scenario.description)
    }

    /// A scenario that failed because the broker went away says so: it could not run (error).
    private static func noteBrokerLoss(_ result: ScenarioResult, _ session: BrokerSession) -> ScenarioResult {
        guard result.status == .failed || result.status == .error, result.failure?.type != StepError.brokerLostType,
              let reason = session.unreachableReason(timeout: 1) else {
            return result
        }
        var result = result
        let lost = "the broker at \(session.bootstrapServers) stopped answering (\(reason))"
        result.status = .error
        result.failure = Failure(message: "\(lost); \(result.failure?.message ?? "")", type: "BrokerUnreachable",
                                 details: result.failure?.details, location: result.failure?.location,
                                 reason: .brokerStoppedAnswering(bootstrapServers: session.bootstrapServers, detail: reason,
                                                                 then: result.failure?.reason,
                                                                 thenMessage: result.failure?.message ?? ""))
        return result
    }

    private func makeEnvironment(_ session: BrokerSession) -> RunEnvironment {
        RunEnvironment(brokerMode: session.isEmbedded ? .embedded : .external,
                       bootstrapServers: session.isEmbedded ? "embedded (\(session.bootstrapServers))" : session.bootstrapServers,
                       brokerCount: session.metadata?.brokers.count, clusterID: session.metadata?.clusterID,
                       controllerID: session.metadata?.controllerID.map(Int.init), librdkafkaVersion: Librdkafka.version,
                       toolVersion: options.toolVersion, hostname: ProcessInfo.processInfo.hostName,
                       clientProperties: session.reportedProperties.map { KeyValue($0.0, $0.1) })
    }

    static func explainConnectFailure(_ error: KafkaError, servers: String?, timeout: Double) -> String {
        guard let servers else { return "could not start the embedded broker: \(error.message)" }
        if let failure = HandshakeFailure(reason: error.message) {
            return failure.explanation(servers: servers, reason: error.message)
        }
        return "cannot reach the Kafka broker at \(servers) within \(Duration(seconds: timeout)): \(error.message)"
    }
}
