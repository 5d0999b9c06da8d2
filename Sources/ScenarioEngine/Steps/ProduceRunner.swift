import Foundation
import KafkaClient
import ScenarioResults
import ScenarioSpec

/// `produce`: sends one or `count` messages and waits until every delivery is acknowledged.
struct ProduceRunner {
    let step: ProduceStep

    func run(_ ctx: ScenarioContext, deadline: Deadline, progress: (Int, Int) -> Void) throws {
        let topic = try ctx.topic(step.topic)
        let fileValue = try loadValueFile()
        let fileJSON = fileValue.map(MessageView.decode)   // for a schema to encode, and the report's sample
        let stepDeadline = step.within.map { Deadline.after($0.seconds).earliest(deadline) } ?? deadline
        let tracker = DeliveryTracker(expected: step.count)
        let start = Deadline.now()
        var sent = 0
        for index in 0..<step.count {
            try ctx.cancellation.check()
            if let rate = step.rate {
                try ctx.cancellation.sleep(until: Deadline(uptime: start + Double(index) / rate.perSecond).earliest(stepDeadline))
            }
            // What was not sent by the deadline is not acknowledged within it: the verdict below says so.
            if stepDeadline.hasPassed { break }
            let vars: [String: JSONValue] = ["index": .int(Int64(index))]
            let value = try fileJSON ?? renderValue(ctx, vars)
            if index == 0, case .object = value { ctx.records.offerSample(value) }
            let key = try step.key.map { try ctx.variables.render($0, extra: vars) } ?? .null
            var headers = try step.headers.map { h in
                Header(name: h.name, value: MessageView.payload(try ctx.variables.render(h.value, extra: vars)) ?? [])
            }
            if ctx.trace.sends, step.sendsTraceparent, !headers.contains(where: { $0.name.lowercased() == AttemptTrace.headerName }) {
                headers.append(ctx.trace.header())
            }
            let keyBytes = try ctx.payload(key, schema: step.keySchema, topic: topic, isKey: true)
            // A file is sent as its exact bytes (never decoded and re-encoded) unless a schema encodes it.
            let valueBytes = try (step.valueSchema == nil ? fileValue : nil)
                ?? ctx.payload(value, schema: step.valueSchema, topic: topic, isKey: false)
            let sentAt = Deadline.now()
            try ctx.send(to: topic.real, partition: step.partition.map(Int32.init), key: keyBytes, value: valueBytes,
                         headers: headers) { [offsets = ctx.offsets, real = topic.real] report in
                tracker.delivered(report, latency: Deadline.now() - sentAt)
                if report.error == nil { offsets.recordSentByStep(real, TopicPartitionOffset(partition: report.partition, offset: report.offset)) }
            }
            sent += 1
            if step.count > 1000, index % 1000 == 0 { progress(index, step.count) }
        }
        tracker.wait(until: stepDeadline, cancellation: ctx.cancellation)
        let elapsed = Deadline.now() - start
        let (acked, failures, maxLatency) = tracker.snapshot()
        ctx.records.note("produce \(step.count) to \(topic.declared): \(acked) acknowledged in \(format(elapsed))")
        if let first = failures.first {
            throw StepError.kafka(name: first.name, message: "\(failures.count) of \(step.count) deliveries to '\(topic.declared)' failed: \(first.message)")
        }
        // Recorded before the verdict, so a delivery timeout still shows how many of how many got through.
        ctx.records.record(Metric(name: "produce.acknowledged", label: "delivery success rate (\(topic.declared)), \(acked)/\(step.count) acknowledged",
                          value: Double(acked) * 100 / Double(max(step.count, 1)), unit: .percent, threshold: "100%",
                          passed: acked == step.count))
        if acked < step.count {
            let unsent = sent < step.count ? "; \(step.count - sent) were not sent before the deadline" : ""
            throw StepError.assertion("only \(acked) of \(step.count) messages to '\(topic.declared)' were acknowledged within \(format(stepDeadline.uptime - start))\(unsent)",
                                      type: "DeliveryTimeout",
                                      reason: .deliveryTimeout(topic: topic.declared, acknowledged: acked, count: step.count,
                                                               within: format(stepDeadline.uptime - start), unsent: step.count - sent))
        }
        ctx.records.verify(.produced(topic: topic.declared, count: step.count))
        if let within = step.within {
            let ok = maxLatency <= within.seconds
            ctx.records.record(Metric(name: "produce.ack_time", label: "slowest acknowledgement (\(topic.declared))",
                              value: maxLatency, unit: .seconds, threshold: "<= \(within)", passed: ok))
            if !ok {
                throw StepError.assertion("slowest acknowledgement took \(format(maxLatency)), expected within \(within)",
                                          reason: .slowAcknowledgement(slowest: format(maxLatency), within: within.description))
            }
        }
        if let throughput = step.throughput {
            let rate = Double(acked) / max(elapsed, 1e-6)
            try Assertions.check(ctx, name: "produce.throughput", label: "produce throughput (\(topic.declared))",
                                 value: rate, unit: .perSecond, comparison: throughput, what: "produce throughput",
                                 topic: topic.declared)
        }
    }

    private func renderValue(_ ctx: ScenarioContext, _ vars: [String: JSONValue]) throws -> JSONValue {
        guard case .value(let template) = step.payload else { return .null }
        return try ctx.variables.render(template, extra: vars)
    }

    private func loadValueFile() throws -> [UInt8]? {
        guard case .file(let path, _) = step.payload else { return nil }
        // The model holds the path already resolved against the scenario file's folder (ModelBuilder.payload).
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StepError.couldNotRun("cannot read value_file '\(path)'", reason: .unreadableValueFile(path: path))
        }
        return Array(data)
    }
}

/// Counts delivery reports as they arrive on the producer's thread.
final class DeliveryTracker: @unchecked Sendable {  // unchecked: its counts are only touched with `condition` locked
    private let condition = NSCondition()
    private let expected: Int
    private var acked = 0
    private var failures: [KafkaError] = []
    private var maxLatency = 0.0

    init(expected: Int) { self.expected = expected }

    func delivered(_ report: DeliveryReport, latency: Double) {
        condition.lock()
        if let error = report.error { failures.append(error) } else { acked += 1 }
        maxLatency = max(maxLatency, latency)
        condition.broadcast()
        condition.unlock()
    }

    func wait(until deadline: Deadline, cancellation: Cancellation) {
        condition.lock()
        defer { condition.unlock() }
        while acked + failures.count < expected, !deadline.hasPassed, cancellation.cancelledReason == nil {
            _ = condition.wait(until: Date(timeIntervalSinceNow: min(deadline.remaining, 0.1)))
        }
    }

    func snapshot() -> (acked: Int, failures: [KafkaError], maxLatency: Double) {
        condition.lock()
        defer { condition.unlock() }
        return (acked, failures, maxLatency)
    }
}

extension ProduceStep: RunnableStep {
    func run(_ run: StepRun, deadline: Deadline) throws {
        try ProduceRunner(step: self).run(run.ctx, deadline: deadline, progress: run.progress)
    }
}
