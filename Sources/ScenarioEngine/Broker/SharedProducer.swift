import Foundation
import KafkaClient

/// One producer for the whole run; each send gets its own completion, routed by tag.
final class SharedProducer: Sendable {
    private struct Completions: Sendable {
        var nextTag = 0
        var pending: [Int: @Sendable (DeliveryReport) -> Void] = [:]
    }

    private let completions: Locked<Completions>
    private let producer: Producer

    init(properties: [String: String]) throws {
        let completions = Locked(Completions())
        self.completions = completions
        producer = try Producer(properties: properties) { report in
            completions.withLock { $0.pending.removeValue(forKey: report.tag) }?(report)
        }
    }

    func send(topic: String, partition: Int32?, key: [UInt8]?, value: [UInt8]?, headers: [Header],
              deadline: Deadline, check: () throws -> Void, completion: @escaping @Sendable (DeliveryReport) -> Void) throws {
        let tag = completions.withLock { state -> Int in
            state.nextTag += 1
            state.pending[state.nextTag] = completion
            return state.nextTag
        }
        do {
            try producer.send(topic: topic, partition: partition, key: key, value: value, headers: headers, tag: tag, deadline: deadline, check: check)
        } catch {
            completions.withLock { $0.pending[tag] = nil }
            throw error
        }
    }

    func prepare(topic: String, timeout: Double) throws { try producer.prepare(topic: topic, timeout: timeout) }

    func close() { producer.close() }
}
