import Foundation
import KafkaClient
import ScenarioResults
import ScenarioSpec

/// `load`: produces N messages (at a rate or flat out) while a reader on every partition reads
/// them back; verifies loss and duplicates by the sequence number in each key and reports
/// throughput and send→receive latency.
struct LoadRunner {
    let step: LoadStep

    func run(_ ctx: ScenarioContext, deadline: Deadline, progress: (Int, Int) -> Void) throws {
        let topic = try ctx.topic(step.topic)
        let stepDeadline = step.within.map { Deadline.after($0.seconds).earliest(deadline) } ?? deadline
        // Under --shard I/N this process sends its share, with its own sequence numbers.
        let share = ctx.shard.map { LoadShareSlice(messages: step.messages, shard: $0) }
        let total = share?.count ?? step.messages
        let stamp = LoadStamp(token: LoadStamp.randomToken(), firstSequence: share?.first ?? 0)
        let sentAt = LoadSendTimes(count: total)
        let payload = try PayloadSource(step.payload, ctx: ctx, schema: step.valueSchema, topic: topic)

        let partitions = try TopicReader.partitions(ctx, topic: topic, deadline: stepDeadline)
        var topicReaders: [TopicReader] = []
        do {
            for lane in LoadReader.lanes(partitions) {
                topicReaders.append(try TopicReader(ctx, topic: topic, from: .scenarioStart, group: nil, deadline: stepDeadline,
                                                    partitions: lane))
            }
        } catch {
            topicReaders.forEach { $0.close() }
            throw error
        }
        let size = estimatedSize(ctx)
        if let warning = EmbeddedLoadLimit.warning(session: ctx.session, messages: total, bytesPerMessage: size, generated: isGenerated,
                                                   partitions: partitions.count, topic: topic.declared) {
            ctx.records.note("warning: \(warning)")
        }
        let storedBytes = EmbeddedLoadLimit.storedBytes(payload: size, generated: isGenerated)
        let batchMessages = Self.batchMessages(bytesPerMessage: storedBytes)
        let producer: LoadProducer
        do {
            producer = try LoadProducer(session: ctx.session, stamp: stamp, generated: payload.generatedPayload,
                                        batchMessages: batchMessages, flatOut: step.rate == nil)
            try producer.prepare(topic: topic.real, timeout: min(stepDeadline.remaining, 5))
        } catch let error as KafkaError {
            topicReaders.forEach { $0.close() }
            throw StepError.kafka(name: error.name, message: error.message)
        }
        defer { producer.close() }
        let reader = LoadReader(readers: topicReaders, stamp: stamp, total: total, sentAt: sentAt, deadline: stepDeadline)
        reader.start()
        var tally: LoadTally?
        defer { if tally == nil { _ = reader.stop() } }

        // A shard paces its share so that the shards together keep the step's rate.
        let perSecond = step.rate.map { $0.perSecond * Double(total) / Double(max(1, step.messages)) }
        let start = Deadline.now()
        let window = unreadWindow(ctx, partitions: partitions.count, bytesPerMessage: storedBytes)
        let run = Self.messagesPerPartitionRun(total: total, partitions: partitions.count, batchMessages: batchMessages)
        var lastProgress = start
        var received = 0
        var sent = 0
        while sent < total {
            if sent & 255 == 0 || sent - received >= window {
                producer.serve(timeout: 0)
                if stepDeadline.hasPassed { break }
                try ctx.cancellation.check()
                let snapshot = reader.snapshot
                if let error = snapshot.error { throw error }
                received = snapshot.received
                let now = Deadline.now()
                if now - lastProgress > 0.1 { progress(received, total); lastProgress = now }
                if sent - received >= window {
                    // The embedded broker's log holds the unread messages: wait for the reader.
                    received = reader.waitForProgress(beyond: sent - window, until: Deadline.after(0.05).earliest(stepDeadline)).received
                    continue
                }
            }
            if let perSecond {
                let wait = start + Double(sent) / perSecond - Deadline.now()
                if wait > 0 { Thread.sleep(forTimeInterval: min(wait, stepDeadline.remaining)) }
            }
            let value = producer.stampsPayload ? nil : try payload.value(sent)
            if sentAt.isSampled(sent) { sentAt[sent] = Deadline.now() }
            try sendOne(ctx, producer, partition: partitions[(sent / run) % partitions.count], sequence: sent, value: value,
                        topic: topic.declared, deadline: stepDeadline, reader: reader)
            sent += 1
        }
        // Wait until every delivery is reported and every acknowledged message has come back, or
        // until nothing more arrives for a while after the last acknowledgement (messages lost).
        var lastChange = (received: -1, at: Deadline.now())
        var producedAt: Double?
        while !stepDeadline.hasPassed {
            try ctx.cancellation.check()
            let (deliveries, read) = (producer.status, reader.snapshot)
            if let error = read.error { throw error }
            let allReported = deliveries.acked + deliveries.failed >= sent
            if allReported, producedAt == nil { producedAt = Deadline.now() }
            if allReported, read.received >= deliveries.acked || read.finished { break }
            if read.received != lastChange.received { lastChange = (read.received, Deadline.now()) }
            if let producedAt, Deadline.now() - max(lastChange.at, producedAt) > Self.stallSeconds { break }
            if Deadline.now() - lastProgress > 0.1 { progress(read.received, total); lastProgress = Deadline.now() }
            let slice = Deadline.after(0.05).earliest(stepDeadline)
            if allReported {
                _ = reader.waitForProgress(beyond: read.received, until: slice)
            } else {
                producer.serve(timeout: slice.remaining)   // returns as soon as a report arrives
            }
        }
        let finalTally = reader.stop()
        tally = finalTally
        progress(finalTally.received, total)
        let lastArrival = reader.snapshot.lastArrival
        if let share, let shard = ctx.shard {
            try reportShare(ctx, share: share, shard: shard, topic: topic.declared, start: start, producedAt: producedAt,
                            deliveries: producer.status, tally: finalTally, lastArrival: lastArrival, latencies: reader.latencies)
            return
        }
        try report(ctx, topic: topic.declared, start: start, producedAt: producedAt, sent: sent, deliveries: producer.status,
                   tally: finalTally, lastArrival: lastArrival, latencies: reader.latencies,
                   partitions: partitions.count, size: size, stepDeadline: stepDeadline)
    }

