import Foundation
import KafkaClient
import ScenarioResults
import ScenarioSpec

/// Runs one scenario in two phases. `setUp` creates its topics and starts joining its consumer
/// groups; the engine calls it ahead of time for scenarios whose groups are slow to join. `run`
/// starts the clock, records where its readers start, starts its processors and runs its steps.
final class ScenarioRunner: @unchecked Sendable {  // unchecked: `setUpOutcome` is only touched under `setUpOnce`
    let suite: Suite
    let scenario: Scenario
    let session: BrokerSession
    private let options: RunOptions
    private let runID: String
    private let ordinal: Int
    private let registry: TopicRegistry
    private let ctx: ScenarioContext
    private let setUpOnce = NSLock()
    private var setUpOutcome: StepExecutor.Outcome?
    /// For a suite with services: its topics, created once for the suite, and the `services` variable.
    let suiteShared: SuiteShared?
    private let schemaSession: SchemaSession?
    private let traces: TraceRegistry

    /// `attempt` > 1: a retry (RetryPolicy), with its own isolated topics and consumer groups.
    init(suite: Suite, scenario: Scenario, ordinal: Int, session: BrokerSession, options: RunOptions, runID: String,
         registry: TopicRegistry, cancellation: Cancellation, attempt: Int = 1, suiteShared: SuiteShared? = nil,
         schemaSession: SchemaSession? = nil, traces: TraceRegistry = TraceRegistry()) {
        self.suiteShared = suiteShared
        self.traces = traces
        self.schemaSession = schemaSession
        self.suite = suite
        self.scenario = scenario
        self.session = session
        self.options = options
        self.runID = runID
        self.ordinal = ordinal
        self.registry = registry
        let retry = attempt > 1 ? "r\(attempt)" : ""
        // The context's run id names its default consumer groups: a retry's are its own.
        ctx = ScenarioContext(session: session, runID: runID + retry, suiteName: suite.name, scenarioName: scenario.name,
                              scenarioFile: suite.file, topicNames: [:], variables: [:],
                              environment: ProcessInfo.processInfo.environment, cancellation: cancellation,
                              registry: registry, isolationID: "\(runID).\(ordinal)\(retry)",
                              schemas: ScenarioSchemas(session: schemaSession, declarations: suite.schemas, scenarioFile: suite.file),
                              trace: AttemptTrace(owner: TraceOwner(scenario: scenario.name, attempt: attempt),
                                                  sends: options.traceparent && suite.sendsTraceparent, registry: traces),
                              shard: options.shard)
    }

    /// A fresh runner for attempt `n` of the same scenario.
    func retry(attempt n: Int) -> ScenarioRunner {
        ScenarioRunner(suite: suite, scenario: scenario, ordinal: ordinal, session: session, options: options, runID: runID,
                       registry: registry, cancellation: ctx.cancellation, attempt: n, suiteShared: suiteShared,
                       schemaSession: schemaSession, traces: traces)
    }

    /// True when the scenario has a consumer group that gains from joining early.
    var benefitsFromEarlySetUp: Bool {
        scenario.steps.flattened.contains { $0.kind is ConsumerGroupStep }
    }

    /// True when the scenario injects faults: they hit the whole cluster, so it runs alone.
    var injectsFaults: Bool {
        scenario.steps.flattened.contains { $0.kind is FaultStep }
    }

    /// Creates topics and starts group members; safe to call more than once.
    @discardableResult
    func setUp() -> StepExecutor.Outcome {
        setUpOnce.withLock {
            if let setUpOutcome { return setUpOutcome }
            let outcome: StepExecutor.Outcome
            do {
                try prepare(ctx, deadline: Deadline.after(scenario.timeout.seconds))
                warmUpGroups(scenario.steps, ctx)
                outcome = .passed
            } catch {
                outcome = Self.outcome(of: error)
            }
            setUpOutcome = outcome
            return outcome
        }
    }

    /// For a scenario that will not run after all (--fail-fast, interrupted): waits for an early
    /// set-up in progress, prevents a later one, and stops the group members it started.
    func abandon() {
        setUpOnce.withLock {
            if setUpOutcome == nil { setUpOutcome = .skipped(Failure(message: "not run", type: "Skipped")) }
        }
        ctx.groups.stopUnused()
    }

