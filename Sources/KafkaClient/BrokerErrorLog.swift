import CRdKafka
import Foundation

/// Keeps the latest error librdkafka reported for a handle (`error_cb`: connection refused, a
/// failed handshake such as "ApiVersionRequest failed: Local: Read underflow", authentication),
/// so a failed request can say why instead of only "timed out". Owned by the client, which
/// destroys its handle (and so every callback) before releasing this.
final class BrokerErrorLog: @unchecked Sendable {
    private let lock = NSLock()
    private var latest: String?

    func install(on conf: OpaquePointer) {
        rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(self).toOpaque())
        rd_kafka_conf_set_error_cb(conf) { _, _, reason, opaque in
            guard let opaque, let reason else { return }
            let log = Unmanaged<BrokerErrorLog>.fromOpaque(opaque).takeUnretainedValue()
            log.record(String(cString: reason))
        }
    }

    private func record(_ text: String) {
        lock.withLock {
            // "1/1 brokers are down" follows the reason it happened; keep the reason.
            if latest != nil, text.hasSuffix("brokers are down") { return }
            latest = text
        }
    }

    /// Serves the handle's queued errors (without blocking) and returns the latest.
    func latest(serving handle: OpaquePointer) -> String? {
        rd_kafka_poll(handle, 0)
        return lock.withLock { latest }
    }
}
