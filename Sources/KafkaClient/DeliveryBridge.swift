import CRdKafka

/// What librdkafka's `dr_msg_cb` reaches through its opaque pointer. Owned by the producer, which
/// destroys its handle (and so every callback) before releasing this.
final class DeliveryBridge: @unchecked Sendable {
    let onDelivery: @Sendable (DeliveryReport) -> Void

    init(_ onDelivery: @escaping @Sendable (DeliveryReport) -> Void) {
        self.onDelivery = onDelivery
    }

    func install(on conf: OpaquePointer) {
        rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(self).toOpaque())
        rd_kafka_conf_set_dr_msg_cb(conf) { _, message, opaque in
            guard let message, let opaque else { return }
            let bridge = Unmanaged<DeliveryBridge>.fromOpaque(opaque).takeUnretainedValue()
            bridge.onDelivery(DeliveryBridge.report(message.pointee))
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