    func run() -> ScenarioResult {
        let start = Deadline.now()
        var outcome = setUp()
        let deadline = ctx.clock.begin(timeout: scenario.timeout.seconds)
        var steps: [StepResult] = []
        var processors: [ProcessorRunner] = []
        if case .passed = outcome {
            recordStartOffsets(deadline: deadline)
            processors = (suite.processors + scenario.processors).map { ProcessorRunner($0, ctx: ctx) }
            processors.forEach { $0.start() }
            let executor = StepExecutor(ctx: ctx) { [self] title, done, total in
                options.observer?.stepProgress(suite: suite.name, scenario: scenario.name, step: title, done: done, total: total)
            }
            var ranAStep = false
            var firstSkip: Failure?
            steps: for (index, step) in scenario.steps.enumerated() {
                let (stepOutcome, result) = executor.execute(step, deadline: deadline)
                ctx.records.attributeMetrics(toStep: index + 1, topic: Self.literalTopic(of: step))
                steps.append(result)
                switch stepOutcome {
                case .passed: ranAStep = true
                // A step the broker cannot serve is skipped with its reason; the steps after it still run (§2).
                case .skipped(let f): firstSkip = firstSkip ?? f
                case .failed, .error: outcome = stepOutcome; break steps
                }
            }
            // Skipped as a whole only when nothing else in it could run.
            if case .passed = outcome, !ranAStep, let firstSkip { outcome = .skipped(firstSkip) }
        }
        ctx.groups.stopUnused()
        ctx.faultUndos.undoAll()
        for processor in processors {
            guard let problem = processor.stop() else { continue }
            let failure = Failure(message: ProcessorRunner.failureMessage(processor.name, problem), type: "ProcessorError",
                                  reason: .processorFailed(processor: processor.name, problem: problem))
            switch outcome {
            // A failed step may have waited for what the processor never produced: the processor is the cause.
            case .passed, .failed: outcome = .error(failure)
            case .error(let f) where f.message == failure.message: outcome = .error(failure)   // a reader it stopped
            case .error, .skipped: break
            }
        }
        ctx.trace.ignoredFacts().forEach(ctx.records.verify)
        var note: Failure?
        if let reason = scenario.expectFailure { (outcome, note) = Self.expectingFailure(outcome, reason: reason, ctx) }
        var result = result(ctx, outcome: outcome, steps: steps, duration: Deadline.now() - start)
        if !processors.isEmpty { result.flows = processors.flatMap(\.flowEdges) }
        if result.status == .passed {
            result.failure = note
            if note != nil { result.expectedFailure = scenario.expectFailure }
        }
        return result
    }

    /// The topic a step names without templates, for telling its metrics apart in reports.
    static func literalTopic(of step: Step) -> String? { step.kind.namedTopic?.literalName }

    /// `expect_failure:` turns an unmet assertion into a pass, noted as such, and a pass into a failure.
    /// An error (could not run, interrupted) stays an error: it proves nothing about the assertion.
    /// Returns the note a passed-as-expected scenario carries, so every report shows why it passed.
    static func expectingFailure(_ outcome: StepExecutor.Outcome, reason: String,
                                 _ ctx: ScenarioContext) -> (StepExecutor.Outcome, note: Failure?) {
        switch outcome {
        case .failed(let failure):
            let message = "failed as expected (\(reason)): \(failure.message)"
            ctx.records.note(message)
            // The note keeps the assertion's own message; reporters word "failed as expected" in their language.
            return (.passed, Failure(message: failure.message, type: "ExpectedFailure", details: failure.details, location: failure.location,
                                     reason: failure.reason))
        case .passed:
            return (.failed(Failure(message: "expected to fail (\(reason)) but passed", type: "UnexpectedPass",
                                    reason: .unexpectedPass(reason: reason))), nil)
        case .error, .skipped:
            return (outcome, nil)
        }
    }

    /// Creates the declared topics (isolated per scenario) and records start offsets of shared ones.
    private func prepare(_ ctx: ScenarioContext, deadline: Deadline) throws {
        var vars = try Self.suiteVariables(suite, runID: runID, options: options, environment: ctx.variables.environment)
        let names: [String: String]
        if let suiteShared {
            names = suiteShared.topicNames
            vars.merge(suiteShared.variables) { $1 }
        } else {
            names = try Self.createTopics(suite, isolationID: ctx.isolationID, session: session, registry: ctx.registry,
                                          deadline: deadline)
        }
        for (declared, real) in names { ctx.names.map(declared, to: real) }
        vars["topics"] = Self.topicsVariable(suite, names)
        vars["kafka"] = Self.kafkaVariable(session)
        // Unique per attempt in the run: keys of its own for a scenario that shares a service with others.
        vars["scenario"] = .object([JSONMember("id", .string(ctx.isolationID))])
        vars.forEach { ctx.variables.capture($0.key, $0.value) }
    }

