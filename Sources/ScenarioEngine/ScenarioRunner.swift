import Foundation
import KafkaClient
import ScenarioResults
import ScenarioSpec

/// Runs one scenario: creates its topics, records where its readers start, starts its processors,
/// runs its steps in order and gathers the result.
struct ScenarioRunner {
    let suite: Suite
    let scenario: Scenario
    let ordinal: Int
    let session: BrokerSession
    let options: RunOptions
    let runID: String
    let registry: TopicRegistry
    let cancellation: Cancellation

    func run() -> ScenarioResult {
        let start = Deadline.now()
        let deadline = Deadline.after(scenario.timeout.seconds)
        let ctx = ScenarioContext(session: session, runID: runID, suiteName: suite.name, scenarioName: scenario.name,
                                  scenarioFile: suite.file, deadline: deadline, topicNames: [:], variables: [:],
                                  environment: ProcessInfo.processInfo.environment, cancellation: cancellation,
                                  registry: registry, isolationID: "\(runID).\(ordinal)")
        var steps: [StepResult] = []
        var outcome: StepExecutor.Outcome = .passed
        do {
            try prepare(ctx, deadline: deadline)
        } catch {
            outcome = Self.outcome(of: error)
        }
        var processors: [ProcessorRunner] = []
        if case .passed = outcome {
            processors = (suite.processors + scenario.processors).map { ProcessorRunner($0, ctx: ctx) }
            processors.forEach { $0.start() }
            let executor = StepExecutor(ctx: ctx, suiteDirectory: (suite.file as NSString).deletingLastPathComponent) { title, done, total in
                options.observer?.stepProgress(suite: suite.name, scenario: scenario.name, step: title, done: done, total: total)
            }
            for step in scenario.steps {
                let (stepOutcome, result) = executor.execute(step, deadline: deadline)
                steps.append(result)
                if case .passed = stepOutcome { continue }
                outcome = stepOutcome
                break
            }
        }
        for processor in processors {
            if let problem = processor.stop(), case .passed = outcome {
                outcome = .error(Failure(message: "processor failed: \(problem)", type: "ProcessorError"))
            }
        }
        return result(ctx, outcome: outcome, steps: steps, duration: Deadline.now() - start)
    }

    /// Creates the declared topics (isolated per scenario) and records start offsets of shared ones.
    private func prepare(_ ctx: ScenarioContext, deadline: Deadline) throws {
        var vars: [String: JSONValue] = ["run": .object([JSONMember("id", .string(runID))])]
        for v in suite.vars {
            vars[v.name] = try v.value.render(in: TemplateContext(variables: vars, environment: ctx.environment))
        }
        for (name, value) in options.variables { vars[name] = .string(value) }
        vars.forEach { ctx.capture($0.key, $0.value) }
        for declaration in suite.topics {
            let real = declaration.isolate ? Isolation.name(declaration.name, runID: ctx.isolationID) : declaration.name
            guard TopicNames.isLegal(real) else { throw TopicNames.illegalNameError(declaration.name) }
            do {
                try session.createTopic(Isolation.newTopic(declaration, realName: real), timeout: deadline.remaining)
            } catch let error as KafkaError where error.name == "TOPIC_ALREADY_EXISTS" && !declaration.isolate {
                // A shared topic that is already there is what isolate: false asks for.
            } catch let error as KafkaError {
                throw StepError.kafka(name: error.name, message: "cannot create topic '\(declaration.name)': \(error.message)")
            }
            ctx.mapTopic(declaration.name, to: real)
            ctx.registerForCleanup(real, isolated: declaration.isolate)
            if !declaration.isolate {
                ctx.recordStartOffsets(real, try TopicReader.kafka { try session.endOffsets(of: real, timeout: deadline.remaining) })
            }
        }
        for name in Self.literalTopics(in: scenario.steps) + (suite.processors + scenario.processors).flatMap(Self.literalTopics)
        where ctx.realTopic(name) == name && TopicNames.isLegal(name) && ctx.startOffsets(of: name) == nil {
            ctx.recordStartOffsets(name, (try? session.endOffsets(of: name, timeout: min(deadline.remaining, 5))) ?? [:])
        }
    }

    private func result(_ ctx: ScenarioContext, outcome: StepExecutor.Outcome, steps: [StepResult], duration: Double) -> ScenarioResult {
        let (status, failure): (Status, Failure?) = {
            switch outcome {
            case .passed: return (.passed, nil)
            case .failed(let f): return (.failed, f)
            case .error(let f): return (.error, f)
            case .skipped(let reason): return (.skipped, Failure(message: reason, type: "Skipped"))
            }
        }()
        return ScenarioResult(name: scenario.name, suite: suite.name, file: suite.file, line: scenario.location.line,
                              tags: scenario.tags, status: status, duration: duration, failure: failure, steps: steps,
                              verified: ctx.verified, metrics: ctx.metrics, sampleMessage: ctx.sampleMessage, log: ctx.log,
                              description: scenario.description)
    }

    static func outcome(of error: Error) -> StepExecutor.Outcome {
        switch error {
        case StepError.failed(let f): return .failed(f)
        case StepError.kafka(let name, let message): return .error(Failure(message: "\(name): \(message)", type: name))
        case StepError.couldNotRun(let message): return .error(Failure(message: message, type: "SetupError"))
        case StepError.skipped(let reason): return .skipped(reason)
        case let error as KafkaError: return .error(Failure(message: error.description, type: error.name))
        case let error as TemplateError: return .error(Failure(message: "template error: \(error.message)", type: "TemplateError"))
        default: return .error(Failure(message: "\(error)", type: "InternalError"))
        }
    }

    private static func literalTopics(in steps: [Step]) -> [String] {
        steps.flatMap { step -> [String] in
            switch step.kind {
            case .produce(let s): return literal(s.topic)
            case .expect(let s): return literal(s.topic)
            case .expectNone(let s): return literal(s.topic)
            case .consumerGroup(let s): return literal(s.topic)
            case .load(let s): return literal(s.topic)
            case .parallel(let inner): return literalTopics(in: inner)
            default: return []
            }
        }
    }

    private static func literalTopics(_ p: ProcessorDeclaration) -> [String] { literal(p.from) }

    private static func literal(_ t: ValueTemplate) -> [String] {
        if case .literal(.string(let s)) = t { return [s] }
        return []
    }
}