    /// A shard's share: its figures recorded as metrics and as a `LoadShare` for `report`, which
    /// judges the thresholds on every shard's figures merged; none is judged on one share.
    private func reportShare(_ ctx: ScenarioContext, share: LoadShareSlice, shard: Shard, topic: String, start: Double, producedAt: Double?,
                             deliveries: LoadProducer.Deliveries, tally: LoadTally, lastArrival: Double?, latencies: LatencyRecorder) throws {
        let produceSeconds = max((producedAt ?? Deadline.now()) - start, 1e-6)
        let consumeSeconds = max((lastArrival ?? Deadline.now()) - start, 1e-6)
        let shardName = "\(shard.index)/\(shard.count)"
        ctx.records.note("load share \(shardName) of \(step.messages) to \(topic): sequence numbers \(share.first)..<\(share.first + share.count), \(deliveries.acked) acknowledged, \(tally.received) read back, \(tally.duplicates) duplicates")
        if let error = deliveries.firstError {
            throw StepError.kafka(name: error.name, message: "\(deliveries.failed) of \(share.count) load deliveries to '\(topic)' failed: \(error.message)")
        }
        func record(_ name: String, _ label: String, _ value: Double, _ unit: MetricUnit) {
            ctx.records.record(Metric(name: name, label: "\(label) (\(topic))", value: value, unit: unit))
        }
        record("load.produce_throughput", "produce throughput", Double(deliveries.acked) / produceSeconds, .perSecond)
        record("load.consume_throughput", "consume throughput", Double(tally.received) / consumeSeconds, .perSecond)
        record("load.lost", "messages lost", Double(share.count - tally.received), .count)
        record("load.duplicates", "duplicate messages", Double(tally.duplicates), .count)
        for name in ["p50", "p95", "p99", "max"] {
            if let value = latencies.value(name) { record("load.latency.\(name)", "\(name) latency", value, .seconds) }
        }
        // Monotonic seconds to wall-clock dates: shards on other machines share only the wall clock.
        let wallOffset = Date().timeIntervalSince1970 - Deadline.now()
        func wall(_ t: Double?) -> Double? { t.map { $0 + wallOffset } }
        ctx.records.record(LoadShare(topic: topic, shard: shardName, messages: step.messages, firstSequence: share.first, count: share.count,
                                     acknowledged: deliveries.acked, received: tally.received, duplicates: tally.duplicates,
                                     startedAt: wall(start)!, producedAt: wall(producedAt), lastArrival: wall(lastArrival),
                                     latency: latencies.compressed, thresholds: LoadShareSlice.thresholds(of: step)))
        ctx.records.verify(.loadShareSent(topic: topic, shard: shardName, count: share.count, messages: step.messages))
    }

