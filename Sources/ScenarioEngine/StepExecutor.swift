import Foundation
import ScenarioResults
import ScenarioSpec

/// Runs one step (dispatching on its kind), applies `expect_error`, and turns the outcome into a StepResult.
struct StepExecutor: Sendable {
    let ctx: ScenarioContext
    let progress: @Sendable (String, Int, Int) -> Void

    enum Outcome {
        case passed
        case failed(Failure)
        case error(Failure)
        case skipped(Failure)
    }

    func execute(_ step: Step, deadline: Deadline) -> (Outcome, StepResult) {
        let start = Deadline.now()
        let title = step.name ?? Self.describe(step)
        let here = "\(step.location.file):\(step.location.line)"
        var outcome = applyExpectedError(step) { try perform(step.kind, at: step.location, title: title, deadline: deadline) }
        switch outcome {
        case .failed(var f) where f.location == nil: f.location = here; outcome = .failed(f)
        case .error(var f) where f.location == nil: f.location = here; outcome = .error(f)
        default: break
        }
        let duration = Deadline.now() - start
        let (status, message): (Status, String?) = {
            switch outcome {
            case .passed: return (.passed, nil)
            case .failed(let f): return (.failed, f.message)
            case .error(let f): return (.error, f.message)
            case .skipped(let reason): return (.skipped, reason.message)
            }
        }()
        ctx.records.note("\(status == .passed ? "ok  " : status.rawValue) step \(step.kind.keyword) '\(title)' (\(format(duration)))"
                 + (message.map { ": \($0)" } ?? ""))
        return (outcome, StepResult(kind: step.kind.keyword, name: title, line: step.location.line, status: status,
                                    duration: duration, message: message))
    }

    private func applyExpectedError(_ step: Step, _ body: () throws -> Void) -> Outcome {
        do {
            try body()
            if let expected = step.expectError {
                let what = expected == .any ? "an error" : "error \(Self.name(of: expected))"
                return .failed(Failure(message: "expected \(what), but the step succeeded", type: "ExpectedErrorMissing",
                                       reason: .expectedErrorMissing(expected: expected == .any ? nil : Self.name(of: expected))))
            }
            return .passed
        } catch StepError.kafka(let name, let message) {
            switch step.expectError {
            case let expected? where expected == .any || expected == .named(name):
                ctx.records.note("expected error happened: \(name): \(message)")
                ctx.records.verify(.errorAsExpected(name: name))
                return .passed
            case let expected?:
                return .failed(Failure(message: "expected error \(Self.name(of: expected)), got \(name): \(message)", type: "WrongError",
                                       reason: .wrongError(expected: Self.name(of: expected), actual: name, message: message)))
            case nil:
                return .error(Failure(message: "\(name): \(message)", type: name))
            }
        } catch StepError.failed(let failure) {
            return .failed(failure)
        } catch StepError.couldNotRun(let message) {
            // Not an error of the broker or client (a template error, an interruption): expect_error never accepts it.
            return .error(Failure(message: message, type: "StepError"))
        } catch StepError.errored(let failure) {
            return .error(failure)
        } catch StepError.skipped(let reason) {
            return .skipped(Failure(message: reason, type: "Skipped"))
        } catch StepError.skippedBecause(let reason, let message) {
            return .skipped(Failure(message: message, type: "Skipped", reason: reason))
        } catch StepError.brokerLost(let message) {
            return .error(Failure(message: message, type: StepError.brokerLostType))
        } catch {
            return .error(Failure(message: "\(error)", type: "InternalError"))
        }
    }

