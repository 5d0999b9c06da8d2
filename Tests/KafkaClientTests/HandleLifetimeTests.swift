import Foundation
import CRdKafka
@testable import KafkaClient
import XCTest

/// One lifetime rule for every librdkafka handle: calls in flight finish before it is destroyed,
/// later calls are refused, and closing twice is harmless.
final class HandleLifetimeTests: XCTestCase {
    private let unreachable = ["bootstrap.servers": "127.0.0.1:1", "log_level": "0"]

    func testCloseWaitsForTheCallInFlightBeforeDestroyingTheHandle() throws {
        let handle = try KafkaHandle(RD_KAFKA_PRODUCER, role: "producer", properties: unreachable)
        let order = Events()
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let done = DispatchGroup()
        done.enter()
        Thread {
            _ = try? handle.use { pointer in
                entered.signal()
                release.wait()
                order.add(rd_kafka_type(pointer) == RD_KAFKA_PRODUCER ? "call returned (producer)" : "call returned")
            }
            done.leave()
        }.start()
        entered.wait()
        done.enter()
        Thread {
            let first = handle.close { _ in order.add("destroying") }
            order.add("closed: \(first)")
            done.leave()
        }.start()
        Thread.sleep(forTimeInterval: 0.2)
        XCTAssertEqual(order.all, [], "close did not wait for the call in flight")
        release.signal()
        XCTAssertEqual(done.wait(timeout: .now() + 30), .success)
        XCTAssertEqual(order.all, ["call returned (producer)", "destroying", "closed: true"])
        XCTAssertFalse(handle.close(), "a second close does nothing")
        XCTAssertThrowsError(try handle.use { _ in }) { error in
            XCTAssertEqual((error as? KafkaError)?.name, "DESTROY")
            XCTAssertEqual((error as? KafkaError)?.message.hasPrefix("producer is closed"), true, "\(error)")
        }
    }

    func testAConsumerClosedWhilePollingRefusesLaterCallsAndClosesTwice() throws {
        let consumer = try Consumer(properties: unreachable)
        let polled = DispatchSemaphore(value: 0)
        let outcome = Events()
        Thread {
            do {
                let message = try consumer.poll(timeout: 1)
                outcome.add(message == nil ? "nothing" : "a message")
            } catch let error as KafkaError {
                outcome.add(error.name)
            } catch {
                outcome.add("\(error)")
            }
            polled.signal()
        }.start()
        Thread.sleep(forTimeInterval: 0.1)
        consumer.close()
        XCTAssertEqual(polled.wait(timeout: .now() + 30), .success)
        // In flight (nothing) or refused (DESTROY) if close came first; never a destroyed handle.
        XCTAssertTrue(["nothing", "DESTROY"].contains(outcome.all.first ?? ""), "\(outcome.all)")
        XCTAssertThrowsError(try consumer.poll(timeout: 0.1)) { error in
            XCTAssertEqual((error as? KafkaError)?.message.hasPrefix("poll on a closed consumer"), true, "\(error)")
        }
        XCTAssertThrowsError(try consumer.pollBatch(timeout: 0.1, max: 10) { _ in })
        XCTAssertEqual(consumer.assignment(), [])
        consumer.close()
    }

