import Foundation
import KafkaClient
import XCTest

/// The load step's paths: a counting producer served by its sender, sending through a topic
/// handle, and a consumer lending batches of uncopied messages.
final class CountedProduceBatchConsumeTests: XCTestCase {
    let cluster = SharedCluster.instance

    func testCountedSendsAreAllAcknowledgedAndLentBackInBatches() throws {
        let topic = uniqueTopic()
        try cluster.createTopic(NewTopic(name: topic, partitions: 2, replicationFactor: 1))
        let counter = DeliveryCounter()
        // A small local queue forces the queue-full path, which must serve reports itself (no poll thread).
        let producer = try Producer(properties: FastProperties.producer(
            cluster.bootstrapServers, ["queue.buffering.max.messages": "300"]), counting: counter)
        let handle = try producer.topic(topic)
        let count = 5_000
        for index in 0..<count {
            let key = bytes("k\(index)")
            try key.withUnsafeBytes { key in
                if index == 0 {
                    try producer.send(to: handle, partition: Int32(index % 2), key: key, value: nil, tag: index)
                } else {
                    try bytes("v\(index)").withUnsafeBytes {
                        try producer.send(to: handle, partition: Int32(index % 2), key: key, value: $0, tag: index)
                    }
                }
            }
        }
        let deadline = Date().addingTimeInterval(10)
        while counter.counts.acked < count, Date() < deadline { producer.serve(timeout: 0.01) }
        XCTAssertEqual(counter.counts.acked, count)
        XCTAssertEqual(counter.counts.failed, 0)
        XCTAssertNil(counter.counts.firstError)

        let consumer = try Consumer(properties: FastProperties.consumer(cluster.bootstrapServers))
        try consumer.assign([(TopicPartition(topic: topic, partition: 0), .beginning),
                             (TopicPartition(topic: topic, partition: 1), .beginning)])
        var seen = Set<String>()
        var largestBatch = 0
        var sawKeyOfNullValue = false
        let readDeadline = Date().addingTimeInterval(10)
        while seen.count < count, Date() < readDeadline {
            let lent = try consumer.pollBatch(timeout: 0.1, max: 1000) { message in
                guard let key = message.key else { return XCTFail("a message without its key") }
                let text = String(decoding: key, as: UTF8.self)
                XCTAssertTrue(seen.insert(text).inserted, "\(text) lent twice")
                if text == "k0" { sawKeyOfNullValue = true }
                XCTAssertEqual(Int(text.dropFirst())! % 2, Int(message.partition))
            }
            XCTAssertLessThanOrEqual(lent, 1000)
            largestBatch = max(largestBatch, lent)
        }
        XCTAssertEqual(seen.count, count)
        XCTAssertTrue(sawKeyOfNullValue)
        XCTAssertGreaterThan(largestBatch, 1, "queued messages come in one batch")
        XCTAssertEqual(try consumer.pollBatch(timeout: 0.1, max: 10) { _ in XCTFail("nothing more to read") }, 0)
        producer.close()
        XCTAssertThrowsError(try producer.send(to: handle, partition: 0, key: UnsafeRawBufferPointer(start: nil, count: 0),
                                               value: nil, tag: 0))
        consumer.close()
        XCTAssertThrowsError(try consumer.pollBatch(timeout: 0.1, max: 10) { _ in })
    }
}