    /// One send. A broker that stops taking messages fills the producer's queue: the wait for room
    /// ends with an interrupt, a reader's error (the broker lost), or the deadline, when the step
    /// names the broker if it no longer answers.
    private func sendOne(_ ctx: ScenarioContext, _ producer: LoadProducer, partition: Int32, sequence: Int, value: [UInt8]?,
                         topic: String, deadline: Deadline, reader: LoadReader) throws {
        do {
            try producer.send(partition: partition, sequence: sequence, value: value, deadline: deadline) {
                try ctx.cancellation.check()
                if let error = reader.snapshot.error { throw error }
            }
        } catch let error as KafkaError {
            if error.name == "TIMED_OUT" {
                try TopicReader.confirmBrokerAnswers(ctx, reading: topic, reason: producer.latestBrokerError)
            }
            throw StepError.kafka(name: error.name, message: error.message)
        }
    }

    private func report(_ ctx: ScenarioContext, topic: String, start: Double, producedAt: Double?, sent: Int, deliveries: LoadProducer.Deliveries,
                        tally: LoadTally, lastArrival: Double?, latencies: LatencyRecorder, partitions: Int, size: Int,
                        stepDeadline: Deadline) throws {
        let total = step.messages
        let produceSeconds = max((producedAt ?? Deadline.now()) - start, 1e-6)
        let consumeSeconds = max((lastArrival ?? Deadline.now()) - start, 1e-6)
        let produceRate = Double(deliveries.acked) / produceSeconds
        let consumeRate = Double(tally.received) / consumeSeconds
        ctx.records.note("load \(total) to \(topic) over \(partitions) partitions: \(sent) sent, \(deliveries.acked) acknowledged in \(format(produceSeconds)) (\(Int(produceRate))/s), \(tally.received) read back in \(format(consumeSeconds)) (\(Int(consumeRate))/s), \(tally.duplicates) duplicates")
        if let error = deliveries.firstError {
            throw StepError.kafka(name: error.name, message: "\(deliveries.failed) of \(total) load deliveries to '\(topic)' failed: \(error.message)")
        }
        var failures: [Failure] = []
        func check(_ name: String, _ label: String, _ value: Double, _ unit: MetricUnit, _ comparison: Comparison?, _ what: String) {
            guard let comparison else {
                ctx.records.record(Metric(name: name, label: "\(label) (\(topic))", value: value, unit: unit))
                return
            }
            do {
                try Assertions.check(ctx, name: name, label: "\(label) (\(topic))", value: value, unit: unit,
                                     comparison: comparison, what: what, topic: topic)
            } catch StepError.failed(let f) {
                failures.append(f)
            } catch {}
        }
        check("load.produce_throughput", "produce throughput", produceRate, .perSecond, step.produceThroughput, "produce throughput")
        check("load.consume_throughput", "consume throughput", consumeRate, .perSecond, step.consumeThroughput, "consume throughput")
        let lost = Double(total - tally.received)
        check("load.lost", "messages lost", lost, .count, step.lost ?? Comparison(.eq, 0), "lost messages")
        check("load.duplicates", "duplicate messages", Double(tally.duplicates), .count,
              step.duplicates ?? Comparison(.eq, 0), "duplicate messages")
        for name in ["p50", "p95", "p99", "max"] where step.latency?.checks.contains(where: { $0.percentile == name }) != true {
            if let value = latencies.value(name) {
                ctx.records.record(Metric(name: "load.latency.\(name)", label: "\(name) latency (\(topic))", value: value, unit: .seconds))
            }
        }
        do {
            try latencies.check(step.latency, ctx, prefix: "load", topic: topic)
        } catch StepError.failed(let f) {
            failures.append(f)
        }
        if !failures.isEmpty {
            var details: String?
            if tally.received < total {
                let missing = tally.missing(limit: 5).map(String.init).joined(separator: ", ")
                details = "\(total - tally.received) of \(total) messages were not read back within \(format(stepDeadline.uptime - start)); first missing sequence numbers: \(missing)"
                if let warning = EmbeddedLoadLimit.warning(session: ctx.session, messages: total, bytesPerMessage: size,
                                                           generated: isGenerated, partitions: partitions, topic: topic) {
                    details! += "\n" + warning
                }
            }
            // The details (sequence numbers, the embedded broker's limit) stay English in every report.
            throw StepError.assertion(failures.map(\.message).joined(separator: "; "), details: details, type: "LoadAssertion",
                                      reason: FailureReason.all(of: failures))
        }
        ctx.records.verify(.loadReadBack(topic: topic, produced: total, received: tally.received, lost: total - tally.received,
                                 duplicates: tally.duplicates))
    }

