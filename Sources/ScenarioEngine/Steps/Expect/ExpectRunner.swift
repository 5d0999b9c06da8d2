import Foundation
import KafkaClient
import ScenarioResults
import ScenarioSpec

/// `expect`: reads a topic until every expected message is found (and `count` holds), or the
/// deadline passes. Ends as soon as it is satisfied unless only waiting can prove the assertion.
struct ExpectRunner {
    let step: ExpectStep

    /// `count:`; an expect without `messages:` and `count:` still checks something: at least one message
    /// (`messages: []` with `exact: true` is the one that asks for none).
    var count: Comparison? {
        step.count ?? (step.messages.isEmpty && !step.exact ? Comparison(.ge, 1) : nil)
    }

    func run(_ ctx: ScenarioContext, deadline: Deadline) throws {
        let topic = try ctx.topic(step.topic)
        // Only waiting out the window proves that nothing more (or no duplicate) arrives.
        let mustWaitOut = step.exact || (count?.isProvenByWaiting ?? false) || step.unique != nil
        if mustWaitOut, let within = step.within, within.seconds > deadline.remaining {
            throw Self.cutShort(within, available: deadline.remaining)
        }
        let start = Deadline.now()
        let stepDeadline = step.within.map { Deadline.after($0.seconds).earliest(deadline) } ?? deadline
        let group = try step.group.map { try ctx.variables.renderString($0, what: "group") }
        let reader = try TopicReader(ctx, topic: topic, from: step.from, group: group, deadline: stepDeadline)
        defer { reader.close() }
        var matcher = ExpectationMatcher(expectations: step.messages, order: step.order, exact: step.exact,
                                         context: ctx.variables.templateContext())
        var latencies = LatencyRecorder()
        var lastArrival = start
        // `schema:`: matched messages (every message, without `messages:`) must have been written with its id
        // (a file schema's under this topic).
        let schemaID = try step.schema.map { try ctx.schemas.id(of: $0, topic: topic, isKey: false, variables: ctx.variables) }
        let schemaMessage = try step.schema.flatMap { try ctx.schemas.protobufMessage(of: $0, variables: ctx.variables) }
        var uniqueness = step.unique.map { UniquenessCheck(path: $0, topic: topic.declared) }
        var endedEarly = false
        var countExceeded = false
        var unreadFrameID: Int32?
        var miss = MissWitness()   // explains a miss (MissWitness.swift)

        // settle: a wait that only proves "nothing more" ends once the service is proven done.
        let settle = try mustWaitOut ? step.settle.map { try GroupSettle($0, ctx, watched: topic.real, from: step.from, deadline: stepDeadline) } : nil
        while !stepDeadline.hasPassed {
            if try settle?.isSettled() == true { break }
            let next: Message?
            do { next = try reader.next(until: stepDeadline) } catch {
                // --timeout or an interrupt ended a window that only its whole length can decide: say so, with both durations.
                guard mustWaitOut, let why = ctx.cancellation.cancelledReason else { throw error }
                throw Self.interrupted(step.within, after: Deadline.now() - start, why: why)
            }
            guard let message = next else {
                if countExceeded { break }   // the backlog is read: the count to report is complete
                continue
            }
            settle?.saw(message)
            lastArrival = Deadline.now()
            if let ts = message.timestampMs { latencies.record(seconds: Double(message.receivedAtMs - ts) / 1000) }
            let read = try ctx.view(message, declaredTopic: topic.declared)
            unreadFrameID = unreadFrameID ?? read.unreadFrameID
            miss.saw(message, schemaID: read.valueSchemaID, wanted: schemaID)
            let view = read.json
            let matchedBefore = matcher.matchedCount
            try matcher.consume(view)
            if let wanted = schemaID, step.messages.isEmpty || matcher.matchedCount > matchedBefore, read.valueSchemaID != wanted {
                let name = step.schema?.name ?? ""
                throw StepError.assertion(Self.wrongSchema(read.valueSchemaID, wanted: wanted, name: name,
                                                          message: view, topic: topic.declared),
                                          details: MessageView.pretty(view), type: "WrongSchema",
                                          reason: .wrongSchema(schema: name, expectedID: wanted, writtenID: read.valueSchemaID,
                                                               topic: topic.declared, at: MessagePosition(partition: view["partition"].map { MessageView.compact($0) } ?? "?",
                                                                                    offset: view["offset"].map { MessageView.compact($0) } ?? "?")))
            }
            if let wanted = schemaID, let wantedMessage = schemaMessage, let written = read.valueMessage, read.valueSchemaID == wanted,
               written != wantedMessage, step.messages.isEmpty || matcher.matchedCount > matchedBefore {
                let name = step.schema?.name ?? ""
                let at = MessagePosition(partition: view["partition"].map { MessageView.compact($0) } ?? "?",
                                         offset: view["offset"].map { MessageView.compact($0) } ?? "?")
                throw StepError.assertion(
                    "the message matched at \(ProcessorRunner.describe(message: view, topic: topic.declared)) was written as \(written) (schema id \(wanted)), expected schema '\(name)' (message \(wantedMessage))",
                    details: MessageView.pretty(view), type: "WrongSchema",
                    reason: .wrongMessage(schema: name, id: wanted, expectedMessage: wantedMessage, writtenMessage: written,
                                          topic: topic.declared, at: at))
            }
            try uniqueness?.consume(view)
            if let count, count.isExceededForGood(by: Double(matcher.seen)) {
                endedEarly = true
                countExceeded = true
                continue
            }
            if !mustWaitOut, matcher.allMatched, countSatisfiedEarly(matcher.seen) { endedEarly = true; break }
        }
        // What was not read proves nothing unless the broker still answers.
        if !endedEarly { try reader.confirmBrokerAnswers() }
        try settle?.record()
        let elapsed = Deadline.now() - start
        ctx.records.note("expect on \(topic.declared): \(matcher.seen) messages seen, \(matcher.matchedCount)/\(step.messages.count) expectations met in \(format(elapsed))")
        if countExceeded { try checkCount(ctx, seen: matcher.seen, topic: topic.declared) }
        // A window that the scenario's deadline ended before `within` proves nothing (the check before reading guards this too).
        if mustWaitOut, let within = step.within, start + within.seconds > deadline.uptime + 0.001 {
            throw Self.cutShort(within, available: deadline.uptime - start)
        }

        if !matcher.allMatched {
            var closest = ""
            let differences = matcher.closestDifferences() ?? []
            if !differences.isEmpty {
                closest = "; closest: " + differences.prefix(2).map(\.description).joined(separator: "; ") + (differences.count > 2 ? " …" : "")
            }
            let within = format(stepDeadline.uptime - start)
            let missing = step.messages.count - matcher.matchedCount
            let unmet = matcher.unmet()
            var failure = Failure(
                message: "\(missing) of \(step.messages.count) expected messages not found on '\(topic.declared)' within \(within) (\(matcher.seen) seen)\(closest)",
                type: "MessageNotFound",
                details: ExpectationMatcher.explain(unmet.messages, more: unmet.more) + (unreadFrameID.map {
                    "\nValues on '\(topic.declared)' look Confluent-framed (magic byte 0, schema id \($0)): declare `schemas:` or give --schema-registry to decode them."
                } ?? ""),
                reason: .messagesNotFound(topic: topic.declared, missing: missing, expected: step.messages.count, seen: matcher.seen,
                                          within: within, closest: differences.map(Difference.init), unmet: unmet.messages, moreUnmet: unmet.more))
            failure.explanation = miss.explain(ctx, step: step, topic: topic, reader: reader, expectations: step.messages,
                                               unmet: unmet.messages.map { $0.index - 1 }, windowEnd: stepDeadline.uptime,
                                               window: step.within.map { "within: \($0)" } ?? within, deadline: deadline)
            throw StepError.failed(failure)
        }
        do {
            try checkCount(ctx, seen: matcher.seen, topic: topic.declared)
        } catch StepError.failed(var failure) where count.map({ $0.op == .ge || $0.op == .gt }) == true {
            // Too few messages arrived: explain where it read, and whether more came after the window.
            failure.explanation = miss.explain(ctx, step: step, topic: topic, reader: reader, expectations: [], unmet: [],
                                               windowEnd: stepDeadline.uptime, window: step.within.map { "within: \($0)" } ?? format(stepDeadline.uptime - start),
                                               deadline: deadline)
            throw StepError.failed(failure)
        }
        if let name = step.capture.first?.name, matcher.firstMatch == nil {
            throw StepError.assertion("capture '\(name)': no message arrived on '\(topic.declared)' to capture from",
                                      reason: .captureWithoutMessage(name: name))
        }
        if let first = matcher.firstMatch {
            for capture in step.capture {
                guard let value = capture.path.value(in: first) else {
                    throw StepError.assertion("capture '\(capture.name)': '\(capture.path)' does not exist in the matched message",
                                              details: MessageView.pretty(first),
                                              reason: .captureMissing(name: capture.name, path: capture.path.description))
                }
                ctx.variables.capture(capture.name, value)
            }
        }
        // A step that received nothing has no time to receive.
        if let within = step.within, matcher.seen > 0 {
            ctx.records.record(Metric(name: "expect.time", label: "time to receive (\(topic.declared))", value: lastArrival - start,
                              unit: .seconds, threshold: "<= \(within)", passed: true))
        }
        try latencies.check(step.latency, ctx, prefix: "expect", topic: topic.declared)
        if let throughput = step.throughput {
            let rate = Double(matcher.seen) / max(lastArrival - start, 1e-6)
            try Assertions.check(ctx, name: "expect.throughput", label: "consume throughput (\(topic.declared))",
                                 value: rate, unit: .perSecond, comparison: throughput, what: "consume throughput",
                                 topic: topic.declared)
        }
        ctx.records.verify(step.messages.isEmpty ? .receivedCount(topic: topic.declared, count: matcher.seen)
                                         : .received(topic: topic.declared, expected: step.messages.count))
    }