    /// The suite's vars (rendered), `--var` overrides, `run` and `kafka`.
    static func suiteVariables(_ suite: Suite, runID: String, options: RunOptions, environment: [String: String],
                               session: BrokerSession? = nil) throws -> [String: JSONValue] {
        var vars: [String: JSONValue] = ["run": .object([JSONMember("id", .string(runID))])]
        for v in suite.vars {
            vars[v.name] = try v.value.render(in: TemplateContext(variables: vars, environment: environment))
        }
        for (name, value) in options.variables { vars[name] = Node.plainScalarValue(value) }
        if let session { vars["kafka"] = kafkaVariable(session) }
        return vars
    }

    static func kafkaVariable(_ session: BrokerSession) -> JSONValue {
        .object([JSONMember("bootstrap", .string(session.bootstrapServers))])
    }

    static func topicsVariable(_ suite: Suite, _ names: [String: String]) -> JSONValue {
        .object(suite.topics.map { JSONMember($0.name, .string(names[$0.name] ?? $0.name)) })
    }

    /// Creates the suite's declared topics under their run names; returns declared → real names.
    static func createTopics(_ suite: Suite, isolationID: String, session: BrokerSession, registry: TopicRegistry,
                             deadline: Deadline) throws -> [String: String] {
        var names: [String: String] = [:]
        for declaration in suite.topics {
            let real = try TopicCreation.create(declaration, isolationID: isolationID, session: session,
                                                acceptExisting: true, deadline: deadline)
            names[declaration.name] = real
            if declaration.isolate { registry.add(real) }
        }
        return names
    }

    /// Shared (non-isolated) topics are read from where they stood when the scenario started.
    private func recordStartOffsets(deadline: Deadline) {
        if suiteShared != nil {
            // The suite's topics outlive this scenario: it reads from where they stood when it started.
            for topic in suite.topics {
                let real = ctx.names.real(topic.name)
                ctx.offsets.recordStartOffsets(real, (try? session.endOffsets(of: real, timeout: min(deadline.remaining, 5))) ?? [:])
            }
        }
        let shared = suite.topics.filter { !$0.isolate }.map(\.name)
            + Self.literalTopics(in: scenario.steps) + (suite.processors + scenario.processors).flatMap(Self.literalTopics)
        for name in Set(shared) where ctx.names.real(name) == name && TopicNames.isLegal(name) {
            ctx.offsets.recordStartOffsets(name, (try? session.endOffsets(of: name, timeout: min(deadline.remaining, 5))) ?? [:])
        }
    }

    /// A group's first join takes seconds (3 s on the embedded broker): members of every
    /// consumer_group step with a literal topic start joining now, ahead of their step.
    private func warmUpGroups(_ steps: [Step], _ ctx: ScenarioContext) {
        for step in steps.flattened {
            guard let s = step.kind as? ConsumerGroupStep, case .literal = s.topic,
                  let groups = try? ConsumerGroupRunner.startMembers(s, at: step.location, ctx) else { continue }
            ctx.groups.prepare(groups, at: step.location)
        }
    }

    private func result(_ ctx: ScenarioContext, outcome: StepExecutor.Outcome, steps: [StepResult], duration: Double) -> ScenarioResult {
        let status = outcome.status, failure = outcome.failure
        var result = ScenarioResult(name: scenario.name, suite: suite.name, file: suite.file, line: scenario.location.line,
                              tags: RunPlan.tags(of: scenario, in: suite), status: status, duration: duration, failure: failure, steps: steps,
                              verified: ctx.records.verified, metrics: ctx.records.metrics, sampleMessage: ctx.records.sampleMessage, log: ctx.records.log,
                              description: scenario.description)
        let shares = ctx.records.loadShares
        if !shares.isEmpty { result.loadShares = shares }
        return result
    }

    static func outcome(of error: Error) -> StepExecutor.Outcome { .of(error) }

    private static func literalTopics(in steps: [Step]) -> [String] {
        steps.flattened.compactMap { $0.kind.messageTopic?.literalName }
    }

    private static func literalTopics(_ p: ProcessorDeclaration) -> [String] { literal(p.from) }

    private static func literal(_ t: ValueTemplate) -> [String] {
        if case .literal(.string(let s)) = t { return [s] }
        return []
    }
}

/// What the scenarios of a suite with services share: the suite's topics (created once per run) and the
/// `services` variable; filled in by the engine before the suite's first scenario runs.
final class SuiteShared: @unchecked Sendable {   // unchecked: written before the scenarios run, read after
    var topicNames: [String: String] = [:]
    var variables: [String: JSONValue] = [:]
}