    /// Consecutive messages sent to one partition before the next: one producer batch
    /// (`batchMessages`) or less. A run of a whole batch fills it by count and it leaves at once,
    /// one request, as librdkafka's sticky partitioner fills one partition's batch at a time;
    /// a run that outlasted the linger would leave in two. Every partition still gets a share
    /// within 1/16 of the total.
    static func messagesPerPartitionRun(total: Int, partitions: Int, batchMessages: Int) -> Int {
        max(1, min(batchMessages, total / max(1, partitions * 16)))
    }

    /// Messages per producer batch: as many as fit well within its bytes (`bytesPerMessage`
    /// over-estimates a record), so that batches fill by count.
    static func batchMessages(bytesPerMessage: Int) -> Int {
        max(1, min(ClientDefaults.loadBatchMessages, ClientDefaults.loadBatchBytes * 9 / 10 / max(1, bytesPerMessage)))
    }

    /// After the last acknowledgement, this long without a new message means the rest is lost.
    static let stallSeconds = 3.0

    /// How far the producer may run ahead of the reader. The embedded broker drops what exceeds
    /// its per-partition log, so there the unread backlog stays within half of it; a real broker
    /// keeps everything and the producer runs free.
    private func unreadWindow(_ ctx: ScenarioContext, partitions: Int, bytesPerMessage: Int) -> Int {
        guard ctx.session.isEmbedded else { return Int.max }
        return max(1, partitions * EmbeddedLoadLimit.bytesPerPartition / 2 / bytesPerMessage)
    }

    private var isGenerated: Bool {
        if case .generated = step.payload { return true }
        return false
    }

    /// Bytes of a message's payload (the first one's, for a `value:`).
    private func estimatedSize(_ ctx: ScenarioContext) -> Int {
        switch step.payload {
        case .generated(let size): return size
        case .value(let template): return (try? PayloadSource.bytes(ctx.variables.render(template, extra: ["index": .int(0)])))??.count ?? 100
        }
    }
}

/// The payload of message `index`: a fixed generated buffer, or the value template rendered (and encoded
/// with `value_schema:`: once when the value is a literal, else per message).
private struct PayloadSource {
    /// The `size:` payload, which the producer may stamp; nil for a `value:`.
    let generatedPayload: [UInt8]?
    /// Every message's bytes when they do not change: the `size:` payload, or a literal encoded once.
    private let fixed: [UInt8]?
    private let template: ValueTemplate?
    private let context: TemplateContext
    private let encode: ((JSONValue) throws -> [UInt8]?)?

    init(_ payload: LoadPayload, ctx: ScenarioContext, schema: SchemaReference? = nil,
         topic: (declared: String, real: String)? = nil) throws {
        context = ctx.variables.templateContext()
        if let schema, let topic {
            encode = { try ctx.payload($0, schema: schema, topic: topic, isKey: false) }
        } else {
            encode = nil
        }
        switch payload {
        case .generated(let size):
            if let schema { throw StepError.couldNotRun("value_schema '\(schema.name)' needs a value: a generated payload has no fields to encode") }
            fixed = (0..<size).map { UInt8(ascii: "a") + UInt8($0 % 26) }
            generatedPayload = fixed
            template = nil
        case .value(.literal(let constant)) where encode != nil && constant != .null:
            fixed = try encode?(constant) ?? nil
            generatedPayload = nil
            template = nil
        case .value(let t):
            fixed = nil
            generatedPayload = nil
            template = t
        }
    }

    func value(_ index: Int) throws -> [UInt8]? {
        if let fixed { return fixed }
        guard let template else { return nil }
        var c = context
        c.variables["index"] = .int(Int64(index))
        let rendered: JSONValue
        do {
            rendered = try template.render(in: c)
        } catch let error as TemplateError {
            throw StepError.couldNotRun("template error: \(error.message)")
        }
        if let encode { return try encode(rendered) }
        return Self.bytes(rendered)
    }

    static func bytes(_ value: JSONValue) -> [UInt8]? { MessageView.payload(value) }
}

extension LoadStep: RunnableStep {
    func run(_ run: StepRun, deadline: Deadline) throws {
        try LoadRunner(step: self).run(run.ctx, deadline: deadline, progress: run.progress)
    }
}