    func testAnAdminClientClosesOnceAfterTheRequestInFlightAndThenRefusesRequests() throws {
        let admin = try AdminClient(properties: unreachable)
        let answered = DispatchSemaphore(value: 0)
        let outcome = Events()
        Thread {
            do {
                _ = try admin.metadata(topics: nil, timeout: 1)
                outcome.add("metadata")
            } catch let error as KafkaError {
                outcome.add(error.name)
            } catch {
                outcome.add("\(error)")
            }
            answered.signal()
        }.start()
        Thread.sleep(forTimeInterval: 0.1)
        admin.close()
        XCTAssertEqual(answered.wait(timeout: .now() + 30), .success)
        XCTAssertTrue(["TRANSPORT", "TIMED_OUT", "ALL_BROKERS_DOWN", "DESTROY"].contains(outcome.all.first ?? ""),
                      "\(outcome.all)")
        XCTAssertThrowsError(try admin.metadata(topics: nil, timeout: 1)) { error in
            XCTAssertEqual((error as? KafkaError)?.message.hasPrefix("metadata on a closed admin client"), true, "\(error)")
        }
        XCTAssertThrowsError(try admin.watermarks(TopicPartition(topic: "t", partition: 0), timeout: 1)) { error in
            XCTAssertEqual((error as? KafkaError)?.name, "DESTROY")
        }
        XCTAssertThrowsError(try admin.createTopics([NewTopic(name: "t", partitions: 1, replicationFactor: 1)], timeout: 1)) { error in
            XCTAssertEqual((error as? KafkaError)?.name, "DESTROY")
        }
        XCTAssertThrowsError(try admin.describeGroup("g", timeout: 1)) { error in
            XCTAssertEqual((error as? KafkaError)?.name, "DESTROY")
        }
        XCTAssertNil(admin.latestBrokerError)
        admin.close()
    }

    func testAProducerClosedTwiceRefusesSends() throws {
        let producer = try Producer(properties: unreachable) { _ in }
        producer.close()
        producer.close()
        XCTAssertThrowsError(try producer.send(topic: "t", partition: 0, key: nil, value: bytes("x"), headers: [], tag: 1)) { error in
            XCTAssertEqual((error as? KafkaError)?.message.hasPrefix("producer is closed"), true, "\(error)")
        }
        XCTAssertEqual(producer.pendingCount, 0)
        XCTAssertTrue(producer.flush(timeout: 1))
    }
}

/// Delivery reports and client errors share the configuration's one opaque pointer.
final class HandleCallbacksTests: XCTestCase {
    private let unreachable = ["bootstrap.servers": "127.0.0.1:1", "log_level": "0", "message.timeout.ms": "300"]

    func testAProducerGetsBothItsDeliveryReportsAndItsBrokerErrors() throws {
        let collector = DeliveryCollector()
        let producer = try Producer(properties: unreachable, onDelivery: collector.onDelivery)
        defer { producer.close() }
        try producer.send(topic: "nowhere", partition: 0, key: nil, value: bytes("x"), headers: [], tag: 7)
        let reports = collector.wait(for: 1, timeout: 30)
        XCTAssertEqual(reports.map(\.tag), [7])
        XCTAssertNotNil(reports.first?.error, "an undeliverable message reports its failure")
        XCTAssertNotNil(waitForBrokerError(producer), "the connection failure reaches the error log")
    }

    func testACountingProducerGetsBothItsCountsAndItsBrokerErrors() throws {
        let counter = DeliveryCounter()
        let producer = try Producer(properties: unreachable, counting: counter)
        defer { producer.close() }
        let topic = try producer.topic("nowhere")
        try Array("x".utf8).withUnsafeBytes { key in
            try producer.send(to: topic, partition: 0, key: key, value: nil, tag: 1)
        }
        let end = Date().addingTimeInterval(30)
        while counter.counts.failed == 0 || producer.latestBrokerError == nil, Date() < end {
            producer.serve(timeout: 0.05)
        }
        XCTAssertEqual(counter.counts.failed, 1)
        XCTAssertEqual(counter.counts.acked, 0)
        XCTAssertNotNil(producer.latestBrokerError)
    }

    private func waitForBrokerError(_ producer: Producer) -> String? {
        let end = Date().addingTimeInterval(30)
        while producer.latestBrokerError == nil, Date() < end { Thread.sleep(forTimeInterval: 0.01) }
        return producer.latestBrokerError
    }
}

private final class Events: @unchecked Sendable { // unchecked: `events` is reached only under `lock`
    private let lock = NSLock()
    private var events: [String] = []
    func add(_ event: String) { lock.withLock { events.append(event) } }
    var all: [String] { lock.withLock { events } }
}
