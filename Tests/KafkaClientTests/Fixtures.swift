import Foundation
import KafkaClient
import XCTest

/// Client properties that keep round trips against the mock cluster in milliseconds.
enum FastProperties {
    static func producer(_ bootstrap: String, _ extra: [String: String] = [:]) -> [String: String] {
        ClientDefaults.Embedded.producer
            .merging(["bootstrap.servers": bootstrap, "log_level": "2"]) { $1 }.merging(extra) { $1 }
    }

    static func consumer(_ bootstrap: String, _ extra: [String: String] = [:]) -> [String: String] {
        ClientDefaults.Embedded.consumer
            .merging(["bootstrap.servers": bootstrap, "log_level": "2"]) { $1 }.merging(extra) { $1 }
    }

    static func groupMember(_ bootstrap: String, group: String) -> [String: String] {
        consumer(bootstrap, ClientDefaults.Embedded.group
            .merging(["group.id": group, "auto.offset.reset": "earliest"]) { $1 })
    }
}

/// One 3-broker cluster shared by tests that do not inject faults (a mock cluster takes ~1 s to
/// tear down).
enum SharedCluster {
    static let instance: EmbeddedCluster = {
        do { return try EmbeddedCluster(brokers: 3) } catch { preconditionFailure("mock cluster: \(error)") }
    }()
}

/// Delivery reports collected from the producer's poll thread.
final class DeliveryCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [DeliveryReport] = []

    var onDelivery: @Sendable (DeliveryReport) -> Void {
        { [self] report in lock.lock(); collected.append(report); lock.unlock() }
    }

    var reports: [DeliveryReport] {
        lock.lock()
        defer { lock.unlock() }
        return collected
    }

    /// Waits until `count` reports arrived; returns them (possibly fewer on timeout).
    func wait(for count: Int, timeout: Double) -> [DeliveryReport] {
        let end = Date().addingTimeInterval(timeout)
        while reports.count < count && Date() < end { Thread.sleep(forTimeInterval: 0.002) }
        return reports
    }
}

func uniqueTopic(_ prefix: String = "t") -> String { "\(prefix)-\(UUID().uuidString.prefix(8))" }

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// Polls until `count` messages arrived or `timeout` passed.
func drain(_ consumer: Consumer, count: Int, timeout: Double) throws -> [Message] {
    var messages = [Message]()
    let end = Date().addingTimeInterval(timeout)
    while messages.count < count && Date() < end {
        if let message = try consumer.poll(timeout: 0.1) { messages.append(message) }
    }
    return messages
}
