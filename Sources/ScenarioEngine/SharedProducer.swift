import Foundation
import KafkaClient

/// One producer for the whole run; each send gets its own completion, routed by tag.
final class SharedProducer: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [Int: (DeliveryReport) -> Void] = [:]
    private var nextTag = 0
    private var producer: Producer!

    init(properties: [String: String]) throws {
        producer = try Producer(properties: properties) { [weak self] report in
            self?.complete(report)
        }
    }

    func send(topic: String, partition: Int32?, key: [UInt8]?, value: [UInt8]?, headers: [Header],
              completion: @escaping (DeliveryReport) -> Void) throws {
        lock.lock()
        nextTag += 1
        let tag = nextTag
        pending[tag] = completion
        lock.unlock()
        do {
            try producer.send(topic: topic, partition: partition, key: key, value: value, headers: headers, tag: tag)
        } catch {
            lock.lock()
            pending[tag] = nil
            lock.unlock()
            throw error
        }
    }

    private func complete(_ report: DeliveryReport) {
        lock.lock()
        let completion = pending.removeValue(forKey: report.tag)
        lock.unlock()
        completion?(report)
    }

    func flush(timeout: Double) -> Bool { producer.flush(timeout: timeout) }

    func prepare(topic: String, timeout: Double) throws { try producer.prepare(topic: topic, timeout: timeout) }

    func close() { producer.close() }
}
