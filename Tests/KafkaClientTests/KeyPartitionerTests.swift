import Foundation
import KafkaClient
import XCTest

final class KeyPartitionerTests: XCTestCase {
    /// The vectors of Kafka's own UtilsTest.testMurmur2.
    func testMurmur2MatchesTheJavaClientsVectors() {
        let cases: [(String, Int32)] = [
            ("21", -973_932_308),
            ("foobar", -790_332_482),
            ("a-little-bit-long-string", -985_981_536),
            ("a-little-bit-longer-string", -1_486_304_829),
            ("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58_897_971),
            ("abc", 479_470_107),
        ]
        for (key, expected) in cases {
            XCTAssertEqual(KeyPartitioner.murmur2(Array(key.utf8)), expected, key)
        }
    }

    /// The placements MissExplanationTests expects in a failure text.
    func testUser1LandsOnPartition0ByMurmur2AndPartition2ByCRC32() {
        XCTAssertEqual(KeyPartitioner.murmur2Partition(Array("user_1".utf8), partitions: 3), 0)
        XCTAssertEqual(KeyPartitioner.consistentPartition(Array("user_1".utf8), partitions: 3), 2)
    }

    func testCRC32MatchesTheCheckValue() {
        XCTAssertEqual(KeyPartitioner.crc32(Array("123456789".utf8)), 0xCBF4_3926)
        XCTAssertEqual(KeyPartitioner.crc32([]), 0)
    }

    /// librdkafka itself puts keyed messages where the functions say: consistent_random (its default)
    /// and murmur2_random (the Java client's choice).
    func testLibrdkafkaPartitionsKeysAsComputed() throws {
        let cluster = SharedCluster.instance
        let topic = uniqueTopic("keys")
        try cluster.createTopic(NewTopic(name: topic, partitions: 7, replicationFactor: 1))
        let keys = (0..<40).map { "user_\($0)" }
        for (partitioner, expected) in [("consistent_random", KeyPartitioner.consistentPartition),
                                        ("murmur2_random", KeyPartitioner.murmur2Partition)] {
            let collector = DeliveryCollector()
            let producer = try Producer(properties: FastProperties.producer(cluster.bootstrapServers, ["partitioner": partitioner]),
                                        onDelivery: collector.onDelivery)
            for (i, key) in keys.enumerated() {
                try producer.send(topic: topic, partition: nil, key: bytes(key), value: bytes("v"), headers: [],
                                  timestampMs: nil, tag: i)
            }
            XCTAssertTrue(producer.flush(timeout: 10))
            let reports = collector.wait(for: keys.count, timeout: 10)
            XCTAssertEqual(reports.count, keys.count)
            for report in reports {
                XCTAssertEqual(report.partition, expected(bytes(keys[report.tag]), 7), "\(partitioner) \(keys[report.tag])")
            }
        }
    }
}