    private func perform(_ kind: StepKind, at location: SourceLocation, title: String, deadline: Deadline) throws {
        let report: (Int, Int) -> Void = { done, total in progress(title, done, total) }
        switch kind {
        case .produce(let s): try ProduceRunner(step: s).run(ctx, deadline: deadline, progress: report)
        case .expect(let s): try ExpectRunner(step: s).run(ctx, deadline: deadline)
        case .expectNone(let s): try ExpectNoneRunner(step: s).run(ctx, deadline: deadline)
        case .consumerGroup(let s): try ConsumerGroupRunner(step: s, location: location).run(ctx, deadline: deadline)
        case .cluster(let s): try ClusterRunner(step: s).run(ctx, deadline: deadline)
        case .topic(let s): try TopicRunner(step: s).run(ctx, deadline: deadline)
        case .createTopics(let topics): try CreateTopicsRunner(topics: topics).run(ctx, deadline: deadline)
        case .deleteTopics(let names): try DeleteTopicsRunner(names: names).run(ctx, deadline: deadline)
        case .load(let s): try LoadRunner(step: s).run(ctx, deadline: deadline, progress: report)
        case .parallel(let steps): try ParallelRunner(steps: steps, executor: self).run(deadline: deadline)
        case .fault(let s): try FaultRunner(step: s).run(ctx, deadline: deadline)
        case .sleep(let d): try SleepRunner(duration: d).run(ctx, deadline: deadline)
        case .http(let s): try HTTPRunner(step: s).run(ctx, deadline: deadline)
        case .exec(let s): try ExecRunner(step: s).run(ctx, deadline: deadline)
        }
    }

    static func name(of expectation: ErrorExpectation) -> String {
        switch expectation {
        case .any: return "any"
        case .named(let n): return n
        }
    }

    static func describe(_ step: Step) -> String {
        func literal(_ t: ValueTemplate) -> String {
            if case .literal(.string(let s)) = t { return s }
            return "…"
        }
        switch step.kind {
        case .produce(let s): return "produce \(s.count == 1 ? "1 message" : "\(s.count) messages") to \(literal(s.topic))"
        case .expect(let s): return "expect on \(literal(s.topic))"
        case .expectNone(let s): return "expect nothing on \(literal(s.topic)) for \(s.duration)"
        case .consumerGroup(let s): return "consumer group on \(literal(s.topic))"
        case .cluster: return "cluster"
        case .topic(let s): return "topic \(literal(s.name))"
        case .createTopics(let t): return "create topics \(t.map(\.name).joined(separator: ", "))"
        case .deleteTopics(let n): return "delete topics \(n.joined(separator: ", "))"
        case .load(let s): return "load \(s.messages) messages on \(literal(s.topic))"
        case .parallel(let s): return "parallel (\(s.count) steps)"
        case .fault: return "fault"
        case .sleep(let d): return "sleep \(d)"
        case .http(let s):
            if case .template(let t) = s.url { return "\(s.method) \(t.source)" }
            return "\(s.method) \(literal(s.url))"
        case .exec(let s): return "exec " + s.command.map { t -> String in
            if case .literal(.string(let text)) = t { return text }
            return "…"
        }.joined(separator: " ")
        }
    }
}

/// `parallel`: runs its steps on separate threads; passes when all pass, else fails with the first problem.
struct ParallelRunner: Sendable {
    let steps: [Step]
    let executor: StepExecutor

    func run(deadline: Deadline) throws {
        let outcomes = Locked([StepExecutor.Outcome?](repeating: nil, count: steps.count))
        let group = DispatchGroup()
        for (i, step) in steps.enumerated() {
            group.enter()
            Thread {
                let (outcome, _) = executor.execute(step, deadline: deadline)
                outcomes.withLock { $0[i] = outcome }
                group.leave()
            }.start()
        }
        group.wait()
        for outcome in outcomes.withLock({ $0 }).compactMap({ $0 }) {
            switch outcome {
            case .passed: continue
            case .failed(let f): throw StepError.failed(f)
            case .error(let f): throw StepError.errored(f)
            case .skipped(let f):
                if let reason = f.reason { throw StepError.skippedBecause(reason, message: f.message) }
                throw StepError.skipped(f.message)
            }
        }
    }
}
