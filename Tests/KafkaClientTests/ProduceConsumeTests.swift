import Foundation
import KafkaClient
import XCTest

final class ProduceConsumeTests: XCTestCase {
    let cluster = SharedCluster.instance

    func testMockListensOnLoopback() {
        XCTAssertTrue(cluster.bootstrapServers.contains("127.0.0.1:"), cluster.bootstrapServers)
        XCTAssertEqual(cluster.brokerCount, 3)
        XCTAssertEqual(cluster.bootstrapServers.split(separator: ",").count, 3)
    }

    func testKeyValueHeadersAndTimestampRoundTrip() throws {
        let topic = uniqueTopic()
        try cluster.createTopic(NewTopic(name: topic, partitions: 2, replicationFactor: 1))
        let collector = DeliveryCollector()
        let producer = try Producer(properties: FastProperties.producer(cluster.bootstrapServers),
                                    onDelivery: collector.onDelivery)
        let headers = [Header(name: "trace", value: bytes("abc")), Header(name: "empty", value: nil)]
        try producer.send(topic: topic, partition: 1, key: bytes("k1"), value: bytes("v1"), headers: headers,
                          timestampMs: 1_700_000_000_123, tag: 42)
        XCTAssertTrue(producer.flush(timeout: 5))
        let reports = collector.wait(for: 1, timeout: 5)
        XCTAssertEqual(reports.count, 1)
        XCTAssertEqual(reports.first?.tag, 42)
        XCTAssertEqual(reports.first?.partition, 1)
        XCTAssertEqual(reports.first?.offset, 0)
        XCTAssertNil(reports.first?.error)

        let consumer = try Consumer(properties: FastProperties.consumer(cluster.bootstrapServers))
        try consumer.assign([(TopicPartition(topic: topic, partition: 1), .beginning)])
        let messages = try drain(consumer, count: 1, timeout: 5)
        XCTAssertEqual(messages.count, 1)
        let message = try XCTUnwrap(messages.first)
        XCTAssertEqual(message.topic, topic)
        XCTAssertEqual(message.partition, 1)
        XCTAssertEqual(message.key, bytes("k1"))
        XCTAssertEqual(message.value, bytes("v1"))
        XCTAssertEqual(message.headers, headers)
        XCTAssertEqual(message.timestampMs, 1_700_000_000_123)
        XCTAssertGreaterThan(message.receivedAtMs, 1_700_000_000_123)
        consumer.close()
        consumer.close() // idempotent
        XCTAssertThrowsError(try consumer.poll(timeout: 0.1))
    }

    func testNullValueIsATombstoneAndEmptyValueIsNot() throws {
        let topic = uniqueTopic()
        try cluster.createTopic(NewTopic(name: topic, partitions: 1, replicationFactor: 1))
        let producer = try Producer(properties: FastProperties.producer(cluster.bootstrapServers)) { _ in }
        try producer.send(topic: topic, partition: 0, key: bytes("gone"), value: nil, headers: [], tag: 1)
        try producer.send(topic: topic, partition: 0, key: nil, value: [], headers: [], tag: 2)
        XCTAssertTrue(producer.flush(timeout: 5))

        let consumer = try Consumer(properties: FastProperties.consumer(cluster.bootstrapServers))
        try consumer.assign([(TopicPartition(topic: topic, partition: 0), .exact(0))])
        let messages = try drain(consumer, count: 2, timeout: 5)
        XCTAssertEqual(messages.count, 2)
        XCTAssertNil(messages.first?.value)
        XCTAssertEqual(messages.first?.key, bytes("gone"))
        XCTAssertEqual(messages.last?.value, [])
        XCTAssertNil(messages.last?.key)
    }

    func testTenThousandMessagesAreAllDeliveredAndReadBack() throws {
        let topic = uniqueTopic()
        try cluster.createTopic(NewTopic(name: topic, partitions: 3, replicationFactor: 1))
        let collector = DeliveryCollector()
        // A small local queue forces the queue-full wait-and-retry path.
        let producer = try Producer(properties: FastProperties.producer(
            cluster.bootstrapServers, ["queue.buffering.max.messages": "500"]), onDelivery: collector.onDelivery)
        let count = 10_000
        for index in 0..<count {
            try producer.send(topic: topic, partition: nil, key: bytes("k\(index)"), value: bytes("value-\(index)"),
                              headers: [], tag: index)
        }
        XCTAssertTrue(producer.flush(timeout: 30))
        let reports = collector.wait(for: count, timeout: 5)
        XCTAssertEqual(reports.count, count)
        XCTAssertEqual(Set(reports.map(\.tag)), Set(0..<count))
        XCTAssertTrue(reports.allSatisfy { $0.error == nil })

        let consumer = try Consumer(properties: FastProperties.consumer(cluster.bootstrapServers))
        try consumer.assign((0..<3).map { (TopicPartition(topic: topic, partition: $0), Offset.beginning) })
        let messages = try drain(consumer, count: count, timeout: 30)
        XCTAssertEqual(messages.count, count)
        XCTAssertEqual(Set(messages.compactMap { $0.value.map { String(decoding: $0, as: UTF8.self) } }),
                       Set((0..<count).map { "value-\($0)" }))
    }

