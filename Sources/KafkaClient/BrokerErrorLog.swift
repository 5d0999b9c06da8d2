import CRdKafka
import Foundation

/// Keeps the latest error librdkafka reported for a handle (`error_cb`: connection refused, a
/// failed handshake such as "ApiVersionRequest failed: Local: Read underflow", authentication),
/// so a failed request can say why instead of only "timed out". Fed by `HandleCallbacks`.
final class BrokerErrorLog: @unchecked Sendable { // unchecked: its state is reached only under `lock`
    private let lock = NSLock()
    private var latest: String?
    private var allDown: String?

    func record(_ text: String, allBrokersDown: Bool) {
        lock.withLock {
            if allBrokersDown, allDown == nil { allDown = text }
            // "1/1 brokers are down" follows the reason it happened; keep the reason.
            if latest != nil, text.hasSuffix("brokers are down") { return }
            latest = text
        }
    }

    /// Set when librdkafka reported every broker down (ALL_BROKERS_DOWN), with the latest reason;
    /// cleared by reading it. Only queued errors already served (by a poll of the handle) are seen.
    func takeAllBrokersDown() -> String? {
        lock.withLock {
            guard let down = allDown else { return nil }
            allDown = nil
            guard let latest, latest != down else { return down }
            return "\(down): \(latest)"
        }
    }

    /// The latest error among those already served (by a poll of the handle).
    var latestServed: String? { lock.withLock { latest } }

    /// Serves the handle's queued errors (without blocking) and returns the latest.
    func latest(serving handle: OpaquePointer) -> String? {
        rd_kafka_poll(handle, 0)
        return latestServed
    }
}