    /// `>= N`/`> N` end when reached; no count: ends when all expectations match. Exact counts and
    /// upper bounds never end early (they wait out the window).
    private func countSatisfiedEarly(_ seen: Int) -> Bool {
        guard let count else { return !step.messages.isEmpty }
        switch count.op {
        case .ge, .gt: return count.holds(for: Double(seen))
        case .ne: return count.holds(for: Double(seen)) && !step.messages.isEmpty
        case .eq, .lt, .le: return false
        }
    }

    static func cutShort(_ within: Duration, available seconds: Double) -> StepError {
        let available = format(max(0, seconds))
        return StepError.couldNotRun("this expect must wait out 'within: \(within)' to decide, but only \(available) of the scenario's time is left: raise the scenario's `timeout:` or shorten `within:`",
                                     reason: .windowCutShort(window: within.description, available: available))
    }

    static func interrupted(_ within: Duration?, after seconds: Double, why: String) -> StepError {
        let window = within.map { "within: \($0)" } ?? "the scenario's timeout"
        let after = format(max(0, seconds))
        return StepError.couldNotRun("interrupted: \(why) after \(after) of '\(window)', which only the whole window can decide",
                                     reason: .windowInterrupted(window: within?.description ?? "timeout", after: after, why: why))
    }

    static func wrongSchema(_ found: Int32?, wanted: Int32, name: String, message: JSONValue, topic: String) -> String {
        let written = found.map { "schema id \($0)" } ?? "no schema (not framed)"
        return "the message matched at \(ProcessorRunner.describe(message: message, topic: topic)) was written with \(written), expected schema '\(name)' (id \(wanted))"
    }

    private func checkCount(_ ctx: ScenarioContext, seen: Int, topic: String) throws {
        guard let count else { return }
        try Assertions.check(ctx, name: "expect.count", label: "messages received (\(topic))",
                             value: Double(seen), unit: .count, comparison: count, what: "message count on '\(topic)'", topic: topic)
    }
}

extension ExpectStep: RunnableStep {
    func run(_ run: StepRun, deadline: Deadline) throws {
        try ExpectRunner(step: self).run(run.ctx, deadline: deadline)
    }
}
