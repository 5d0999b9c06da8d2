import CRdKafka

/// Everything librdkafka calls back for one handle, behind the configuration's single opaque
/// pointer (`rd_kafka_conf_set_opaque`): delivery reports and client errors. Owned by the
/// `KafkaHandle`, which destroys the handle (and so every callback) before releasing this.
final class HandleCallbacks: Sendable {
    let delivery: DeliveryBridge?
    let errors: BrokerErrorLog?

    init(delivery: DeliveryBridge? = nil, errors: BrokerErrorLog? = nil) {
        self.delivery = delivery
        self.errors = errors
    }

    func install(on conf: OpaquePointer) {
        rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(self).toOpaque())
        if delivery != nil {
            rd_kafka_conf_set_dr_msg_cb(conf) { _, message, opaque in
                guard let message, let opaque else { return }
                // Guaranteed alive (see above): no retain and release per message.
                Unmanaged<HandleCallbacks>.fromOpaque(opaque)._withUnsafeGuaranteedRef { $0.delivery?.deliver(message.pointee) }
            }
        }
        if errors != nil {
            rd_kafka_conf_set_error_cb(conf) { _, err, reason, opaque in
                guard let opaque, let reason else { return }
                let callbacks = Unmanaged<HandleCallbacks>.fromOpaque(opaque).takeUnretainedValue()
                callbacks.errors?.record(String(cString: reason), allBrokersDown: err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN.rawValue)
            }
        }
    }
}
