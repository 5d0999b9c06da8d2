import KafkaClient
import ScenarioResults
import ScenarioSpec

/// Watches an `expect` read, and when it misses, explains why (DESIGN §2.1): the partitions read, where the
/// expected keys land, a match that came after the window (it reads on briefly), a match or the key on
/// another topic of the scenario, schema ids other than the step's, and a group member's assignment.
struct MissWitness {
    private var first: [Int32: Int64] = [:]
    private var last: [Int32: Int64] = [:]
    private var counts: [Int32: Int] = [:]
    private var otherSchemaIDs: [String: Int] = [:]

    /// How long the runner reads on after a miss, and reads each other topic.
    static let lateLook = 2.0
    static let otherTopicLook = 0.5
    static let otherTopicLimit = 2000
    static let elsewhereLimit = 5

    mutating func saw(_ message: Message, schemaID: Int32?, wanted: Int32?) {
        first[message.partition] = min(first[message.partition] ?? .max, message.offset)
        last[message.partition] = max(last[message.partition] ?? -1, message.offset)
        counts[message.partition, default: 0] += 1
        if let wanted, schemaID != wanted { otherSchemaIDs[schemaID.map(String.init) ?? "none", default: 0] += 1 }
    }

    /// What the step looked at, and what it finds by reading on after the window and on the scenario's other
    /// topics. `unmet`: 0-based indices of the expectations not met; `windowEnd`: uptime the window closed.
    func explain(_ ctx: ScenarioContext, step: ExpectStep, topic: (declared: String, real: String), reader: TopicReader,
                 expectations: [MessageMatcher], unmet: [Int], windowEnd: Double, window: String,
                 deadline: Deadline) -> MissExplanation {
        let context = ctx.variables.templateContext()
        let partitionIDs = (try? ctx.session.partitions(of: topic.real, timeout: 1)) ?? nil
        let assignment = step.group == nil ? nil : reader.assignment.map(\.partition).sorted()
        let readable = Set(assignment ?? partitionIDs ?? [])
        let start = ctx.offsets.startOffsets(of: topic.real) ?? [:]
        let partitions = (partitionIDs ?? Array(counts.keys)).sorted().filter { readable.isEmpty || readable.contains($0) }.map { p in
            let from = first[p] ?? (step.from == .scenarioStart ? start[p] ?? 0 : 0)
            return MissExplanation.PartitionRead(partition: p, from: from, to: last[p].map { $0 + 1 } ?? from, messages: counts[p] ?? 0)
        }
        let keys = Self.literalKeys(expectations, unmet).map { key -> MissExplanation.KeyPlacement in
            let count = partitionIDs?.count ?? 0
            let m = KeyPartitioner.murmur2Partition(Array(key.utf8), partitions: count)
            let c = KeyPartitioner.consistentPartition(Array(key.utf8), partitions: count)
            return MissExplanation.KeyPlacement(key: key, murmur2Partition: m, crc32Partition: c, partitions: count,
                                                murmur2Read: readable.contains(m), crc32Read: readable.contains(c))
        }
        let lookUntil = Deadline.after(Self.lateLook).earliest(Deadline(uptime: deadline.uptime - 0.1))
        let late = readOn(ctx, topic: topic, reader: reader, expectations: expectations, unmet: unmet, context: context,
                          windowEnd: windowEnd, window: window, until: lookUntil)
        let elsewhere = otherTopics(ctx, besides: topic.real, expectations: expectations, unmet: unmet, context: context,
                                    deadline: deadline)
        return MissExplanation(topic: topic.declared, partitions: partitions, keys: keys, late: late,
                               lookedAfterMs: Int((max(0, Deadline.now() - windowEnd) * 1000).rounded()),
                               elsewhere: elsewhere, assignment: assignment,
                               schemaIDs: otherSchemaIDs.sorted { $0.key < $1.key }.map { KeyValue($0.key, String($0.value)) })
    }

