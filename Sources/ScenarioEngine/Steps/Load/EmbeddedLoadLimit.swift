import ScenarioSpec

/// librdkafka 2.0.2's mock broker keeps about 5 MB per partition and silently drops older
/// messages (docs/performance.md). A load step reads while it produces, so it only loses messages when
/// its reader falls that far behind; a step whose volume per partition exceeds what the broker
/// keeps is warned about before it runs.
enum EmbeddedLoadLimit {
    /// Bytes one partition of the mock keeps (measured: see docs/performance.md).
    static let bytesPerPartition = 5 * 1024 * 1024
    /// What the mock stores per message beyond key and value (record and batch overhead).
    static let overheadPerMessage = 20
    /// Key bytes of a load message whose payload does not carry its stamp (`<token>-<sequence>`).
    static let keyBytes = 18

    /// Bytes the mock stores per message: the payload, the key when the stamp is one, the overhead.
    static func storedBytes(payload: Int, generated: Bool) -> Int {
        payload + (generated && LoadStamp.fitsInPayload(size: payload) ? 0 : keyBytes) + overheadPerMessage
    }

    static func bytesPerPartition(messages: Int, bytesPerMessage: Int, generated: Bool, partitions: Int) -> Int {
        messages / max(partitions, 1) * storedBytes(payload: bytesPerMessage, generated: generated)
    }

    static func exceeds(messages: Int, bytesPerMessage: Int, generated: Bool, partitions: Int) -> Bool {
        bytesPerPartition(messages: messages, bytesPerMessage: bytesPerMessage, generated: generated, partitions: partitions) > bytesPerPartition
    }

    static func message(messages: Int, bytesPerMessage: Int, generated: Bool, partitions: Int, topic: String) -> String {
        let perPartition = { bytesPerPartition(messages: messages, bytesPerMessage: bytesPerMessage, generated: generated, partitions: $0) }
        let mb = Double(perPartition(partitions)) / 1_048_576
        let needed = (perPartition(1) + bytesPerPartition - 1) / bytesPerPartition
        return "load on '\(topic)': \(messages) × \(bytesPerMessage) B over \(partitions) partition(s) is about "
            + String(format: "%.1f", mb) + " MB per partition, more than the embedded broker keeps (about 5 MB); "
            + "it drops older messages silently, so the step holds its producer back to its reader's pace and "
            + "a reader that stalls loses messages. "
            + "Use at least \(needed) partitions, fewer or smaller messages, or a real broker (--bootstrap-servers)."
    }

    static func warning(session: any KafkaSession, messages: Int, bytesPerMessage: Int, generated: Bool, partitions: Int,
                        topic: String) -> String? {
        guard session.isEmbedded,
              exceeds(messages: messages, bytesPerMessage: bytesPerMessage, generated: generated, partitions: partitions) else { return nil }
        return message(messages: messages, bytesPerMessage: bytesPerMessage, generated: generated, partitions: partitions, topic: topic)
    }

    /// Plan-time check of every load step of a run on the embedded broker, with partitions from
    /// the suite's topic declarations (a topic not declared there counts as one partition).
    static func warnings(for plan: RunPlan) -> [String] {
        var result: [String] = []
        for entry in plan.runnable {
            let suite = plan.suites[entry.suite]
            for load in entry.scenario.steps.flattened.compactMap({ $0.kind as? LoadStep }) {
                guard case .literal(.string(let topic)) = load.topic else { continue }
                let partitions = suite.topics.first { $0.name == topic }?.partitions ?? 1
                var (size, generated) = (100, false)
                if case .generated(let s) = load.payload { (size, generated) = (s, true) }
                if exceeds(messages: load.messages, bytesPerMessage: size, generated: generated, partitions: partitions) {
                    result.append("\(suite.file):\(entry.scenario.location.line): "
                                  + message(messages: load.messages, bytesPerMessage: size, generated: generated, partitions: partitions,
                                            topic: topic))
                }
            }
        }
        return result
    }
}
