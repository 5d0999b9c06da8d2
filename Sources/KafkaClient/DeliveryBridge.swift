import CRdKafka
import Foundation

/// What a producer's delivery reports go to (through `HandleCallbacks`): a closure per report, or a counter.
final class DeliveryBridge: Sendable {
    let onDelivery: (@Sendable (DeliveryReport) -> Void)?
    let counter: DeliveryCounter?

    init(_ onDelivery: @escaping @Sendable (DeliveryReport) -> Void) {
        self.onDelivery = onDelivery
        counter = nil
    }

    init(counting counter: DeliveryCounter) {
        onDelivery = nil
        self.counter = counter
    }

    func deliver(_ message: rd_kafka_message_t) {
        if let counter {
            counter.count(message)
        } else {
            onDelivery?(DeliveryBridge.report(message))
        }
    }

    static func report(_ message: rd_kafka_message_t) -> DeliveryReport {
        let topic = message.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
        let error = message.err == RD_KAFKA_RESP_ERR_NO_ERROR
            ? nil : KafkaError(message.err, context: "delivery to \(topic) failed")
        return DeliveryReport(topic: topic, partition: message.partition, offset: message.offset,
                              error: error, tag: Int(bitPattern: message._private))
    }
}

/// Counts a producer's delivery reports instead of handing each one over. Callbacks run on one
/// thread at a time (the one serving the producer, then the closing one), which counts without a
/// lock and publishes the counts after every poll: one lock per poll rather than per message.
public final class DeliveryCounter: @unchecked Sendable { // unchecked: `running` is touched by one thread at a time (above), `published` under `lock`
    public struct Counts: Sendable {
        public var acked = 0
        public var failed = 0
        public var firstError: KafkaError?
    }

    private let lock = NSLock()
    private var published = Counts()
    private var running = Counts()

    public init() {}

    /// The counts as of the poll thread's last poll.
    public var counts: Counts { lock.withLock { published } }

    fileprivate func count(_ message: rd_kafka_message_t) {
        if message.err == RD_KAFKA_RESP_ERR_NO_ERROR {
            running.acked += 1
            return
        }
        running.failed += 1
        if running.firstError == nil {
            let topic = message.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
            running.firstError = KafkaError(message.err, context: "delivery to \(topic) failed")
        }
    }

    func publish() {
        let counts = running
        lock.withLock { published = counts }
    }
}
