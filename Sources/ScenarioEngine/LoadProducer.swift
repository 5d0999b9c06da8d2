import Foundation
import KafkaClient

/// A producer of the load step's own, tuned for throughput (batches filled for a few ms instead
/// of the shared producer's 1 ms linger, no per-message completion closures), with delivery
/// reports counted as they arrive.
final class LoadProducer: @unchecked Sendable {
    struct Deliveries {
        var acked = 0
        var failed = 0
        var firstError: KafkaError?
    }

    private let producer: Producer
    private let deliveries: Locked<Deliveries>

    static let throughputProperties: [String: String] = [
        "linger.ms": "5",
        "batch.num.messages": "10000",
        "batch.size": "1000000",
        "queue.buffering.max.messages": "200000",
        "socket.nagle.disable": "true",
        "reconnect.backoff.ms": "10",
        "log_level": "2",
    ]

    init(session: BrokerSession) throws {
        var properties = Self.throughputProperties.merging(session.userProperties) { $1 }
        properties["bootstrap.servers"] = session.bootstrapServers
        let deliveries = Locked(Deliveries())
        self.deliveries = deliveries
        producer = try Producer(properties: properties) { report in
            deliveries.withLock {
                if let error = report.error {
                    $0.failed += 1
                    if $0.firstError == nil { $0.firstError = error }
                } else {
                    $0.acked += 1
                }
            }
        }
    }

    func prepare(topic: String, timeout: Double) throws { try producer.prepare(topic: topic, timeout: timeout) }

    func send(topic: String, partition: Int32, key: [UInt8], value: [UInt8]?, tag: Int) throws {
        try producer.send(topic: topic, partition: partition, key: key, value: value, headers: [], tag: tag)
    }

    var status: Deliveries { deliveries.withLock { $0 } }

    func close() { producer.close() }
}
