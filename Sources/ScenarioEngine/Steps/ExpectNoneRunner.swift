import KafkaClient
import ScenarioResults
import ScenarioSpec

/// `expect_none`: passes when no (matching) message arrives for the whole duration.
struct ExpectNoneRunner {
    let step: ExpectNoneStep

    func run(_ ctx: ScenarioContext, deadline: Deadline) throws {
        let topic = try ctx.topic(step.topic)
        let window = Deadline.after(step.duration.seconds)
        if window.uptime > deadline.uptime {
            throw StepError.couldNotRun("expect_none for \(step.duration) does not fit in the scenario's remaining time (\(format(deadline.remaining))): shorten `for:` or raise the scenario's `timeout:`",
                                        reason: .windowDoesNotFit(duration: step.duration.description, remaining: format(deadline.remaining)))
        }
        let reader = try TopicReader(ctx, topic: topic, from: step.from, group: nil, deadline: window)
        defer { reader.close() }
        let context = ctx.variables.templateContext()
        var seen = 0
        let settle = try step.settle.map { try GroupSettle($0, ctx, watched: topic.real, from: step.from, deadline: window) }
        let start = Deadline.now()
        while !window.hasPassed {
            if try settle?.isSettled() == true { break }   // settle: the service is proven done
            let next: Message?
            do { next = try reader.next(until: window) } catch {
                // --timeout or an interrupt cut the window short: nothing is proven, and the error says by how much.
                guard let why = ctx.cancellation.cancelledReason else { throw error }
                let after = format(Deadline.now() - start)
                throw StepError.couldNotRun("interrupted: \(why) after \(after) of expect_none's 'for: \(step.duration)', which only its whole window can decide",
                                            reason: .windowInterrupted(window: step.duration.description, after: after, why: why))
            }
            guard let message = next else { continue }
            settle?.saw(message)
            seen += 1
            let view = try ctx.view(message, declaredTopic: topic.declared).json
            if let matching = step.matching, try !ExpectationMatcher.decided(matching.mismatches(view, context: context)).isEmpty { continue }
            throw StepError.assertion(
                step.matching == nil ? "a message arrived on '\(topic.declared)' where none was expected"
                                     : "a matching message arrived on '\(topic.declared)' where none was expected",
                details: MessageView.pretty(view), type: "UnexpectedMessage",
                reason: .unexpectedMessage(topic: topic.declared, matching: step.matching != nil))
        }
        try reader.confirmBrokerAnswers()
        try settle?.record()
        ctx.records.note("expect_none on \(topic.declared): nothing \(step.matching == nil ? "" : "matching ")arrived in \(step.duration) (\(seen) other messages)")
        ctx.records.verify(.nothingArrived(topic: topic.declared, matching: step.matching != nil, duration: step.duration.description))
    }
}

extension ExpectNoneStep: RunnableStep {
    func run(_ run: StepRun, deadline: Deadline) throws {
        try ExpectNoneRunner(step: self).run(run.ctx, deadline: deadline)
    }
}
