import ScenarioResults
import ScenarioSpec

/// `topic`: describes a topic and asserts existence, partitions, replication and configs.
struct TopicRunner {
    let step: TopicStep

    func run(_ ctx: ScenarioContext, deadline: Deadline) throws {
        let topic = try ctx.topic(step.name)
        let meta = try StepError.fromKafka { try ctx.session.metadata(topics: [topic.real], timeout: deadline.remaining) }
        let info = meta.topics.first { $0.name == topic.real && $0.error == nil && !$0.partitions.isEmpty }
        if !step.exists {
            if info != nil {
                throw StepError.assertion("topic '\(topic.declared)' exists, expected it not to", reason: .topicUnexpected(topic: topic.declared))
            }
            ctx.records.verify(.topicAbsent(topic: topic.declared))
            return
        }
        guard let info else {
            throw StepError.assertion("topic '\(topic.declared)' does not exist", type: "TopicMissing", reason: .topicMissing(topic: topic.declared))
        }
        if let partitions = step.partitions {
            try Assertions.check(ctx, name: "topic.partitions", label: "partitions (\(topic.declared))",
                                 value: Double(info.partitions.count), unit: .count, comparison: partitions,
                                 what: "partition count of '\(topic.declared)'", topic: topic.declared)
        }
        if let replication = step.replicationFactor {
            if ctx.session.isEmbedded {
                throw StepError.skippedBecause(.embeddedCannot(.replication), message: "the embedded broker (librdkafka's mock cluster) gives every partition min(3, brokers) replicas whatever was asked; run against a real broker to check replication")
            }
            let factor = info.partitions.map(\.replicas.count).min() ?? 0
            try Assertions.check(ctx, name: "topic.replication_factor", label: "replication factor (\(topic.declared))",
                                 value: Double(factor), unit: .count, comparison: replication,
                                 what: "replication factor of '\(topic.declared)'", topic: topic.declared)
        }
        var facts = ["topic \(topic.declared): \(info.partitions.count) partition\(info.partitions.count == 1 ? "" : "s")"]
        if !step.config.isEmpty {
            if ctx.session.isEmbedded {
                throw StepError.skippedBecause(.embeddedCannot(.describeConfigs), message: "the embedded broker (librdkafka's mock cluster) does not answer DescribeConfigs; run against a real broker to check topic configs")
            }
            let actual = try StepError.fromKafka { try ctx.session.topicConfig(topic.real, timeout: deadline.remaining) }
            let wrong = step.config.filter { actual[$0.key] != $0.value }
            if !wrong.isEmpty {
                throw StepError.assertion("topic '\(topic.declared)' config differs: "
                    + wrong.map { "\($0.key): expected \($0.value), got \(actual[$0.key] ?? "nothing")" }.joined(separator: "; "),
                    reason: .topicConfigDiffers(topic: topic.declared, differences: wrong.map {
                        ConfigDifference(key: $0.key, expected: $0.value, actual: actual[$0.key])
                    }))
            }
            facts.append("config " + step.config.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
        }
        ctx.records.note(facts.joined(separator: ", "))
        ctx.records.verify(.topicExists(topic: topic.declared, partitions: info.partitions.count,
                                config: step.config.map { KeyValue($0.key, $0.value) }))
    }
}

extension TopicStep: RunnableStep {
    func run(_ run: StepRun, deadline: Deadline) throws {
        try TopicRunner(step: self).run(run.ctx, deadline: deadline)
    }
}