    func testAssignAtEndSkipsEarlierMessages() throws {
        let topic = uniqueTopic()
        try cluster.createTopic(NewTopic(name: topic, partitions: 1, replicationFactor: 1))
        let producer = try Producer(properties: FastProperties.producer(cluster.bootstrapServers)) { _ in }
        try producer.send(topic: topic, partition: 0, key: nil, value: bytes("old"), headers: [], tag: 0)
        XCTAssertTrue(producer.flush(timeout: 5))

        let consumer = try Consumer(properties: FastProperties.consumer(cluster.bootstrapServers))
        try consumer.assign([(TopicPartition(topic: topic, partition: 0), .end)])
        XCTAssertNil(try consumer.poll(timeout: 0.5))
        try producer.send(topic: topic, partition: 0, key: nil, value: bytes("new"), headers: [], tag: 1)
        XCTAssertTrue(producer.flush(timeout: 5))
        let messages = try drain(consumer, count: 1, timeout: 5)
        XCTAssertEqual(messages.map(\.value), [bytes("new")])
        XCTAssertEqual(messages.first?.offset, 1)
    }

    /// Reports the produce → consume latency with fast settings (printed, bounded loosely).
    func testEveryMessageSentOneByOneIsReadBack() throws {
        let topic = uniqueTopic()
        try cluster.createTopic(NewTopic(name: topic, partitions: 1, replicationFactor: 1))
        let producer = try Producer(properties: FastProperties.producer(cluster.bootstrapServers)) { _ in }
        let consumer = try Consumer(properties: FastProperties.consumer(cluster.bootstrapServers))
        try consumer.assign([(TopicPartition(topic: topic, partition: 0), .beginning)])
        // Warm up connections.
        try producer.send(topic: topic, partition: 0, key: nil, value: bytes("warm"), headers: [], tag: 0)
        XCTAssertEqual(try drain(consumer, count: 1, timeout: 5).count, 1)
        var latencies = [Double]()
        for index in 1...20 {
            let start = Date()
            try producer.send(topic: topic, partition: 0, key: nil, value: bytes("m\(index)"), headers: [], tag: index)
            XCTAssertEqual(try drain(consumer, count: 1, timeout: 5).count, 1)
            latencies.append(Date().timeIntervalSince(start) * 1000)
        }
        latencies.sort()
        // A figure for the log; timings are measured by scripts/bench.sh, never asserted.
        print("produce→consume round trip on mock: median \(latencies[10]) ms, max \(latencies.last ?? 0) ms")
    }
}

final class ProducerConcurrencyTests: XCTestCase {
    /// A `prepare` waiting on a broker that does not answer must not hold up sends from other threads
    /// (one producer serves every scenario of a run).
    func testSendIsNotHeldUpByAPrepareWaitingForTheBroker() throws {
        let producer = try Producer(properties: ["bootstrap.servers": "127.0.0.1:1", "log_level": "0"]) { _ in }
        let preparing = DispatchSemaphore(value: 0)
        let prepared = DispatchSemaphore(value: 0)
        Thread {
            preparing.signal()
            _ = try? producer.prepare(topic: "unreachable", timeout: 4)
            prepared.signal()
        }.start()
        preparing.wait()
        Thread.sleep(forTimeInterval: 0.2)
        try producer.send(topic: "unreachable", partition: 0, key: nil, value: bytes("x"), headers: [], tag: 1)
        // The send returned while the prepare still waits for the broker (it cannot end before its timeout).
        XCTAssertEqual(prepared.wait(timeout: .now()), .timedOut, "send waited for prepare")
        XCTAssertEqual(prepared.wait(timeout: .now() + 15), .success)
        producer.close()
    }
}

final class ConsumerErrorTests: XCTestCase {
    /// librdkafka 2.0.2 reports a missing topic to group members (not to assign-mode consumers,
    /// which just receive nothing).
    func testSubscribingToAMissingTopicThrowsFromPoll() throws {
        let cluster = SharedCluster.instance
        // The mock auto-creates any topic a client asks about, so "missing" is injected.
        let missing = uniqueTopic("missing")
        try cluster.setTopicError(topic: missing, error: "UNKNOWN_TOPIC_OR_PART")
        let consumer = try Consumer(properties: FastProperties.groupMember(cluster.bootstrapServers,
                                                                           group: uniqueTopic("g")))
        try consumer.subscribe([missing])
        var thrown: KafkaError?
        let end = Date().addingTimeInterval(8)
        while thrown == nil && Date() < end {
            do { _ = try consumer.poll(timeout: 0.1) } catch let error as KafkaError { thrown = error }
        }
        XCTAssertEqual(thrown?.name, "UNKNOWN_TOPIC_OR_PART", "\(String(describing: thrown))")
        XCTAssertTrue(thrown?.message.contains(missing) ?? false, "\(String(describing: thrown))")
    }
}
