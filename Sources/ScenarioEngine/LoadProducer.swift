import Foundation
import KafkaClient

/// A producer of the load step's own, tuned for throughput (batches filled for a few ms instead
/// of the shared producer's 1 ms linger, no per-message completion closures), with delivery
/// reports only counted and served by the sending thread. Sends from one thread, building each key
/// in a reused buffer.
final class LoadProducer: @unchecked Sendable {  // unchecked: `topic` and `keyBuffer` are used by the one sending thread only
    typealias Deliveries = DeliveryCounter.Counts

    private let producer: Producer
    private let deliveries = DeliveryCounter()
    private var topic: ProducerTopic?
    private let key: LoadKey
    private let keyBuffer: UnsafeMutableRawBufferPointer

    init(session: any KafkaSession, key: LoadKey) throws {
        self.key = key
        var properties = ClientDefaults.loadProducer.merging(session.userProperties) { $1 }
        properties["bootstrap.servers"] = session.bootstrapServers
        producer = try Producer(properties: properties, counting: deliveries)
        keyBuffer = .allocate(byteCount: key.maxLength, alignment: 1)
    }

    deinit {
        producer.close()
        keyBuffer.deallocate()
    }

    func prepare(topic: String, timeout: Double) throws {
        try producer.prepare(topic: topic, timeout: timeout)
        self.topic = try producer.topic(topic)
    }

    /// Sends message `sequence` (its key `key.key(sequence)`) to `partition`; `prepare` first.
    func send(partition: Int32, sequence: Int, value: [UInt8]?) throws {
        guard let topic else { throw KafkaError(code: -1, name: "NOT_PREPARED", message: "load producer used before prepare") }
        let keyBytes = UnsafeRawBufferPointer(rebasing: keyBuffer[..<key.write(sequence, into: keyBuffer)])
        if let value {
            try value.withUnsafeBytes { try producer.send(to: topic, partition: partition, key: keyBytes, value: $0, tag: sequence) }
        } else {
            try producer.send(to: topic, partition: partition, key: keyBytes, value: nil, tag: sequence)
        }
    }

    /// Serves delivery reports (the load producer has no poll thread: the sending thread serves
    /// them), waiting up to `timeout` for the first.
    func serve(timeout: Double) { producer.serve(timeout: timeout) }

    var status: Deliveries { deliveries.counts }

    func close() { producer.close() }
}