    /// Reads on after the window: a message that matches an unmet expectation is late, not missing.
    private func readOn(_ ctx: ScenarioContext, topic: (declared: String, real: String), reader: TopicReader,
                        expectations: [MessageMatcher], unmet: [Int], context: TemplateContext,
                        windowEnd: Double, window: String, until: Deadline) -> [MissExplanation.LateArrival] {
        var late: [MissExplanation.LateArrival] = []
        var pending = Set(unmet)
        // Without expected messages (a count), the first message after the window is the late one.
        let anyMessage = expectations.isEmpty
        while !until.hasPassed, !pending.isEmpty || (anyMessage && late.isEmpty) {
            let next: Message?
            do { next = try reader.next(until: until) } catch { break }   // interrupted, or the broker is gone
            guard let message = next else { continue }
            let arrived = Self.writtenAt(message)
            if anyMessage {
                late.append(.init(expected: 0, partition: message.partition, offset: message.offset,
                                  afterMs: Int((max(0, arrived - windowEnd) * 1000).rounded()), window: window))
                continue
            }
            guard let view = try? ctx.view(message, declaredTopic: topic.declared).json,
                  let index = pending.sorted().first(where: { expectations[$0].mismatches(view, context: context).isEmpty }) else { continue }
            pending.remove(index)
            late.append(.init(expected: index + 1, partition: message.partition, offset: message.offset,
                              afterMs: Int((max(0, arrived - windowEnd) * 1000).rounded()), window: window))
        }
        return late
    }

    /// What the scenario's other topics received since it started: a message matching an unmet expectation,
    /// or carrying one of their literal keys (a DLQ, a retry topic).
    private func otherTopics(_ ctx: ScenarioContext, besides real: String, expectations: [MessageMatcher], unmet: [Int],
                             context: TemplateContext, deadline: Deadline) -> [MissExplanation.FoundElsewhere] {
        let keys = Set(Self.literalKeys(expectations, unmet))
        var found: [MissExplanation.FoundElsewhere] = []
        for (declared, other) in ctx.names.all.sorted(by: { $0.key < $1.key }) where other != real {
            let until = Deadline.after(Self.otherTopicLook).earliest(Deadline(uptime: deadline.uptime - 0.1))
            guard !until.hasPassed, found.count < Self.elsewhereLimit,
                  let ends = try? ctx.session.endOffsets(of: other, timeout: until.remaining) else { continue }
            let start = ctx.offsets.startOffsets(of: other) ?? [:]
            // What the scenario's produce steps sent there (the service's input) explains nothing; a processor's output does.
            let sent = ctx.offsets.sentByStep(other)
            var pending = Set(ends.filter { $0.value > (start[$0.key] ?? 0) }.map(\.key))
            guard !pending.isEmpty,
                  let reader = try? TopicReader(ctx, topic: (declared, other), from: .scenarioStart, group: nil, deadline: until,
                                                partitions: Array(ends.keys)) else { continue }
            defer { reader.close() }
            var read = 0
            while !until.hasPassed, !pending.isEmpty, read < Self.otherTopicLimit, found.count < Self.elsewhereLimit {
                let next: Message?
                do { next = try reader.next(until: until) } catch { break }
                guard let message = next else { continue }
                read += 1
                if message.offset + 1 >= ends[message.partition] ?? 0 { pending.remove(message.partition) }
                guard !sent.contains(TopicPartitionOffset(partition: message.partition, offset: message.offset)),
                      let view = try? ctx.view(message, declaredTopic: declared).json else { continue }
                let matches = unmet.first { expectations[$0].mismatches(view, context: context).isEmpty }
                var key: String?
                if case .string(let k)? = view["key"] { key = k }
                guard matches != nil || key.map(keys.contains) == true else { continue }
                found.append(.init(topic: declared, partition: message.partition, offset: message.offset, key: key,
                                   matches: matches.map { $0 + 1 }, headers: Self.headers(view)))
            }
        }
        return found
    }

    /// When a message reached the topic, as uptime: its timestamp (set when it was produced) when it has
    /// one, else now (when it was read).
    private static func writtenAt(_ message: Message) -> Double {
        let now = Deadline.now()
        guard let ms = message.timestampMs else { return now }
        let age = Double(message.receivedAtMs - ms) / 1000
        return age >= 0 ? now - age : now
    }

    private static func headers(_ view: JSONValue) -> [KeyValue] {
        guard case .object(let members)? = view["headers"] else { return [] }
        return members.map { member in
            if case .string(let text) = member.value { return KeyValue(member.key, text) }
            return KeyValue(member.key, MessageView.compact(member.value, limit: 200))
        }
    }

    /// The literal string keys (`key: user_1`) of the unmet expectations, each once.
    static func literalKeys(_ expectations: [MessageMatcher], _ unmet: [Int]) -> [String] {
        var keys: [String] = []
        for i in unmet {
            if case .equals(.literal(.string(let key)))? = expectations[i].key, !keys.contains(key) { keys.append(key) }
        }
        return keys
    }
}
