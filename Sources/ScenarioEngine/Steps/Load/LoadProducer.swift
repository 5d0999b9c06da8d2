import Foundation
import KafkaClient

/// A producer of the load step's own, tuned for throughput (batches filled for a few ms instead
/// of the shared producer's 1 ms linger, no per-message completion closures), with delivery
/// reports only counted and served by the sending thread. Sends from one thread, writing each
/// stamp into a reused buffer: the start of the generated payload, or the key.
final class LoadProducer: @unchecked Sendable {  // unchecked: `topic` and `buffer` are used by the one sending thread only
    typealias Deliveries = DeliveryCounter.Counts

    private let producer: Producer
    private let deliveries = DeliveryCounter()
    private var topic: ProducerTopic?
    private let stamp: LoadStamp
    /// The payload with the stamp written over its start (`stampsPayload`), else the key.
    private let buffer: UnsafeMutableRawBufferPointer
    let stampsPayload: Bool

    /// `generated`: the payload of every message, stamped at its start when it is long enough
    /// (`LoadStamp.fitsInPayload`); nil when each message's value is given to `send`.
    /// `batchMessages`: messages per batch (`batch.num.messages`); `flatOut`: sent without a rate.
    init(session: any KafkaSession, stamp: LoadStamp, generated: [UInt8]?, batchMessages: Int, flatOut: Bool) throws {
        self.stamp = stamp
        var defaults = ClientDefaults.loadProducer.merging(flatOut ? ClientDefaults.loadProducerFlatOut : [:]) { $1 }
        defaults["batch.num.messages"] = String(batchMessages)
        var properties = defaults.merging(session.userProperties) { $1 }
        properties["bootstrap.servers"] = session.bootstrapServers
        producer = try Producer(properties: properties, counting: deliveries)
        if let generated, LoadStamp.fitsInPayload(size: generated.count) {
            buffer = .allocate(byteCount: generated.count, alignment: 1)
            buffer.copyBytes(from: generated)
            stampsPayload = true
        } else {
            buffer = .allocate(byteCount: LoadStamp.maxLength, alignment: 1)
            stampsPayload = false
        }
    }

    deinit {
        producer.close()
        buffer.deallocate()
    }

    func prepare(topic: String, timeout: Double) throws {
        try producer.prepare(topic: topic, timeout: timeout)
        self.topic = try producer.topic(topic)
    }

    /// Sends message `sequence` to `partition`: the stamped payload when the producer stamps one
    /// (`value` is then unused), else `value` with the stamp as its key; `prepare` first. Sequences
    /// are sent in increasing order, so a stamp never leaves digits of a longer one behind it.
    /// While the producer's queue is full it calls `check`, which may throw to give up, and throws
    /// `__TIMED_OUT` once `deadline` passes.
    func send(partition: Int32, sequence: Int, value: [UInt8]?, deadline: Deadline, check: () throws -> Void) throws {
        guard let topic else { throw KafkaError(code: -1, name: "NOT_PREPARED", message: "load producer used before prepare") }
        let stampLength = stamp.write(sequence, into: buffer)
        if stampsPayload {
            return try producer.send(to: topic, partition: partition, key: nil, value: UnsafeRawBufferPointer(buffer), tag: sequence, deadline: deadline, check: check)
        }
        let key = UnsafeRawBufferPointer(rebasing: buffer[..<stampLength])
        if let value {
            try value.withUnsafeBytes { try producer.send(to: topic, partition: partition, key: key, value: $0, tag: sequence, deadline: deadline, check: check) }
        } else {
            try producer.send(to: topic, partition: partition, key: key, value: nil, tag: sequence, deadline: deadline, check: check)
        }
    }

    /// Serves delivery reports (the load producer has no poll thread: the sending thread serves
    /// them), waiting up to `timeout` for the first.
    func serve(timeout: Double) { producer.serve(timeout: timeout) }

    var status: Deliveries { deliveries.counts }

    var latestBrokerError: String? { producer.latestBrokerError }

    func close() { producer.close() }
}
